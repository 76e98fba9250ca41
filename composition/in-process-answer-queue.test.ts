import { describe, expect, it } from "vitest";
import type { AnswerJob } from "../core/application/chat-run-service.js";
import { errorCodeOf } from "../core/ports/testing/domain-error-of.js";
import { InProcessAnswerQueue } from "./in-process-answer-queue.js";

const job = (ownerId: string, n: number): AnswerJob => ({ ownerId, chatId: "c", messageId: `m${n}`, runId: `${ownerId}-${n}`, question: "q", documentIds: [] });

/** A queue whose jobs finish when the test says so, recording the order they started in. */
function harness(concurrency: number, size = 50) {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const signals = new Map<string, AbortSignal>();
  const queue = new InProcessAnswerQueue({
    concurrency,
    size,
    run: (j, signal) => {
      started.push(j.runId);
      signals.set(j.runId, signal);
      return new Promise<void>((resolve, reject) => {
        release.set(j.runId, resolve);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    },
  });
  const finish = async (runId: string) => {
    release.get(runId)!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, started, signals, finish };
}

describe("InProcessAnswerQueue", () => {
  it("runs at most `concurrency` at once and tells each waiting job its place", async () => {
    const { queue, started, finish } = harness(2);
    expect((await queue.submit(job("a", 1))).position).toBe(0);
    expect((await queue.submit(job("a", 2))).position).toBe(0);
    expect((await queue.submit(job("a", 3))).position).toBe(1);
    expect(started).toEqual(["a-1", "a-2"]);
    await finish("a-1");
    expect(started).toEqual(["a-1", "a-2", "a-3"]);
  });

  it("is fair between users: one user's twenty questions do not hold back another's one", async () => {
    const { queue, started, finish } = harness(1);
    for (let i = 1; i <= 20; i++) await queue.submit(job("heavy", i));
    await queue.submit(job("light", 1));
    await finish("heavy-1");
    // the light user's question is the next to start, not the 21st
    expect(started).toEqual(["heavy-1", "light-1"]);
  });

  it("refuses a job beyond its size with QUEUE.FULL and a retry-after", async () => {
    const { queue } = harness(1, 2);
    await queue.submit(job("a", 1));
    await queue.submit(job("a", 2));
    await queue.submit(job("a", 3));
    const full = await queue.submit(job("b", 1)).catch((error: { code: string; details: { retryAfterSeconds: number } }) => error);
    expect(full).toMatchObject({ code: "QUEUE.FULL", details: { retryAfterSeconds: expect.any(Number) } });
  });

  it("cancels a running job through its signal and a waiting one before it starts", async () => {
    const { queue, started, signals } = harness(1);
    await queue.submit(job("a", 1));
    await queue.submit(job("a", 2));
    expect(queue.cancel("a", "a-2")).toBe(true);
    expect(queue.cancel("a", "a-1")).toBe(true);
    expect(signals.get("a-1")!.aborted).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["a-1"]);
    expect(queue.cancel("a", "no-such-run")).toBe(false);
  });

  it("stops taking jobs when stopped, letting the running ones end", async () => {
    const { queue, finish } = harness(1);
    await queue.submit(job("a", 1));
    const stopped = queue.stop(5_000);
    expect(await errorCodeOf(queue.submit(job("a", 2)))).toBe("STORAGE.UNAVAILABLE");
    await finish("a-1");
    await stopped;
  });
});
