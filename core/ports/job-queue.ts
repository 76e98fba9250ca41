import type { DomainErrorJson } from "../domain/errors.js";

export interface NewJob {
  /**
   * The job's id, when the caller names it before submitting (a run id it has already handed out): a UUID not used
   * by another job (`VALIDATION.INVALID_INPUT` if it is). Absent = the queue picks one.
   */
  id?: string;
  /** What to do (`answer`, `ingest`…): picks the handler. 1..32 of `a-z 0-9 _ . : -`, starting with a letter. */
  kind: string;
  /** The handler's input, stored as JSON: plain data only. */
  payload?: Record<string, unknown>;
  /**
   * Makes a submission idempotent: while a job of the same owner with this key waits or runs, `submit` answers
   * with that job instead of adding another (a chat message id, so a retried POST starts one run). 1..200 chars.
   */
  singletonKey?: string;
}

export interface SubmittedJob {
  jobId: string;
  /** Its `position` when submitted; 0 also when an equal `singletonKey` named a job that already runs. */
  position: number;
}

export type JobStatus =
  /** `position`: waiting jobs expected to start before it (0 = next), counted in fair turns (see the contract). */
  | { state: "queued"; position: number }
  | { state: "running"; attempt: number }
  | { state: "succeeded" }
  | { state: "failed"; error: DomainErrorJson }
  | { state: "cancelled" };

export interface RunningJob {
  id: string;
  ownerId: string;
  kind: string;
  payload: Record<string, unknown>;
  /** 1 on the first run; more after a stopped or lost worker gave the job back, so a handler must tolerate a re-run. */
  attempt: number;
}

/** Runs one job. `signal` aborts when the job is cancelled, or when its instance stops before the handler returns. */
export type JobHandler = (job: RunningJob, signal: AbortSignal) => Promise<void>;

export interface StopOptions {
  /** Default true: let running handlers finish (up to `timeoutMs`) before aborting them. */
  graceful?: boolean;
  /** Default 30 000. */
  timeoutMs?: number;
}

export const JobQueue = Symbol.for("aizoomdoc.JobQueue");

/**
 * Work that runs off the request (answer runs, ingestions), kept in the database so that every instance on it shares
 * the work and accepted work survives a restart. Each instance is one `JobQueue`; its limits are adapter settings.
 *
 * Contract:
 * - Bounded: an instance runs at most `concurrency` handlers at once, all kinds together. At most `maxQueued` jobs
 *   wait (running ones do not count); past that `submit` refuses with `QUEUE.FULL`, retryable, carrying
 *   `details.retryAfterSeconds`.
 * - Fair: an owner has at most `perOwnerConcurrency` jobs running on an instance, and a free slot takes the oldest
 *   waiting job whose owner is under that bound there, so one owner's backlog does not starve another owner's job.
 *   `position` counts in those turns: the owner's own earlier waiting jobs, plus, of each other owner's earlier ones,
 *   at most one more than that.
 * - Durable: a job completes at most once. A job accepted before a stop or a crash runs after it, on any instance
 *   (`attempt` one higher), or, past the adapter's retry limit, ends `failed` with `JOB.INTERRUPTED`. An instance
 *   that takes jobs takes every kind: one it has no handler for is given back the same way.
 * - A handler that throws ends its job `failed` with that error (a `DomainError` keeps its code, anything else is
 *   `INTERNAL`); the job is not run again. Except while its instance stops: then the failure may be the shutdown's
 *   (its database closing), and the job is given back.
 * - `cancel`: a waiting job never starts; a running job's signal aborts (at once on its own instance, within seconds
 *   on another) and the job ends `cancelled` whatever its handler does next. Resolves false when the job had ended.
 * - Owner-scoped: another owner's job, or an unknown id, is `JOB.NOT_FOUND` for `status` and `cancel`.
 * - Lifecycle: `start` before the other calls; handlers can be added (`work`, one per kind) before or after it.
 *   `stop` stops taking jobs, lets running handlers finish for up to `timeoutMs` (not at all when not `graceful`),
 *   then aborts them and gives their jobs back; waiting jobs stay queued for the next instance. Idempotent.
 */
export interface JobQueue {
  submit(ownerId: string, job: NewJob): Promise<SubmittedJob>;
  status(ownerId: string, jobId: string): Promise<JobStatus>;
  cancel(ownerId: string, jobId: string): Promise<boolean>;
  work(kind: string, handler: JobHandler): void;
  start(): Promise<void>;
  stop(options?: StopOptions): Promise<void>;
}
