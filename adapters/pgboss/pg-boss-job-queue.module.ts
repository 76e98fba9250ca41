import { ContainerModule } from "inversify";
import { DomainError } from "../../core/domain/errors.js";
import { JobQueue } from "../../core/ports/job-queue.js";
import { PgliteDriver } from "../local/pglite-driver.js";
import type { PostgresConfig } from "../supabase/postgres.config.js";
import { SqlDatabase } from "../supabase/sql-database.js";
import type { SqlDriver } from "../supabase/sql-driver.js";
import type { PgBossJobQueue } from "./pg-boss-job-queue.js";
import type { PgBossJobQueueConfig } from "./pg-boss-job-queue.config.js";

export interface PgBossJobQueueModuleOptions {
  /** How long an unbind (a shutdown) lets running handlers finish before it gives their jobs back. Default 30 000. */
  stopTimeoutMs?: number;
  /** Where pg-boss's recovered troubles go (a failed poll, a slow query). */
  warn?: (message: string) => void;
}

/** The queue's own binding; `JobQueue` is served from it. */
const PgBossJobQueueToken = Symbol.for("aizoomdoc.PgBossJobQueue");

/** pg-boss, loaded when a queue is first opened: most commands never queue anything and paid its load at start. */
async function openQueue(...args: ConstructorParameters<typeof PgBossJobQueue>): Promise<PgBossJobQueue> {
  const { PgBossJobQueue } = await import("./pg-boss-job-queue.js");
  return new PgBossJobQueue(...args);
}

/**
 * Binds `JobQueue` to pg-boss: in the container's embedded PGlite (the `SqlDatabase`, so one process owns both), or
 * on a Postgres server by URL. Started on first resolve (`getAsync`); stopped gracefully on unbind.
 */
export function pgBossJobQueueModule(
  database: "embedded" | PostgresConfig,
  config: PgBossJobQueueConfig = {},
  options: PgBossJobQueueModuleOptions = {},
): ContainerModule {
  const warn = options.warn ?? ((message: string) => process.emitWarning(message));
  const stop = (queue: PgBossJobQueue) => queue.stop({ graceful: true, timeoutMs: options.stopTimeoutMs ?? 30_000 });
  const started = async (queue: PgBossJobQueue) => {
    await queue.start();
    return queue;
  };
  const onEmbedded = async (db: SqlDriver) => {
    if (!(db instanceof PgliteDriver)) {
      throw new DomainError("CONFIGURATION.INVALID", `the embedded job queue needs the embedded database, not ${db.label}: give the job queue the Postgres URL`);
    }
    const queue = await started(await openQueue({ pglite: db.pglite }, config, warn));
    // the container may close the database before it stops the queue: the queue goes first, while pg-boss can still
    // give its running jobs back
    db.beforeClose(() => stop(queue).catch((error: unknown) => warn(`job queue: stopping: ${(error as Error).message}`)));
    return queue;
  };
  return new ContainerModule(({ bind }) => {
    const binding =
      database === "embedded"
        ? bind<PgBossJobQueue>(PgBossJobQueueToken).toResolvedValue(onEmbedded, [SqlDatabase])
        : bind<PgBossJobQueue>(PgBossJobQueueToken).toDynamicValue(async () => started(await openQueue({ url: database.url, maxConnections: database.maxConnections }, config, warn)));
    binding.inSingletonScope().onDeactivation(stop);
    bind<JobQueue>(JobQueue).toService(PgBossJobQueueToken);
  });
}
