import { ContainerModule } from "inversify";
import { bindSqlDatabase } from "../supabase/sql-database.js";
import { pgliteDatabaseDir, type PgliteConfig } from "./pglite.config.js";
import { PgliteDriver } from "./pglite-driver.js";

/** The embedded relational store (PGlite in the local data dir): the zero-config default of local mode. */
export function localDatabaseModule(config: PgliteConfig): ContainerModule {
  return new ContainerModule((options) => bindSqlDatabase(options, () => PgliteDriver.open({ dataDir: pgliteDatabaseDir(config) })));
}
