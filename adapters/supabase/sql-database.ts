import type { ContainerModuleLoadOptions } from "inversify";
import { ChatStore } from "../../core/ports/chat-store.js";
import { DocumentStore } from "../../core/ports/document-store.js";
import { EvidenceImageStore } from "../../core/ports/evidence-image-store.js";
import { FileStore } from "../../core/ports/file-store.js";
import { JobQueue } from "../../core/ports/job-queue.js";
import { RolePromptStore } from "../../core/ports/role-prompt-store.js";
import { StreamEventStore } from "../../core/ports/stream-event-store.js";
import { UserStore } from "../../core/ports/user-store.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import { SqlChatStore } from "./sql-chat-store.js";
import type { SqlDriver } from "./sql-driver.js";
import { SqlDocumentStore, type BlocksWrittenHook } from "./sql-document-store.js";
import { SqlEvidenceImageStore } from "./sql-evidence-image-store.js";
import { SqlFileStore } from "./sql-file-store.js";
import { SqlJobQueue } from "./sql-job-queue.js";
import { SqlRolePromptStore } from "./sql-role-prompt-store.js";
import { SqlStreamEventStore } from "./sql-stream-event-store.js";
import { SqlUserStore } from "./sql-user-store.js";

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
 * over it: DocumentStore, UserStore, RolePromptStore, ChatStore, EvidenceImageStore, StreamEventStore, JobQueue, FileStore. Resolve them with `getAsync`: opening the database is asynchronous.
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
  const overDatabase = <T>(token: symbol, create: (db: SqlDriver) => T) =>
    bind<T>(token)
      .toDynamicValue(async (context) => create(await context.getAsync<SqlDriver>(SqlDatabase)))
      .inSingletonScope();
  overDatabase<UserStore>(UserStore, (db) => new SqlUserStore(db));
  overDatabase<RolePromptStore>(RolePromptStore, (db) => new SqlRolePromptStore(db));
  overDatabase<ChatStore>(ChatStore, (db) => new SqlChatStore(db));
  overDatabase<EvidenceImageStore>(EvidenceImageStore, (db) => new SqlEvidenceImageStore(db));
  overDatabase<StreamEventStore>(StreamEventStore, (db) => new SqlStreamEventStore(db));
  overDatabase<JobQueue>(JobQueue, (db) => new SqlJobQueue(db));
  overDatabase<FileStore>(FileStore, (db) => new SqlFileStore(db));
}
