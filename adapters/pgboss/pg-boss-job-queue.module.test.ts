import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Container } from "inversify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { JobQueue } from "../../core/ports/job-queue.js";
import { localDatabaseModule } from "../local/local.module.js";
import { seedLocalDataDir } from "../local/testing/pglite-template.js";
import { freePort } from "../supabase/testing/embedded-postgres-server.js";
import { pgBossJobQueueModule } from "./pg-boss-job-queue.module.js";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-job-queue-module-"));
  await seedLocalDataDir(dataDir);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const embedded = () => {
  const container = new Container();
  container.load(localDatabaseModule({ dataDir }), pgBossJobQueueModule("embedded", { queueName: "module-test" }, { stopTimeoutMs: 1_000 }));
  return container;
};

it("keeps accepted jobs in the data dir's database across a restart, a running one given back, and runs them next time", async () => {
  const first = embedded();
  const queue = await first.getAsync<JobQueue>(JobQueue);
  // never returns unless aborted: the unbind's grace runs out and pg-boss gives the job back
  queue.work("ingest", (_job, signal) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))));
  const running = await queue.submit("alice", { kind: "ingest", payload: { file: "plan.pdf" } });
  const waiting = await queue.submit("alice", { kind: "ingest", payload: { file: "section.pdf" } });
  await expect.poll(() => queue.status("alice", running.jobId), { timeout: 5_000, interval: 25 }).toMatchObject({ state: "running" });
  // the container closes the database and stops the queue in whatever order: the queue must still give the job back
  await first.unbindAllAsync();
  await expect(queue.status("alice", running.jobId)).rejects.toMatchObject({ code: "INTERNAL" });

  const next = embedded();
  const reopened = await next.getAsync<JobQueue>(JobQueue);
  expect(await reopened.status("alice", running.jobId)).toEqual({ state: "queued", position: 0 });
  expect(await reopened.status("alice", waiting.jobId)).toEqual({ state: "queued", position: 1 });
  const runs: unknown[] = [];
  reopened.work("ingest", async ({ payload, attempt }) => void runs.push({ ...payload, attempt }));
  await expect.poll(() => reopened.status("alice", waiting.jobId), { timeout: 5_000, interval: 25 }).toEqual({ state: "succeeded" });
  expect(runs).toEqual([{ file: "plan.pdf", attempt: 2 }, { file: "section.pdf", attempt: 1 }]);
  await next.unbindAllAsync();
});

it("names the server, not the password, when the Postgres URL does not answer", async () => {
  const port = await freePort();
  const container = new Container();
  container.load(pgBossJobQueueModule({ url: `postgres://u:secret@127.0.0.1:${port}/db` }));
  const error = await container.getAsync<JobQueue>(JobQueue).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: "STORAGE.UNAVAILABLE", message: expect.stringContaining(`127.0.0.1:${port}`) });
  expect((error as Error).message).not.toContain("secret");
});
