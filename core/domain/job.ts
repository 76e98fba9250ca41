import { invalidInput, type DomainErrorJson } from "./errors.js";

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** A unit of durable background work (ingestion, OCR, block index, answers, scheduled deletions). */
export interface Job {
  id: string;
  ownerId: string;
  /** What to do, e.g. `ingest`, `ocr`, `block-index`, `answer`, `delete-chat`. */
  kind: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: DomainErrorJson;
  /** 0..1 as reported by the worker. */
  progress?: number;
  /** Claims so far (a job whose worker died is claimed again after its lease ends). */
  attempts: number;
  /** Not claimed before this time. */
  runAfter: string;
  lockedBy?: string;
  documentId?: string;
  chatId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAfter?: Date;
  documentId?: string;
  chatId?: string;
}

/** Checks shared by every `JobQueue`, so they refuse alike (`VALIDATION.INVALID_INPUT`). */
export const validateJob = {
  newJob(job: NewJob): void {
    if (!/^[a-z][a-z0-9_.:-]{0,31}$/.test(job.kind)) throw invalidInput(`job kind must be 1..32 lowercase letters, digits or _.:- , got ${JSON.stringify(job.kind)}`);
    if (job.runAfter && Number.isNaN(job.runAfter.getTime())) throw invalidInput("job runAfter is not a valid date");
  },
  limit(limit: number | undefined, max: number, fallback: number): number {
    if (limit === undefined) return fallback;
    if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalidInput(`job list limit must be 1..${max}, got ${limit}`);
    return limit;
  },
  progress(progress: number | undefined): void {
    if (progress !== undefined && !(progress >= 0 && progress <= 1)) throw invalidInput(`job progress must be 0..1, got ${progress}`);
  },
  kinds(kinds: string[]): void {
    if (kinds.length === 0) throw invalidInput("claim needs at least one job kind");
  },
};
