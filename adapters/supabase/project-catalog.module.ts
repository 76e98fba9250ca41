import { ContainerModule } from "inversify";
import { ProjectCatalog } from "../../core/ports/project-catalog.js";
import { PostgresDriver } from "./postgres-driver.js";
import { ProjectsDbConfig } from "./projects-db.config.js";
import { SqlProjectCatalog } from "./sql-project-catalog.js";
import { SupabaseProjectCatalog } from "./supabase-project-catalog.js";

/**
 * Binds the read-only Projects DB of an existing deployment. The Postgres form connects on first resolve
 * (`getAsync`) and closes its pool when the container unbinds it.
 */
export function projectCatalogModule(config: ProjectsDbConfig): ContainerModule {
  const parsed = ProjectsDbConfig.parse(config);
  return new ContainerModule(({ bind }) => {
    if (parsed.kind === "supabase") {
      bind<ProjectCatalog>(ProjectCatalog).toConstantValue(new SupabaseProjectCatalog(parsed));
      return;
    }
    const { kind: _kind, ...postgres } = parsed;
    let driver: PostgresDriver | undefined;
    bind<ProjectCatalog>(ProjectCatalog)
      .toDynamicValue(async () => {
        driver = await PostgresDriver.connect(postgres);
        return new SqlProjectCatalog(driver);
      })
      .inSingletonScope()
      .onDeactivation(async () => {
        await driver?.close();
      });
  });
}
