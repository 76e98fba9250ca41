import { PgBoss, fromPglite, type Db, type Job, type JobWithMetadata, type PGliteLike } from "pg-boss";
import { DomainError, type DomainErrorJson } from "../../core/domain/errors.js";
import type { JobHandler, JobQueue, JobStatus, NewJob, StopOptions, SubmittedJob } from "../../core/ports/job-queue.js";
import { checkKind, checkNewJob, fairPosition, jobErrorOf, jobIdTaken, jobInterrupted, jobNotFound, queueFull, STOP_DEFAULTS } from "../../core/ports/job-queue-rules.js";
import { PgBossJobQueueConfig } from "./pg-boss-job-queue.config.js";

/** A Postgres server by URL (pg-boss opens a pool of its own), or a PGlite the caller opened and closes. */
export type PgBossDatabase = { url: string; maxConnections?: number } | { pglite: PGliteLike };

interface JobData {
  ownerId: string;
  kind: string;
  payload: Record<string, unknown>;
}
/** What a run stores on completion: a handler's failure (pg-boss completes the job, so it is not retried). */
type JobOutput = { error?: DomainErrorJson; message?: string; value?: unknown } | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIVE_STATES = new Set(["created", "retry", "active"]);
/** How often a running job's heartbeat checks its claim: a cancel from another instance aborts the handler this fast. */
const CLAIM_CHECK_SECONDS = 2;
/** Submissions that share a PGlite share a lock: PGlite is one process's, and its adapter has no transactions. */
const pgliteLocks = new WeakMap<object, Lock>();

