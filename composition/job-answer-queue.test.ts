import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AnswerJob } from "../core/application/chat-run-service.js";
import { InMemoryJobQueue } from "../core/ports/testing/in-memory-job-queue.js";
import { ANSWER_JOB, JobAnswerQueue, answerJobHandler } from "./job-answer-queue.js";

const jobOf = (ownerId: string): AnswerJob => ({ ownerId, chatId: "chat-1", messageId: randomUUID(), runId: randomUUID(), question: "Какие перемычки?", documentIds: ["doc-1"] });

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > deadline) throw new Error("timed out");
  }
}

describe("JobAnswerQueue", () => {
  it("queues an answer under its run id, once per posted message, and cancels it by that id", async () => {
    const queue = new InMemoryJobQueue(undefined, { concurrency: 1 });
    await queue.start();
    const answers = new JobAnswerQueue(async () => queue, 1);
    const job = jobOf("alice");
    expect(await answers.submit(job)).toEqual({ position: 0, estimatedWaitSeconds: 0 });
    // a retried post of the same message names the same run
    expect((await queue.status("alice", job.runId)).state).toBe("queued");
    const later = jobOf("alice");
    expect((await answers.submit(later)).estimatedWaitSeconds).toBeGreaterThan(0);
    expect(await answers.cancel("alice", later.runId)).toBe("cancelled-waiting");
    expect(await answers.cancel("alice", later.runId)).toBe("ended");
    await expect(answers.cancel("bob", job.runId)).rejects.toMatchObject({ code: "JOB.NOT_FOUND" });
    await queue.stop();
  });

  it("runs an answer job with its payload checked, and interrupts the runs under way with JOB.INTERRUPTED", async () => {
    const queue = new InMemoryJobQueue(undefined, { concurrency: 2 });
    const seen: Array<{ job: AnswerJob; reason?: unknown }> = [];
    const worker = answerJobHandler(
      (job, signal) =>
        new Promise<void>((resolve) => {
          const entry: { job: AnswerJob; reason?: unknown } = { job };
          seen.push(entry);
          signal.addEventListener("abort", () => resolve(void (entry.reason = signal.reason)));
        }),
    );
    queue.work(ANSWER_JOB, worker.handler);
    await queue.start();
    const answers = new JobAnswerQueue(async () => queue, 2);
    const job = jobOf("alice");
    await answers.submit(job);
    // a stored payload that is not an answer job's is refused, not run
    const forged = await queue.submit("carol", { kind: ANSWER_JOB, payload: { ...jobOf("bob") } });
    await until(() => seen.length === 1);
    for (let i = 0; i < 100 && (await queue.status("carol", forged.jobId)).state !== "failed"; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await queue.status("carol", forged.jobId)).toMatchObject({ state: "failed", error: { code: "INTERNAL" } });
    expect(seen[0]!.job).toEqual(job);
    worker.interrupt();
    await until(() => seen[0]!.reason !== undefined);
    expect(seen[0]!.reason).toMatchObject({ code: "JOB.INTERRUPTED" });
    await queue.stop();
  });
});
