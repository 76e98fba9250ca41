import { DomainError } from "../core/domain/errors.js";
import type { AnswerJob } from "../core/application/chat-run-service.js";

/** What the queue needs of a job: whose it is (fairness) and its run (cancellation). */
type QueuedJob = Pick<AnswerJob, "ownerId" | "runId">;

export interface InProcessAnswerQueueOptions<J extends QueuedJob = AnswerJob> {
  /** Answers running at once. */
  concurrency: number;
  /** Answers waiting at most; one more is `QUEUE.FULL`. */
  size: number;
  /** Runs one job to its end (its failures are the job's own business: they are recorded in the chat). */
  run: (job: J, signal: AbortSignal) => Promise<void>;
}

/**
 * Answers of one process, run off the request: at most `concurrency` at once, at most `size` waiting, and fair between
 * users — the next job to start is the oldest of the user who has waited longest for a start, so one user's twenty
 * questions do not hold back another's one. Not durable: a job waiting when the process stops is lost with it (the
 * user's question stays in the chat). The server's queue over Postgres replaces it where durability matters.
 */
export class InProcessAnswerQueue<J extends QueuedJob = AnswerJob> {
  private readonly waiting = new Map<string, J[]>();
  private readonly running = new Map<string, AbortController>();
  private readonly done = new Set<Promise<void>>();
  /** When each user's last job started: the user waiting longest for a start goes next. */
  private readonly lastStart = new Map<string, number>();
  private starts = 0;
  private averageSeconds = 15;
  private stopped = false;

  constructor(private readonly options: InProcessAnswerQueueOptions<J>) {}

  async submit(job: J): Promise<{ position: number; estimatedWaitSeconds: number }> {
    if (this.stopped) throw new DomainError("STORAGE.UNAVAILABLE", "the server is shutting down", { retryable: true, details: { retryAfterSeconds: 5 } });
    const queued = [...this.waiting.values()].reduce((n, jobs) => n + jobs.length, 0);
    if (queued >= this.options.size) {
      throw new DomainError("QUEUE.FULL", `the queue is full (${this.options.size} questions wait); try again in a minute`, {
        retryable: true,
        details: { retryAfterSeconds: Math.ceil(this.averageSeconds) },
      });
    }
    this.waiting.set(job.ownerId, [...(this.waiting.get(job.ownerId) ?? []), job]);
    const position = this.running.size >= this.options.concurrency ? queued + 1 : 0;
    this.pump();
    return { position, estimatedWaitSeconds: Math.round(position * this.averageSeconds) };
  }

  /** Cancels a waiting or running job of its owner; false when there is none. */
  cancel(ownerId: string, runId: string): boolean {
    const running = this.running.get(runId);
    if (running) {
      running.abort(new DomainError("OPERATION.CANCELLED", "the answer was cancelled"));
      return true;
    }
    const jobs = this.waiting.get(ownerId) ?? [];
    const left = jobs.filter((j) => j.runId !== runId);
    this.waiting.set(ownerId, left);
    return left.length < jobs.length;
  }

  /** Stops taking jobs and waits for the running ones (up to `timeoutMs`, then cancels them). */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    const all = Promise.all(this.done);
    const timer = setTimeout(() => {
      for (const controller of this.running.values()) controller.abort(new DomainError("OPERATION.CANCELLED", "the server stopped"));
    }, timeoutMs);
    await all;
    clearTimeout(timer);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      // of the users with work, the one whose last start is oldest (never = first); ties go to who queued first
      let owner: string | undefined;
      for (const [id, jobs] of this.waiting) {
        if (jobs.length > 0 && (owner === undefined || (this.lastStart.get(id) ?? -1) < (this.lastStart.get(owner) ?? -1))) owner = id;
      }
      if (owner === undefined) return;
      const [job, ...rest] = this.waiting.get(owner)!;
      if (rest.length > 0) this.waiting.set(owner, rest);
      else this.waiting.delete(owner);
      this.lastStart.set(owner, ++this.starts);
      this.start(job!);
    }
  }

  private start(job: J): void {
    const controller = new AbortController();
    this.running.set(job.runId, controller);
    const started = performance.now();
    const finished = this.options
      .run(job, controller.signal)
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(job.runId);
        this.done.delete(finished);
        this.averageSeconds = 0.8 * this.averageSeconds + 0.2 * ((performance.now() - started) / 1000);
        this.pump();
      });
    this.done.add(finished);
  }
}
