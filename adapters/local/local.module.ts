import { ContainerModule } from "inversify";
import { bindSqlDatabase } from "../supabase/sql-database.js";
import { pgliteDatabaseDir, type PgliteConfig } from "./pglite.config.js";
import { PgliteDriver } from "./pglite-driver.js";
import { shippedTemplate } from "./pglite-template.js";

/**
 * The embedded relational store (PGlite in the local data dir): the zero-config default of local mode. A new data
 * dir starts from the migrated template `npm run build` ships, where there is one.
 */
export function localDatabaseModule(config: PgliteConfig): ContainerModule {
  return new ContainerModule((options) => bindSqlDatabase(options, () => PgliteDriver.open({ dataDir: pgliteDatabaseDir(config), template: () => shippedTemplate() })));
}
