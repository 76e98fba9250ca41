import type { ContainerModuleLoadOptions } from "inversify";
import { ChatStore } from "../../core/ports/chat-store.js";
import { DocumentStore } from "../../core/ports/document-store.js";
import { EvidenceImageStore } from "../../core/ports/evidence-image-store.js";
import { FileStore } from "../../core/ports/file-store.js";
import { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { BlockIndex } from "../../core/ports/block-index.js";
import { BlockSearch } from "../../core/ports/block-search.js";
import { RolePromptStore } from "../../core/ports/role-prompt-store.js";
import { StreamEventStore } from "../../core/ports/stream-event-store.js";
import { UserStore } from "../../core/ports/user-store.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import { SqlChatStore } from "./sql-chat-store.js";
import type { SqlDriver } from "./sql-driver.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import { SqlEvidenceImageStore } from "./sql-evidence-image-store.js";
import { SqlFileStore } from "./sql-file-store.js";
import { SqlModelFileCache } from "./sql-model-file-cache.js";
import { SqlBlockIndex } from "./sql-block-index.js";
import { SqlBlockSearch } from "./sql-block-search.js";
import { indexUnsearchedBlocks, writeBlockSearchRows } from "./block-search-rows.js";
import { SqlRolePromptStore } from "./sql-role-prompt-store.js";
import { SqlStreamEventStore } from "./sql-stream-event-store.js";
import { SqlUserStore } from "./sql-user-store.js";

/** The open, migrated database (a `SqlDriver`) that every SQL repository of a container shares. */
export const SqlDatabase = Symbol.for("aizoomdoc.SqlDatabase");

/** Brings the schema up to date; on failure closes the driver, so an embedded database is not left locked. */
export async function migrated<D extends SqlDriver>(driver: D): Promise<D> {
  try {
    await runMigrations(driver, readMigrations());
    return driver;
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Binds `SqlDatabase` (opened lazily by `open`, closed when the container unbinds it) and the SQL repositories over it:
 * DocumentStore (whose writes keep the search index current in the same transaction), BlockSearch, BlockIndex,
 * UserStore, RolePromptStore, ChatStore, EvidenceImageStore, StreamEventStore, FileStore and ModelFileCache. Resolve them with `getAsync`: opening
 * the database is asynchronous.
 */
export function bindSqlDatabase({ bind }: ContainerModuleLoadOptions, open: () => Promise<SqlDriver>): void {
  bind<SqlDriver>(SqlDatabase)
    .toDynamicValue(async () => migrated(await open()))
    .inSingletonScope()
    .onDeactivation((driver) => driver.close());
  const overDatabase = <T>(token: symbol, create: (db: SqlDriver) => T | Promise<T>) =>
    bind<T>(token)
      .toResolvedValue(create, [SqlDatabase])
      .inSingletonScope();
  overDatabase<DocumentStore>(DocumentStore, (db) => new SqlDocumentStore(db, writeBlockSearchRows));
  overDatabase<BlockSearch>(BlockSearch, async (db) => {
    // blocks saved before the search index existed become searchable once, on first use
    await indexUnsearchedBlocks(db);
    return new SqlBlockSearch(db);
  });
  overDatabase<BlockIndex>(BlockIndex, (db) => new SqlBlockIndex(db));
  overDatabase<UserStore>(UserStore, (db) => new SqlUserStore(db));
  overDatabase<RolePromptStore>(RolePromptStore, (db) => new SqlRolePromptStore(db));
  overDatabase<ChatStore>(ChatStore, (db) => new SqlChatStore(db));
  overDatabase<EvidenceImageStore>(EvidenceImageStore, (db) => new SqlEvidenceImageStore(db));
  overDatabase<StreamEventStore>(StreamEventStore, (db) => new SqlStreamEventStore(db));
  overDatabase<FileStore>(FileStore, (db) => new SqlFileStore(db));
  overDatabase<ModelFileCache>(ModelFileCache, (db) => new SqlModelFileCache(db));
}
