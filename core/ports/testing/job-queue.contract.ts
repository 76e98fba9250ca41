import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { JobQueue } from "../job-queue.js";

const owner = () => `owner-${randomUUID().slice(0, 8)}`;
/** Each test claims only kinds of its own, so suites sharing one database do not take each other's jobs. */
const kindOf = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The JobQueue contract, run against every adapter and the in-memory fake. */
export function describeJobQueueContract(name: string, make: () => Promise<JobQueue>) {
  describe(`JobQueue contract: ${name}`, () => {
    it("enqueues, claims the oldest due job of the asked kinds, and completes it", async () => {
      const queue = await make();
      const me = owner();
      const kind = kindOf("ocr");
      const first = await queue.enqueue(me, { kind, payload: { documentId: "d1", pages: [1, 2] }, documentId: "d1" });
      expect(first).toMatchObject({ ownerId: me, kind, status: "queued", attempts: 0, payload: { pages: [1, 2] }, documentId: "d1" });
      await pause(5);
      const second = await queue.enqueue(me, { kind });
      await queue.enqueue(me, { kind: kindOf("other") });
      const claimed = await queue.claim("worker-a", [kind]);
      expect(claimed).toMatchObject({ id: first.id, status: "running", attempts: 1, lockedBy: "worker-a" });
      expect(await queue.heartbeat(first.id, "worker-a", 0.5)).toBe(true);
      expect((await queue.getJob(me, first.id))?.progress).toBe(0.5);
      expect(await queue.complete(first.id, "worker-a", { blocks: 12 })).toBe(true);
      const done = await queue.getJob(me, first.id);
      expect(done).toMatchObject({ status: "succeeded", result: { blocks: 12 }, progress: 1 });
      expect(done).not.toHaveProperty("lockedBy");
      expect((await queue.claim("worker-a", [kind]))?.id).toBe(second.id);
      expect(await queue.claim("worker-a", [kind])).toBeUndefined();
    });

    it("never hands one job to two racing workers", async () => {
      const queue = await make();
      const me = owner();
      const kind = kindOf("race");
      const ids = new Set<string>();
      for (let i = 0; i < 6; i++) ids.add((await queue.enqueue(me, { kind })).id);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.claim(`w${i}`, [kind])));
      const got = claims.filter((c) => c !== undefined).map((c) => c.id);
      expect(got.sort()).toEqual([...ids].sort());
    });

    it("waits for runAfter, retries a failed job when asked and gives an expired lease to another worker", async () => {
      const queue = await make();
      const me = owner();
      const kind = kindOf("retry");
      const later = await queue.enqueue(me, { kind, runAfter: new Date(Date.now() + 60_000) });
      expect(await queue.claim("w", [kind])).toBeUndefined();
      expect(later.runAfter > new Date().toISOString()).toBe(true);

      const job = await queue.enqueue(me, { kind });
      await queue.claim("w1", [kind]);
      expect(await queue.fail(job.id, "w1", { code: "LLM.RATE_LIMITED", message: "slow down" }, new Date(Date.now() - 1))).toBe(true);
      expect(await queue.getJob(me, job.id)).toMatchObject({ status: "queued", error: { code: "LLM.RATE_LIMITED" } });
      expect(await queue.claim("w2", [kind])).toMatchObject({ id: job.id, attempts: 2, lockedBy: "w2" });

      await pause(60);
      expect(await queue.claim("w3", [kind], { leaseMs: 30 })).toMatchObject({ id: job.id, attempts: 3, lockedBy: "w3" });
      expect(await queue.complete(job.id, "w2")).toBe(false);
      expect(await queue.heartbeat(job.id, "w2")).toBe(false);
      expect(await queue.fail(job.id, "w3", { code: "INTERNAL", message: "broken" })).toBe(true);
      expect(await queue.getJob(me, job.id)).toMatchObject({ status: "failed", error: { message: "broken" } });
      expect(await queue.claim("w4", [kind], { leaseMs: 1 })).toBeUndefined();
    });

    it("cancels queued and running jobs of their owner only; lists newest first", async () => {
      const queue = await make();
      const me = owner();
      const kind = kindOf("cancel");
      const queued = await queue.enqueue(me, { kind });
      await pause(5);
      const running = await queue.enqueue(me, { kind: `${kind}-run` });
      await queue.claim("w", [`${kind}-run`]);
      expect(await queue.cancel(owner(), queued.id)).toBe(false);
      expect(await queue.getJob(owner(), queued.id)).toBeUndefined();
      expect(await queue.cancel(me, queued.id)).toBe(true);
      expect(await queue.cancel(me, running.id)).toBe(true);
      expect(await queue.heartbeat(running.id, "w")).toBe(false);
      expect(await queue.cancel(me, running.id)).toBe(false);
      expect(await queue.claim("w", [kind, `${kind}-run`])).toBeUndefined();
      expect((await queue.listJobs(me)).map((j) => j.id)).toEqual([running.id, queued.id]);
      expect((await queue.listJobs(me, { kind, status: "cancelled" })).map((j) => j.id)).toEqual([queued.id]);
      expect(await queue.listJobs(me, { limit: 1 })).toHaveLength(1);
    });

    it("refuses invalid input", async () => {
      const queue = await make();
      await expect(queue.enqueue(owner(), { kind: "Bad Kind!" })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      await expect(queue.claim("w", [])).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      await expect(queue.listJobs(owner(), { limit: 0 })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
      await expect(queue.heartbeat("x", "w", 2)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    });
  });
}
