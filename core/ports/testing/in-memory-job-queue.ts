import { randomUUID } from "node:crypto";
import { DomainError, type DomainErrorJson } from "../../domain/errors.js";
import type { JobHandler, JobQueue, JobStatus, NewJob, StopOptions, SubmittedJob } from "../job-queue.js";
import { checkKind, checkNewJob, fairPosition, jobErrorOf, jobIdTaken, jobInterrupted, jobNotFound, queueFull, STOP_DEFAULTS } from "../job-queue-rules.js";

interface StoredJob {
  id: string;
  ownerId: string;
  kind: string;
  payload: Record<string, unknown>;
  singletonKey?: string;
  state: JobStatus["state"];
  error?: DomainErrorJson;
  /** Runs started so far. */
  attempt: number;
  /** The run that holds the job while it is running; a run that lost it (cancel, give-back) settles nothing. */
  run?: { instance: InMemoryJobQueue; controller: AbortController; done: Promise<void> };
}

/** What several `InMemoryJobQueue`s share when they stand for instances of one deployment: the jobs. */
export class InMemoryJobStore {
  /** In submission order, which is the order slots take them in. */
  readonly jobs = new Map<string, StoredJob>();
  readonly instances = new Set<InMemoryJobQueue>();

  /** Lets every started instance fill its free slots, after the current call returns (as a poll would). */
  wake(): void {
    setImmediate(() => {
      for (const instance of this.instances) instance.fill();
    });
  }
}

export interface InMemoryJobQueueOptions {
  concurrency?: number;
  perOwnerConcurrency?: number;
  maxQueued?: number;
  retryAfterSeconds?: number;
  /** How many times a job given back by a stopped instance runs again before it ends `JOB.INTERRUPTED`. */
  retryLimit?: number;
}

