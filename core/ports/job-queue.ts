import type { DomainErrorJson } from "../domain/errors.js";
import type { Job, JobStatus, NewJob } from "../domain/job.js";

export interface ClaimOptions {
  /** A running job whose worker has not reported for this long is given to another worker (default 60 000). */
  leaseMs?: number;
}

export const JobQueue = Symbol.for("aizoomdoc.JobQueue");

/**
 * A durable work queue shared by every process on the same database (server instances, the CLI), so accepted
 * work and scheduled deletions survive a restart.
 *
 * Contract:
 * - `claim` hands the oldest ready job of the given kinds (queued and due, or running with an expired lease) to
 *   one worker only, even when workers race; it marks it `running` and counts the attempt.
 * - `heartbeat`, `complete` and `fail` act only while `workerId` still holds the job and return whether it did
 *   (a worker whose lease was taken over learns it lost the job). `fail` with `retryAt` queues the job again.
 * - `cancel` stops a queued or running job of the owner (returns whether it did); running workers see it on
 *   their next heartbeat (`false`).
 * - Reads are owner-scoped: another owner's job is `undefined` / absent.
 */
export interface JobQueue {
  enqueue(ownerId: string, job: NewJob): Promise<Job>;
  getJob(ownerId: string, jobId: string): Promise<Job | undefined>;
  /** Newest first, at most `limit` (1..500, default 100). */
  listJobs(ownerId: string, filter?: { status?: JobStatus; kind?: string; limit?: number }): Promise<Job[]>;
  claim(workerId: string, kinds: string[], options?: ClaimOptions): Promise<Job | undefined>;
  heartbeat(jobId: string, workerId: string, progress?: number): Promise<boolean>;
  complete(jobId: string, workerId: string, result?: Record<string, unknown>): Promise<boolean>;
  fail(jobId: string, workerId: string, error: DomainErrorJson, retryAt?: Date): Promise<boolean>;
  cancel(ownerId: string, jobId: string): Promise<boolean>;
}

export const JOB_LIMITS = { list: { default: 100, max: 500 }, leaseMs: 60_000 } as const;
