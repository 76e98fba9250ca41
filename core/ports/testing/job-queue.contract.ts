import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../../domain/errors.js";
import type { JobHandler, JobQueue, JobStatus, RunningJob } from "../job-queue.js";

/** The limits a store's instances run with (adapter settings elsewhere). */
export interface JobQueueLimits {
  concurrency: number;
  maxQueued: number;
  /** Default 1. */
  perOwnerConcurrency?: number;
}

/** One empty store (a database); each `open()` is another instance over it (another process), not yet started. */
export interface JobQueueStore {
  open(): Promise<JobQueue>;
}

const owner = (name = "user") => `${name}-${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds (fails after `timeoutMs` with the last value seen). */
async function until<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

const inState = (state: JobStatus["state"]) => (status: JobStatus) => status.state === state;

async function rejectCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return DomainError.isInstance(error) ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

/** A handler whose runs wait until released (or until their signal aborts, which rejects them). */
function heldHandler() {
  const runs: { job: RunningJob; signal: AbortSignal; release: () => void; fail: (error: Error) => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const handler: JobHandler = (job, signal) =>
    new Promise<void>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      let ended = false;
      const end = (settle: () => void) => () => {
        if (ended) return;
        ended = true;
        running--;
        settle();
      };
      runs.push({ job, signal, release: end(resolve), fail: (error) => end(() => reject(error))() });
      signal.addEventListener("abort", end(() => reject(signal.reason)), { once: true });
    });
  return { handler, runs, maxRunning: () => maxRunning, running: () => running };
}

/** The JobQueue contract, run against every adapter and the in-memory fake. */
export function describeJobQueueContract(name: string, openStore: (limits: JobQueueLimits) => Promise<JobQueueStore>) {
  describe(`JobQueue contract: ${name}`, () => {
    const opened: JobQueue[] = [];
    const instance = async (store: JobQueueStore, start = true) => {
      const queue = await store.open();
      opened.push(queue);
      if (start) await queue.start();
      return queue;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.stop({ graceful: false })));
    });

    it("runs a submitted job once and reports it queued, running and succeeded", async () => {
      const queue = await instance(await openStore({ concurrency: 2, maxQueued: 50 }));
      const alice = owner("alice");
      const submitted = await queue.submit(alice, { kind: "answer", payload: { question: "перемычки?" } });
      expect(submitted.position).toBe(0);
      expect(await queue.status(alice, submitted.jobId)).toEqual({ state: "queued", position: 0 });
      const held = heldHandler();
      queue.work("answer", held.handler);
      expect(await until(() => queue.status(alice, submitted.jobId), inState("running"))).toEqual({ state: "running", attempt: 1 });
      expect(held.runs.map((r) => r.job)).toEqual([{ id: submitted.jobId, ownerId: alice, kind: "answer", payload: { question: "перемычки?" }, attempt: 1 }]);
      held.runs[0]!.release();
      await until(() => queue.status(alice, submitted.jobId), inState("succeeded"));
      expect(held.runs).toHaveLength(1);
      expect(await rejectCode(queue.submit(alice, { kind: "Not A Kind" }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("runs at most `concurrency` handlers at once on an instance", async () => {
      const queue = await instance(await openStore({ concurrency: 2, maxQueued: 50 }));
      const jobs = await Promise.all(Array.from({ length: 5 }, async () => {
        const who = owner();
        return { who, ...(await queue.submit(who, { kind: "ingest" })) };
      }));
      const held = heldHandler();
      queue.work("ingest", held.handler);
      for (let released = 0; released < jobs.length; released++) {
        await until(() => held.runs.length, (n) => n > released);
        await sleep(150); // time for a third handler to start, were the bound broken
        expect(held.running()).toBeLessThanOrEqual(2);
        held.runs[released]!.release();
      }
      for (const job of jobs) await until(() => queue.status(job.who, job.jobId), inState("succeeded"));
      expect(held.maxRunning()).toBe(2);
    });

    it("takes turns between owners: one owner's twenty jobs do not starve another's one", async () => {
      const queue = await instance(await openStore({ concurrency: 2, maxQueued: 50 }));
      const [alice, bob] = [owner("alice"), owner("bob")];
      const aliceJobs = [];
      for (let i = 0; i < 20; i++) aliceJobs.push(await queue.submit(alice, { kind: "answer", payload: { i } }));
      const bobJob = await queue.submit(bob, { kind: "answer" });
      expect(aliceJobs.slice(0, 3).map((j) => j.position)).toEqual([0, 1, 2]);
      expect(bobJob.position).toBe(1);
      const started: string[] = [];
      let aliceRunning = 0;
      let aliceMax = 0;
      queue.work("answer", async (job) => {
        started.push(job.ownerId);
        if (job.ownerId === alice) aliceMax = Math.max(aliceMax, ++aliceRunning);
        await sleep(50);
        if (job.ownerId === alice) aliceRunning--;
      });
      await until(() => queue.status(bob, bobJob.jobId), inState("succeeded"));
      await until(() => started.length, (n) => n === 21);
      expect(started.indexOf(bob)).toBeLessThan(10);
      expect(aliceMax).toBe(1);
    });

    it("refuses past `maxQueued` waiting jobs with QUEUE.FULL and a retry-after, for every owner", async () => {
      const queue = await instance(await openStore({ concurrency: 1, maxQueued: 2 }));
      const [alice, bob] = [owner("alice"), owner("bob")];
      const held = heldHandler();
      queue.work("ingest", held.handler);
      const first = await queue.submit(alice, { kind: "ingest" });
      await until(() => queue.status(alice, first.jobId), inState("running"));
      await queue.submit(alice, { kind: "ingest" });
      const third = await queue.submit(bob, { kind: "ingest" });
      const refused = await queue.submit(bob, { kind: "ingest" }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: "QUEUE.FULL", isRetryable: true, details: { retryAfterSeconds: expect.any(Number) } });
      expect((refused as DomainError).details!.retryAfterSeconds).toBeGreaterThan(0);
      expect(await rejectCode(queue.submit(owner(), { kind: "answer" }))).toBe("QUEUE.FULL");
      expect(await queue.cancel(bob, third.jobId)).toBe(true);
      await queue.submit(bob, { kind: "ingest" });
    });

    it("answers with the waiting or running job of the owner that has the same singletonKey", async () => {
      const queue = await instance(await openStore({ concurrency: 1, maxQueued: 50 }));
      const [alice, bob] = [owner("alice"), owner("bob")];
      const first = await queue.submit(alice, { kind: "answer", singletonKey: "message-1" });
      expect(await queue.submit(alice, { kind: "answer", singletonKey: "message-1" })).toEqual(first);
      const bobs = await queue.submit(bob, { kind: "answer", singletonKey: "message-1" });
      expect(bobs.jobId).not.toBe(first.jobId);
      const held = heldHandler();
      queue.work("answer", held.handler);
      await until(() => queue.status(alice, first.jobId), inState("running"));
      expect(await queue.submit(alice, { kind: "answer", singletonKey: "message-1" })).toEqual({ jobId: first.jobId, position: 0 });
      held.runs[0]!.release();
      await until(() => queue.status(alice, first.jobId), inState("succeeded"));
      expect((await queue.submit(alice, { kind: "answer", singletonKey: "message-1" })).jobId).not.toBe(first.jobId);
    });

    it("keeps the id the caller named, and refuses an id another job has", async () => {
      const queue = await instance(await openStore({ concurrency: 1, maxQueued: 50 }));
      const [alice, bob] = [owner("alice"), owner("bob")];
      const id = randomUUID();
      const named = await queue.submit(alice, { id, kind: "answer" });
      expect(named.jobId).toBe(id);
      expect((await queue.status(alice, id)).state).toBe("queued");
      expect(await rejectCode(queue.submit(bob, { id, kind: "answer" }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await rejectCode(queue.submit(alice, { id: "run-1", kind: "answer" }))).toBe("VALIDATION.INVALID_INPUT");
      await expect(queue.status(bob, id)).rejects.toMatchObject({ code: "JOB.NOT_FOUND" });
      // an ended job keeps its id, in any letter case
      expect(await queue.cancel(alice, id)).toBe(true);
      expect(await rejectCode(queue.submit(alice, { id: id.toUpperCase(), kind: "answer", singletonKey: "message-2" }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("cancels a waiting job before it starts and aborts a running job's signal", async () => {
      const queue = await instance(await openStore({ concurrency: 1, maxQueued: 50 }));
      const alice = owner("alice");
      const held = heldHandler();
      queue.work("answer", held.handler);
      const running = await queue.submit(alice, { kind: "answer" });
      const waiting = await queue.submit(alice, { kind: "answer" });
      await until(() => queue.status(alice, running.jobId), inState("running"));
      expect(await queue.cancel(alice, waiting.jobId)).toBe(true);
      expect(await queue.status(alice, waiting.jobId)).toEqual({ state: "cancelled" });
      const cancelledAt = Date.now();
      expect(await queue.cancel(alice, running.jobId)).toBe(true);
      await until(() => held.runs[0]!.signal.aborted, Boolean, 2_000);
      expect(Date.now() - cancelledAt).toBeLessThan(2_000);
      await sleep(300); // the handler has rejected by now; the job stays cancelled, and the cancelled one never starts
      expect(await queue.status(alice, running.jobId)).toEqual({ state: "cancelled" });
      expect(held.runs).toHaveLength(1);
      expect(await queue.cancel(alice, running.jobId)).toBe(false);
    });

    it("reaches the instance that runs a job when another instance cancels it", async () => {
      const store = await openStore({ concurrency: 1, maxQueued: 50 });
      const worker = await instance(store);
      const front = await instance(store);
      const alice = owner("alice");
      const held = heldHandler();
      worker.work("answer", held.handler);
      const job = await front.submit(alice, { kind: "answer" });
      await until(() => front.status(alice, job.jobId), inState("running"));
      expect(await front.cancel(alice, job.jobId)).toBe(true);
      await until(() => held.runs[0]!.signal.aborted, Boolean, 10_000);
      expect(await worker.status(alice, job.jobId)).toEqual({ state: "cancelled" });
    });

    it("keeps jobs to their owner: another owner's or an unknown id is JOB.NOT_FOUND", async () => {
      const queue = await instance(await openStore({ concurrency: 1, maxQueued: 50 }));
      const [alice, bob] = [owner("alice"), owner("bob")];
      const job = await queue.submit(alice, { kind: "answer" });
      expect(await rejectCode(queue.status(bob, job.jobId))).toBe("JOB.NOT_FOUND");
      expect(await rejectCode(queue.cancel(bob, job.jobId))).toBe("JOB.NOT_FOUND");
      expect(await rejectCode(queue.status(alice, randomUUID()))).toBe("JOB.NOT_FOUND");
      expect(await rejectCode(queue.cancel(alice, "not-a-job-id"))).toBe("JOB.NOT_FOUND");
      expect(await queue.status(alice, job.jobId)).toEqual({ state: "queued", position: 0 });
    });

    it("reports a handler's failure once, with its error, and does not run the job again", async () => {
      const queue = await instance(await openStore({ concurrency: 2, maxQueued: 50 }));
      const alice = owner("alice");
      const calls: string[] = [];
      queue.work("answer", async (job) => {
        calls.push(job.id);
        if (job.payload.domain) throw new DomainError("LLM.UNAVAILABLE", "the model is down", { retryable: true });
        throw new Error("disk on fire");
      });
      const domain = await queue.submit(alice, { kind: "answer", payload: { domain: true } });
      const plain = await queue.submit(owner(), { kind: "answer" });
      expect(await until(() => queue.status(alice, domain.jobId), inState("failed"))).toEqual({
        state: "failed",
        error: { code: "LLM.UNAVAILABLE", message: "the model is down", isRetryable: true },
      });
      await until(() => calls.length, (n) => n === 2);
      await sleep(1_500); // past a poll or two: a retry would have started by now
      expect(calls.sort()).toEqual([domain.jobId, plain.jobId].sort());
      expect(await queue.status(alice, domain.jobId)).toMatchObject({ state: "failed" });
    });

    it("stops gracefully: running jobs finish, waiting ones stay queued and run on the next instance", async () => {
      const store = await openStore({ concurrency: 2, maxQueued: 50 });
      const first = await instance(store);
      const [alice, bob] = [owner("alice"), owner("bob")];
      const held = heldHandler();
      first.work("ingest", held.handler);
      const finishing = await first.submit(alice, { kind: "ingest", payload: { i: 0 } });
      const failing = await first.submit(bob, { kind: "ingest", payload: { i: 1 } });
      const waiting = await first.submit(alice, { kind: "ingest", payload: { i: 2 } });
      await until(() => held.runs.length, (n) => n === 2);
      const stopping = first.stop({ graceful: true, timeoutMs: 10_000 });
      await sleep(200);
      held.runs.find((r) => r.job.id === finishing.jobId)!.release();
      // failing while its instance stops: the failure may be the shutdown's, so the job is given back
      held.runs.find((r) => r.job.id === failing.jobId)!.fail(new Error("database closed"));
      await stopping;
      expect(held.runs).toHaveLength(2);
      const next = await instance(store);
      expect(await next.status(alice, finishing.jobId)).toEqual({ state: "succeeded" });
      expect(await next.status(bob, failing.jobId)).toEqual({ state: "queued", position: 0 });
      expect(await next.status(alice, waiting.jobId)).toEqual({ state: "queued", position: 1 });
      const ran: number[] = [];
      next.work("ingest", async (job) => void ran.push(job.payload.i as number));
      await until(() => next.status(alice, waiting.jobId), inState("succeeded"));
      expect(await until(() => next.status(bob, failing.jobId), inState("succeeded"))).toEqual({ state: "succeeded" });
      expect(ran.sort()).toEqual([1, 2]);
    });

    it("gives back a job whose handler outlives the stop, and the next instance runs it again", async () => {
      const store = await openStore({ concurrency: 2, maxQueued: 50 });
      const first = await instance(store);
      const alice = owner("alice");
      const held = heldHandler();
      first.work("answer", held.handler);
      const overdue = await first.submit(alice, { kind: "answer" });
      const abandoned = await first.submit(owner(), { kind: "answer" });
      await until(() => held.runs.length, (n) => n === 2);
      const run = (id: string) => held.runs.find((r) => r.job.id === id)!;
      const stoppedAt = Date.now();
      await first.stop({ graceful: true, timeoutMs: 1_000 });
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(900);
      expect(run(overdue.jobId).signal.aborted && run(abandoned.jobId).signal.aborted).toBe(true);
      const next = await instance(store);
      expect(await next.status(alice, overdue.jobId)).toMatchObject({ state: "queued" });
      const attempts: number[] = [];
      next.work("answer", async (job) => void attempts.push(job.attempt));
      await until(() => next.status(alice, overdue.jobId), inState("succeeded"));
      await until(() => attempts.length, (n) => n === 2);
      expect(attempts).toEqual([2, 2]);
    });
  });
}