/** The in-memory `JobQueue`: one instance over a store that other instances may share (verified by the contract). */
export class InMemoryJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly limits: Required<InMemoryJobQueueOptions>;
  private state: "new" | "started" | "stopping" | "stopped" = "new";
  private stopping?: Promise<void>;

  constructor(
    readonly store = new InMemoryJobStore(),
    options: InMemoryJobQueueOptions = {},
  ) {
    this.limits = { concurrency: 2, perOwnerConcurrency: 1, maxQueued: 50, retryAfterSeconds: 30, retryLimit: 2, ...options };
  }

  async submit(ownerId: string, job: NewJob): Promise<SubmittedJob> {
    this.assertStarted();
    checkNewJob(job);
    const jobs = [...this.store.jobs.values()];
    const same = job.singletonKey === undefined ? undefined : jobs.find((j) => j.ownerId === ownerId && j.singletonKey === job.singletonKey && (j.state === "queued" || j.state === "running"));
    if (same) return { jobId: same.id, position: this.positionOf(same) };
    if (jobs.filter((j) => j.state === "queued").length >= this.limits.maxQueued) throw queueFull(this.limits.maxQueued, this.limits.retryAfterSeconds);
    if (job.id !== undefined && this.store.jobs.has(job.id.toLowerCase())) throw jobIdTaken(job.id);
    const stored: StoredJob = { id: job.id?.toLowerCase() ?? randomUUID(), ownerId, kind: job.kind, payload: structuredClone(job.payload ?? {}), singletonKey: job.singletonKey, state: "queued", attempt: 0 };
    this.store.jobs.set(stored.id, stored);
    this.store.wake();
    return { jobId: stored.id, position: this.positionOf(stored) };
  }

  async status(ownerId: string, jobId: string): Promise<JobStatus> {
    this.assertStarted();
    const job = this.owned(ownerId, jobId);
    if (job.state === "queued") return { state: "queued", position: this.positionOf(job) };
    if (job.state === "running") return { state: "running", attempt: job.attempt };
    if (job.state === "failed") return { state: "failed", error: job.error! };
    return { state: job.state };
  }

  async cancel(ownerId: string, jobId: string): Promise<boolean> {
    this.assertStarted();
    const job = this.owned(ownerId, jobId);
    if (job.state !== "queued" && job.state !== "running") return false;
    const run = job.run;
    job.state = "cancelled";
    job.run = undefined;
    run?.controller.abort(new DomainError("OPERATION.CANCELLED", "the job was cancelled"));
    this.store.wake();
    return true;
  }

  work(kind: string, handler: JobHandler): void {
    checkKind(kind);
    this.handlers.set(kind, handler);
    this.store.wake();
  }

  async start(): Promise<void> {
    if (this.state !== "new") return;
    this.state = "started";
    this.store.instances.add(this);
    this.store.wake();
  }

  stop(options: StopOptions = {}): Promise<void> {
    if (this.state === "new") return Promise.resolve();
    this.stopping ??= this.shutDown({ ...STOP_DEFAULTS, ...options });
    return this.stopping;
  }

  private async shutDown({ graceful, timeoutMs }: Required<StopOptions>): Promise<void> {
    this.state = "stopping";
    const runs = () => [...this.store.jobs.values()].filter((j) => j.run?.instance === this);
    if (graceful) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all(runs().map((j) => j.run!.done)), deadline]);
      clearTimeout(timer);
    }
    for (const job of runs()) {
      const run = job.run!;
      this.giveBack(job, "its instance stopped");
      run.controller.abort(new DomainError("OPERATION.CANCELLED", "the job queue stopped"));
    }
    this.state = "stopped";
    this.store.instances.delete(this);
    this.store.wake();
  }

  /** Starts waiting jobs while this instance has free slots: the oldest job of an owner under the per-owner bound. */
  fill(): void {
    if (this.state !== "started" || this.handlers.size === 0) return;
    const jobs = [...this.store.jobs.values()];
    let running = jobs.filter((j) => j.run?.instance === this).length;
    const runningOf = (ownerId: string) => jobs.filter((j) => j.run?.instance === this && j.ownerId === ownerId).length;
    for (const job of jobs) {
      if (running >= this.limits.concurrency) return;
      if (job.state !== "queued" || runningOf(job.ownerId) >= this.limits.perOwnerConcurrency) continue;
      running++;
      this.run(job);
    }
  }

  private run(job: StoredJob): void {
    const handler = this.handlers.get(job.kind);
    job.attempt++;
    if (!handler) {
      // given back for an instance that handles the kind, as a worker without a handler does on pg-boss
      this.giveBack(job, `no handler for kind ${job.kind}`);
      this.store.wake();
      return;
    }
    const controller = new AbortController();
    const run: NonNullable<StoredJob["run"]> = { instance: this, controller, done: Promise.resolve() };
    job.state = "running";
    job.run = run;
    const settle = (outcome: { error?: DomainErrorJson }) => {
      if (job.run !== run) return;
      // a failure while the instance stops may be the shutdown's own: given back, as on pg-boss
      if (outcome.error && this.state !== "started") this.giveBack(job, "its instance stopped");
      else Object.assign(job, { run: undefined }, outcome.error ? { state: "failed", error: outcome.error } : { state: "succeeded" });
      this.store.wake();
    };
    run.done = Promise.resolve()
      .then(() => handler({ id: job.id, ownerId: job.ownerId, kind: job.kind, payload: structuredClone(job.payload), attempt: job.attempt }, controller.signal))
      .then(() => settle({}), (error: unknown) => settle({ error: jobErrorOf(error) }));
  }

  /** Back to the queue for another run, or `JOB.INTERRUPTED` once it had its runs. */
  private giveBack(job: StoredJob, reason: string): void {
    job.run = undefined;
    if (job.attempt > this.limits.retryLimit) Object.assign(job, { state: "failed", error: jobInterrupted(job.attempt, reason) });
    else job.state = "queued";
  }

  private positionOf(job: StoredJob): number {
    if (job.state !== "queued") return 0;
    const waiting = [...this.store.jobs.values()].filter((j) => j.state === "queued");
    return fairPosition(waiting.map((j) => j.ownerId), waiting.indexOf(job));
  }

  private owned(ownerId: string, jobId: string): StoredJob {
    const job = this.store.jobs.get(jobId);
    if (!job || job.ownerId !== ownerId) throw jobNotFound(jobId);
    return job;
  }

  private assertStarted(): void {
    if (this.state !== "started") throw new DomainError("INTERNAL", `the job queue is ${this.state === "new" ? "not started" : "stopped"}`);
  }
}
