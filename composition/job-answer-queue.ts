import { z } from "zod";
import type { AnswerJob, AnswerQueue } from "../core/application/chat-run-service.js";
import { DomainError } from "../core/domain/errors.js";
import type { JobHandler, JobQueue } from "../core/ports/job-queue.js";

/** A typical answer run's length (agent runs measured 10–30 s with a model): the wait estimate's unit. */
const SECONDS_PER_ANSWER = 20;

/** The job kind of a posted question's answer run. */
export const ANSWER_JOB = "answer";

/** An answer job's payload as it comes back from the queue's store: checked, since a worker must not trust stored JSON. */
const AnswerPayload = z.object({
  ownerId: z.string().min(1),
  chatId: z.string().min(1),
  messageId: z.string().min(1),
  runId: z.string().min(1),
  question: z.string(),
  documentIds: z.array(z.string()),
  compare: z.object({ a: z.array(z.string()), b: z.array(z.string()) }).optional(),
});

/**
 * Posted questions as jobs of the deployment's `JobQueue`: the run id is the job's id (so a cancel names the run),
 * the user message's id its singleton key (a retried post queues one run). The queue is opened on first use.
 */
export class JobAnswerQueue implements AnswerQueue {
  constructor(
    private readonly jobs: () => Promise<JobQueue>,
    /** Answers running at once on an instance, for the wait estimate. */
    private readonly concurrency: number,
  ) {}

  async submit(job: AnswerJob): Promise<{ position: number; estimatedWaitSeconds: number }> {
    const queue = await this.jobs();
    const { position } = await queue.submit(job.ownerId, { id: job.runId, kind: ANSWER_JOB, payload: { ...job }, singletonKey: job.messageId });
    return { position, estimatedWaitSeconds: Math.round((position * SECONDS_PER_ANSWER) / this.concurrency) };
  }

  async cancel(ownerId: string, runId: string): Promise<"cancelled-waiting" | "cancelled-running" | "ended"> {
    const queue = await this.jobs();
    const before = await queue.status(ownerId, runId);
    if (!(await queue.cancel(ownerId, runId))) return "ended";
    return before.state === "queued" ? "cancelled-waiting" : "cancelled-running";
  }
}

/**
 * The worker half: runs an answer job as its owner (`answer` records everything in the chat and the run's log).
 * `interrupt()` ends the runs under way with `JOB.INTERRUPTED` (an instance's shutdown grace running out): they record
 * how they ended, rather than be given back to the queue half told.
 */
export function answerJobHandler(answer: (job: AnswerJob, signal: AbortSignal) => Promise<void>): { handler: JobHandler; interrupt(): void } {
  const running = new Set<AbortController>();
  const handler: JobHandler = async (job, signal) => {
    const parsed = AnswerPayload.safeParse(job.payload);
    if (!parsed.success || parsed.data.ownerId !== job.ownerId || parsed.data.runId !== job.id) {
      throw new DomainError("INTERNAL", `answer job ${job.id} has a payload this version cannot read`);
    }
    const { compare, ...rest } = parsed.data;
    const local = new AbortController();
    running.add(local);
    try {
      await answer({ ...rest, ...(compare ? { compare } : {}) }, AbortSignal.any([signal, local.signal]));
    } finally {
      running.delete(local);
    }
  };
  return {
    handler,
    interrupt: () => {
      for (const controller of running) controller.abort(new DomainError("JOB.INTERRUPTED", "the server stopped before the answer finished; ask again", { retryable: true }));
    },
  };
}
