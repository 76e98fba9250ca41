import { ContainerModule } from "inversify";
import { PostgresDriver } from "./postgres-driver.js";
import type { PostgresConfig } from "./postgres.config.js";
import { bindSqlDatabase } from "./sql-database.js";

/** The relational store on a Postgres server (e.g. Supabase) by connection URL. */
export function supabaseModule(config: PostgresConfig): ContainerModule {
  return new ContainerModule((options) => bindSqlDatabase(options, () => PostgresDriver.connect(config)));
}
