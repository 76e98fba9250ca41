import { ContainerModule } from "inversify";
import type { PostgresConfig } from "./postgres.config.js";
import { bindSqlDatabase } from "./sql-database.js";

/** The relational store on a Postgres server (e.g. Supabase) by connection URL; the client loads when it connects. */
export function supabaseModule(config: PostgresConfig): ContainerModule {
  return new ContainerModule((options) => bindSqlDatabase(options, async () => (await import("./postgres-driver.js")).PostgresDriver.connect(config)));
}