/**
 * `JobQueue` on pg-boss: one pg-boss queue for every kind, owners as pg-boss groups (`localGroupConcurrency` gives the
 * turns), heartbeats so that a dead instance's jobs run again elsewhere. A handler's failure completes its job with
 * the error as output, so pg-boss retries only runs that were interrupted.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly config: ReturnType<typeof PgBossJobQueueConfig.parse>;
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, JobHandler>();
  /** This instance's runs, so a cancel made here aborts at once instead of at the next claim check. */
  private readonly running = new Map<string, AbortController>();
  private readonly lock: Lock;
  private state: "new" | "started" | "stopping" | "stopped" = "new";
  private worker?: Promise<unknown>;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;

  constructor(
    private readonly database: PgBossDatabase,
    config: PgBossJobQueueConfig = {},
    private readonly warn: (message: string) => void = (message) => process.emitWarning(message),
  ) {
    this.config = PgBossJobQueueConfig.parse(config);
    const { schema, superviseIntervalSeconds } = this.config;
    // lost heartbeats and expired runs are looked for in the monitor pass, which runs at most every monitor interval
    const timers = { superviseIntervalSeconds, monitorIntervalSeconds: superviseIntervalSeconds, queueCacheIntervalSeconds: 1 };
    const common = { schema, schedule: false, registerInstance: false, useListenNotify: true, ...timers };
    if ("pglite" in database) {
      this.boss = new PgBoss({ ...common, db: fromPglite(database.pglite), backend: "pglite" });
      this.lock = pgliteLocks.get(database.pglite) ?? new Lock();
      pgliteLocks.set(database.pglite, this.lock);
    } else {
      this.boss = new PgBoss({ ...common, connectionString: database.url, max: database.maxConnections ?? 10, application_name: "aizoomdoc-jobs" });
      this.lock = new Lock();
    }
    // pg-boss reports trouble it recovers from (a failed poll, a slow query) as events; an unheard `error` would throw
    this.boss.on("error", (error) => this.warn(`job queue: ${error.message}`));
    this.boss.on("warning", (warning) => this.warn(`job queue: ${warning.message}`));
  }

  async submit(ownerId: string, job: NewJob): Promise<SubmittedJob> {
    this.assertStarted();
    checkNewJob(job);
    const { queueName, maxQueued, retryAfterSeconds } = this.config;
    return this.exclusive(async (db) => {
      const on = db ? { db } : {};
      const singletonKey = job.singletonKey === undefined ? undefined : JSON.stringify([ownerId, job.singletonKey]);
      const waiting = await this.waiting(db);
      if (singletonKey) {
        const same = (await this.boss.findJobs<JobData>(queueName, { key: singletonKey, ...on })).find((j) => LIVE_STATES.has(j.state) && j.data.ownerId === ownerId);
        if (same) return { jobId: same.id, position: same.state === "active" ? 0 : positionIn(waiting, same.id) };
      }
      if (waiting.length >= maxQueued) throw queueFull(maxQueued, retryAfterSeconds);
      const id = job.id?.toLowerCase();
      const data: JobData = { ownerId, kind: job.kind, payload: job.payload ?? {} };
      const jobId = await this.boss.send(queueName, data, { group: { id: ownerId }, ...(id ? { id } : {}), ...(singletonKey ? { singletonKey } : {}), ...on });
      // the insert skips a row whose id is taken (the queue's only unique key with these options), so no look-up first
      if (!jobId) throw id !== undefined ? jobIdTaken(id) : new DomainError("INTERNAL", `pg-boss did not accept a ${job.kind} job`);
      return { jobId, position: fairPosition([...waiting.map((j) => j.data.ownerId), ownerId], waiting.length) };
    });
  }

  async status(ownerId: string, jobId: string): Promise<JobStatus> {
    this.assertStarted();
    const job = await this.owned(ownerId, jobId);
    const output = job.output as JobOutput;
    switch (job.state) {
      case "created":
      case "retry":
        return { state: "queued", position: await this.positionOf(job.id) };
      case "active":
        return { state: "running", attempt: job.retryCount + 1 };
      case "completed":
        return output?.error ? { state: "failed", error: output.error } : { state: "succeeded" };
      case "cancelled":
        return { state: "cancelled" };
      case "failed":
        return { state: "failed", error: jobInterrupted(job.retryCount + 1, output?.message ?? String(output?.value ?? "its runs were lost")) };
    }
  }

  async cancel(ownerId: string, jobId: string): Promise<boolean> {
    this.assertStarted();
    const job = await this.owned(ownerId, jobId);
    if (!LIVE_STATES.has(job.state)) return false;
    const response = (await this.boss.cancel(this.config.queueName, jobId)) as { affected?: number };
    this.running.get(jobId)?.abort(new DomainError("OPERATION.CANCELLED", "the job was cancelled"));
    return (response.affected ?? 0) > 0;
  }

  work(kind: string, handler: JobHandler): void {
    checkKind(kind);
    this.handlers.set(kind, handler);
    if (this.state === "started") this.startWorker();
  }

  start(): Promise<void> {
    this.starting ??= this.open();
    return this.starting;
  }

  private async open(): Promise<void> {
    const { queueName, retryLimit, expireInSeconds, heartbeatSeconds, keepFinishedSeconds } = this.config;
    try {
      await this.boss.start();
    } catch (error) {
      throw new DomainError("STORAGE.UNAVAILABLE", `the job queue cannot open its database${"url" in this.database ? ` ${serverOf(this.database.url)}` : ""}: ${(error as Error).message}`, { cause: error, retryable: true });
    }
    const options = { retryLimit, retryDelay: 0, expireInSeconds, heartbeatSeconds, deleteAfterSeconds: keepFinishedSeconds, notify: true };
    // creating is idempotent; the update carries changed settings to a queue an earlier version made
    await this.boss.createQueue(queueName, options);
    await this.boss.updateQueue(queueName, options);
    this.state = "started";
    this.startWorker();
  }

  stop(options: StopOptions = {}): Promise<void> {
    if (!this.starting) return Promise.resolve();
    this.stopping ??= this.shutDown({ ...STOP_DEFAULTS, ...options });
    return this.stopping;
  }

  private async shutDown({ graceful, timeoutMs }: Required<StopOptions>): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (this.state !== "started") return;
    this.state = "stopping";
    await this.worker?.catch(() => undefined);
    // after the grace (pg-boss waits 1 s at least) it gives the running jobs back, a retry each, then aborts their signals
    await this.boss.stop({ graceful, timeout: timeoutMs, close: true });
    this.state = "stopped";
  }

  private startWorker(): void {
    if (this.worker || this.handlers.size === 0) return;
    const { queueName, concurrency, perOwnerConcurrency, pollingIntervalSeconds } = this.config;
    this.worker = this.boss.work<JobData>(
      queueName,
      {
        localConcurrency: concurrency,
        // counted by this instance, not in the database: pg-boss's global groupConcurrency counts an owner's running
        // jobs without a lock, so this instance's own pollers, fetching at the same moment, broke it
        localGroupConcurrency: perOwnerConcurrency,
        pollingIntervalSeconds,
        notifyPollingIntervalSeconds: pollingIntervalSeconds,
        // a backlog is fetched back to back rather than one job per poll
        burstWhenReadyExceeds: 1,
        heartbeatRefreshSeconds: CLAIM_CHECK_SECONDS,
      },
      ([job]) => this.run(job!),
    );
    this.worker.catch((error: unknown) => this.warn(`job queue: cannot take jobs: ${(error as Error).message}`));
  }

  private async run(job: Job<JobData>): Promise<JobOutput> {
    const { ownerId, kind, payload } = job.data;
    const handler = this.handlers.get(kind);
    // thrown, so pg-boss gives the job back for an instance that knows the kind (it counts as an attempt)
    if (!handler) throw new Error(`no handler for kind ${kind} on this instance`);
    const local = new AbortController();
    this.running.set(job.id, local);
    try {
      await handler({ id: job.id, ownerId, kind, payload, attempt: job.retryCount + 1 }, AbortSignal.any([job.signal, local.signal]));
      return null;
    } catch (error) {
      // a failure while this instance stops may be the shutdown's own (its database closing): thrown, pg-boss gives
      // the job back. Otherwise it completes the job with the error (no retry), or, when the job was cancelled or given
      // back meanwhile, settles nothing: pg-boss fences completion to the attempt.
      if (this.state !== "started") throw error;
      return { error: jobErrorOf(error) };
    } finally {
      this.running.delete(job.id);
    }
  }

  private async owned(ownerId: string, jobId: string): Promise<JobWithMetadata<JobData>> {
    const [job] = UUID.test(jobId) ? await this.boss.findJobs<JobData>(this.config.queueName, { id: jobId }) : [];
    if (!job || job.data.ownerId !== ownerId) throw jobNotFound(jobId);
    return job;
  }

  private waiting(db?: Db): Promise<JobWithMetadata<JobData>[]> {
    return this.boss.findJobs<JobData>(this.config.queueName, { queued: true, ...(db ? { db } : {}) });
  }

  private async positionOf(jobId: string): Promise<number> {
    return positionIn(await this.waiting(), jobId);
  }

  /**
   * Runs a submission's check-then-insert alone: under this process's lock and, on a Postgres server, inside a
   * transaction holding an advisory lock, so the bound and the singleton keys hold across instances too.
   */
  private exclusive<T>(work: (db?: Db) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const begin = this.boss.getDb().beginTransaction?.bind(this.boss.getDb());
      if (!begin) return work();
      const transaction = await begin();
      try {
        await transaction.db.executeSql("select pg_advisory_xact_lock(hashtext($1))", [`${this.config.schema}.${this.config.queueName}`]);
        const result = await work(transaction.db);
        await transaction.commit();
        return result;
      } catch (error) {
        await transaction.rollback();
        throw error;
      }
    });
  }

  private assertStarted(): void {
    if (this.state !== "started") throw new DomainError("INTERNAL", `the job queue is ${this.state === "new" ? "not started" : "stopped"}`);
  }
}

/** The job's `position` among the waiting ones (oldest first); past them all when it is no longer waiting. */
function positionIn(waiting: readonly JobWithMetadata<JobData>[], jobId: string): number {
  const index = waiting.findIndex((j) => j.id === jobId);
  return index < 0 ? waiting.length : fairPosition(waiting.map((j) => j.data.ownerId), index);
}

/** One caller at a time, in call order. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** host:port of a URL, never its password. */
function serverOf(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || "5432"}`;
  } catch {
    return "(unparsable URL)";
  }
}
