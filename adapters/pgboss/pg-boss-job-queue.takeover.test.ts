import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPostgres, type TestPostgresServer } from "../supabase/testing/embedded-postgres-server.js";
import { PgBossJobQueue } from "./pg-boss-job-queue.js";

const WORKER = fileURLToPath(new URL("./testing/stuck-worker-process.ts", import.meta.url));

let server: TestPostgresServer;
let url: string;
let child: ChildProcess | undefined;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await server?.stop();
});

/** Resolves with the first stdout line of `process` that matches `pattern`. */
function line(process: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    process.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) resolve(match);
    });
    process.once("exit", (code) => reject(new Error(`the worker exited (${code}) before printing ${pattern}: ${seen}`)));
  });
}

it("runs a job again on another instance after the process running it was killed (SIGKILL)", async () => {
  const queueName = `takeover-${randomUUID().slice(0, 8)}`;
  child = spawn(process.execPath, ["--import", "tsx", WORKER, url, queueName], { stdio: ["ignore", "pipe", "inherit"] });
  await line(child, /ready/);
  const survivor = new PgBossJobQueue({ url, maxConnections: 2 }, { queueName }, () => undefined);
  await survivor.start();
  try {
    const { jobId } = await survivor.submit("alice", { kind: "answer" });
    expect((await line(child, /started (\S+)/))[1]).toBe(jobId);
    child.kill("SIGKILL");
    const killedAt = Date.now();
    const attempts: number[] = [];
    survivor.work("answer", async (job) => void attempts.push(job.attempt));
    // the heartbeat (10 s) lapses, the supervisor (every 2 s) gives the job back, the survivor takes it
    await expect.poll(() => survivor.status("alice", jobId), { timeout: 25_000, interval: 100 }).toEqual({ state: "succeeded" });
    expect(attempts).toEqual([2]);
    expect(Date.now() - killedAt).toBeGreaterThan(5_000);
  } finally {
    await survivor.stop({ graceful: false });
  }
});
