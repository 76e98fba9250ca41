import { DomainError, invalidInput, notFound, type DomainErrorJson } from "../domain/errors.js";
import type { NewJob } from "./job-queue.js";

/** Argument checks shared by every `JobQueue`, so they refuse alike (`VALIDATION.INVALID_INPUT`). */
export function checkNewJob(job: NewJob): void {
  if (!/^[a-z][a-z0-9_.:-]{0,31}$/.test(job.kind)) throw invalidInput(`job kind must be 1..32 of a-z 0-9 _.:- starting with a letter, got ${JSON.stringify(job.kind)}`);
  if (job.payload !== undefined && (typeof job.payload !== "object" || job.payload === null || Array.isArray(job.payload))) {
    throw invalidInput("job payload must be an object");
  }
  if (job.singletonKey !== undefined && (job.singletonKey.length < 1 || job.singletonKey.length > 200)) {
    throw invalidInput("job singletonKey must be 1..200 characters");
  }
  if (job.id !== undefined && !JOB_ID.test(job.id)) throw invalidInput(`job id must be a UUID, got ${JSON.stringify(job.id)}`);
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const jobIdTaken = (jobId: string) => invalidInput(`job id ${jobId} is taken by another job`);

export function checkKind(kind: string): void {
  checkNewJob({ kind });
}

/**
 * How many of the waiting jobs (owners, oldest first) are expected to start before the one at `index`, when slots go
 * to the oldest job of an owner under the per-owner bound: the owner's own earlier jobs, plus, of each other owner's
 * earlier jobs, at most one more than that.
 */
export function fairPosition(waitingOwners: readonly string[], index: number): number {
  const owner = waitingOwners[index]!;
  const earlier = new Map<string, number>();
  for (const other of waitingOwners.slice(0, index)) earlier.set(other, (earlier.get(other) ?? 0) + 1);
  const own = earlier.get(owner) ?? 0;
  let ahead = own;
  for (const [other, count] of earlier) if (other !== owner) ahead += Math.min(count, own + 1);
  return ahead;
}

export const jobNotFound = (jobId: string) => notFound("JOB.NOT_FOUND", `job ${jobId}`);

export const queueFull = (maxQueued: number, retryAfterSeconds: number) =>
  new DomainError("QUEUE.FULL", `the job queue is full (${maxQueued} jobs waiting); try again in ${retryAfterSeconds} s`, {
    retryable: true,
    details: { maxQueued, retryAfterSeconds },
  });

export const jobInterrupted = (attempts: number, reason: string): DomainErrorJson => ({
  code: "JOB.INTERRUPTED",
  message: `the job was given up after ${attempts} interrupted attempt${attempts === 1 ? "" : "s"} (${reason})`,
  isRetryable: true,
});

/** What a throwing handler's job ends with: a DomainError as it is, anything else as `INTERNAL` with its message. */
export function jobErrorOf(error: unknown): DomainErrorJson {
  if (DomainError.isInstance(error)) return error.toJSON();
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

export const STOP_DEFAULTS = { graceful: true, timeoutMs: 30_000 } as const;
