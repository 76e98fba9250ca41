import type { ContainerModuleLoadOptions } from "inversify";
import { DocumentStore } from "../../core/ports/document-store.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import type { SqlDriver } from "./sql-driver.js";
import { SqlDocumentStore, type BlocksWrittenHook } from "./sql-document-store.js";

/** The open, migrated database (a `SqlDriver`) that every SQL repository of a container shares. */
export const SqlDatabase = Symbol.for("aizoomdoc.SqlDatabase");
/** Optional: bound by whoever keeps rows derived from blocks (the search index) in step with them. */
export const SqlBlocksWrittenHook = Symbol.for("aizoomdoc.SqlBlocksWrittenHook");

/** Brings the schema up to date; on failure closes the driver, so an embedded database is not left locked. */
export async function migrated<D extends SqlDriver>(driver: D): Promise<D> {
  try {
    await runMigrations(driver, await readMigrations());
    return driver;
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Binds `SqlDatabase` (opened lazily by `open`, closed when the container unbinds it) and the SQL repositories
 * over it. Resolve them with `getAsync`: opening the database is asynchronous.
 */
export function bindSqlDatabase({ bind }: ContainerModuleLoadOptions, open: () => Promise<SqlDriver>): void {
  bind<SqlDriver>(SqlDatabase)
    .toDynamicValue(async () => migrated(await open()))
    .inSingletonScope()
    .onDeactivation((driver) => driver.close());
  bind<DocumentStore>(DocumentStore)
    .toDynamicValue(async (context) => {
      const hook = context.get<BlocksWrittenHook>(SqlBlocksWrittenHook, { optional: true });
      return new SqlDocumentStore(await context.getAsync<SqlDriver>(SqlDatabase), hook);
    })
    .inSingletonScope();
}
