import { randomUUID } from "node:crypto";
import type { DomainErrorJson } from "../../domain/errors.js";
import { validateJob, type Job, type JobStatus, type NewJob } from "../../domain/job.js";
import { JOB_LIMITS, type ClaimOptions, type JobQueue } from "../job-queue.js";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Verified fake of `JobQueue` (passes the same contract suite as the SQL queue). */
export class InMemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Job & { lockedAt?: number }>();

  async enqueue(ownerId: string, input: NewJob): Promise<Job> {
    validateJob.newJob(input);
    const now = new Date().toISOString();
    const job: Job = {
      id: randomUUID(),
      ownerId,
      kind: input.kind,
      status: "queued",
      payload: structuredClone(input.payload ?? {}),
      attempts: 0,
      runAfter: (input.runAfter ?? new Date()).toISOString(),
      ...(input.documentId ? { documentId: input.documentId } : {}),
      ...(input.chatId ? { chatId: input.chatId } : {}),
      createdAt: now,
      updatedAt: now,
    };
    this.jobs.set(job.id, job);
    return structuredClone(job);
  }

  async getJob(ownerId: string, jobId: string): Promise<Job | undefined> {
    const job = this.jobs.get(jobId);
    return job && job.ownerId === ownerId ? view(job) : undefined;
  }

  async listJobs(ownerId: string, filter: { status?: JobStatus; kind?: string; limit?: number } = {}): Promise<Job[]> {
    const limit = validateJob.limit(filter.limit, JOB_LIMITS.list.max, JOB_LIMITS.list.default);
    return [...this.jobs.values()]
      .filter((j) => j.ownerId === ownerId && (!filter.status || j.status === filter.status) && (!filter.kind || j.kind === filter.kind))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || byCodePoint(a.id, b.id))
      .slice(0, limit)
      .map(view);
  }

  async claim(workerId: string, kinds: string[], options: ClaimOptions = {}): Promise<Job | undefined> {
    validateJob.kinds(kinds);
    const now = Date.now();
    const leaseMs = options.leaseMs ?? JOB_LIMITS.leaseMs;
    const [job] = [...this.jobs.values()]
      .filter((j) => kinds.includes(j.kind))
      .filter((j) => (j.status === "queued" && Date.parse(j.runAfter) <= now) || (j.status === "running" && (j.lockedAt ?? 0) < now - leaseMs))
      .sort((a, b) => Date.parse(a.runAfter) - Date.parse(b.runAfter) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || byCodePoint(a.id, b.id));
    if (!job) return undefined;
    Object.assign(job, { status: "running", lockedBy: workerId, lockedAt: now, attempts: job.attempts + 1, updatedAt: new Date(now).toISOString() });
    return view(job);
  }

  async heartbeat(jobId: string, workerId: string, progress?: number): Promise<boolean> {
    validateJob.progress(progress);
    return this.held(jobId, workerId, (job) => {
      job.lockedAt = Date.now();
      if (progress !== undefined) job.progress = progress;
    });
  }

  async complete(jobId: string, workerId: string, result?: Record<string, unknown>): Promise<boolean> {
    return this.held(jobId, workerId, (job) => {
      Object.assign(job, { status: "succeeded", progress: 1, ...(result ? { result: structuredClone(result) } : {}) });
      release(job);
    });
  }

  async fail(jobId: string, workerId: string, error: DomainErrorJson, retryAt?: Date): Promise<boolean> {
    return this.held(jobId, workerId, (job) => {
      Object.assign(job, { status: retryAt ? "queued" : "failed", error: structuredClone(error), ...(retryAt ? { runAfter: retryAt.toISOString() } : {}) });
      release(job);
    });
  }

  async cancel(ownerId: string, jobId: string): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || job.ownerId !== ownerId || (job.status !== "queued" && job.status !== "running")) return false;
    job.status = "cancelled";
    release(job);
    job.updatedAt = new Date().toISOString();
    return true;
  }

  private async held(jobId: string, workerId: string, change: (job: Job & { lockedAt?: number }) => void): Promise<boolean> {
    const job = this.jobs.get(jobId);
    if (!job || job.status !== "running" || job.lockedBy !== workerId) return false;
    change(job);
    job.updatedAt = new Date().toISOString();
    return true;
  }
}

function release(job: Job & { lockedAt?: number }): void {
  delete job.lockedBy;
  delete job.lockedAt;
}

function view(job: Job & { lockedAt?: number }): Job {
  const { lockedAt: _internal, ...visible } = job;
  return structuredClone(visible);
}
