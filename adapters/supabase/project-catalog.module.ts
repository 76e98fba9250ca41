import { ContainerModule } from "inversify";
import { ProjectCatalog } from "../../core/ports/project-catalog.js";
import type { PostgresDriver } from "./postgres-driver.js";
import { ProjectsDbConfig } from "./projects-db.config.js";

/**
 * Binds the read-only Projects DB of an existing deployment. Nothing is loaded or connected until the catalog is
 * first resolved (`getAsync`): supabase-js and a Postgres pool cost every command that never touches projects. The
 * Postgres form closes its pool when the container unbinds it.
 */
export function projectCatalogModule(config: ProjectsDbConfig): ContainerModule {
  const parsed = ProjectsDbConfig.parse(config);
  return new ContainerModule(({ bind }) => {
    let driver: PostgresDriver | undefined;
    bind<ProjectCatalog>(ProjectCatalog)
      .toDynamicValue(async () => {
        if (parsed.kind === "supabase") {
          const { SupabaseProjectCatalog } = await import("./supabase-project-catalog.js");
          return new SupabaseProjectCatalog(parsed);
        }
        const { kind: _kind, ...postgres } = parsed;
        const [{ PostgresDriver }, { SqlProjectCatalog }] = await Promise.all([import("./postgres-driver.js"), import("./sql-project-catalog.js")]);
        driver = await PostgresDriver.connect(postgres);
        return new SqlProjectCatalog(driver);
      })
      .inSingletonScope()
      .onDeactivation(async () => {
        await driver?.close();
      });
  });
}
