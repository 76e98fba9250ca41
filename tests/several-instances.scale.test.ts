import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { GeminiWireServer } from "../adapters/gemini/testing/gemini-wire-server.js";
import { startS3rver, type S3rverHarness } from "../adapters/r2/testing/s3rver-harness.js";
import { startTestPostgres, type TestPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";
import { type ReceivedFrame, type ServeInstance, addUsers, call, readRunStream, scriptFixedLatencyModel, signIn, startServeInstance } from "./testing/serve-instances.js";

/**
 * Issue #16's proof: two `aizoomdoc serve` processes over one Postgres and one bucket. Users post to both, each
 * stream is read from the other instance, one instance is killed (SIGKILL) while answers run on it. Every accepted
 * message gets exactly one answer, every stream gets every event of its run once, and the queue ends empty.
 */
const USERS = 4;
/** Each user asks this many questions, alternately on each instance, each in a chat of its own. */
const QUESTIONS_PER_USER = 2;
/** The scripted model: an intent call, then an answer streamed in pieces (about 2.5 s in all). */
const MODEL = { intentMs: 150, pieces: 8, pieceMs: 250 };
/** The queue's heartbeat (10 s) lapses and its supervisor (every 2 s) gives a dead instance's jobs back. */
const TAKEOVER_BUDGET_MS = 40_000;

let database: TestPostgresServer;
let s3: S3rverHarness;
let wire: GeminiWireServer;
let databaseUrl: string;
const instances: ServeInstance[] = [];

beforeAll(async () => {
  [database, s3, wire] = await Promise.all([startTestPostgres(), startS3rver(), GeminiWireServer.start()]);
  databaseUrl = await database.createDatabase();
});
afterAll(async () => {
  for (const instance of instances) await instance.kill();
  await Promise.all([wire?.close(), s3?.close(), database?.stop()]);
});

it("answers every accepted message exactly once across two instances, one of them killed mid-answer", { timeout: 90_000 }, async () => {
  const bucket = await s3.createBucket();
  scriptFixedLatencyModel(wire, { answers: USERS * QUESTIONS_PER_USER * 2, ...MODEL });
  const staticTokens = await addUsers({ databaseUrl, bucket }, Array.from({ length: USERS }, (_, i) => `инженер-${i}`));
  const backends = { databaseUrl, bucket, modelUrl: wire.url, concurrency: 2 };
  const [a, b] = await Promise.all([startServeInstance("a", backends), startServeInstance("b", backends)]);
  instances.push(a, b);
  const other = (instance: ServeInstance) => (instance === a ? b : a);
  // a token signed by one instance is good on the other: every user signs in on a
  const tokens = await Promise.all(staticTokens.map((token) => signIn(a.url, token)));

  const deadline = Date.now() + TAKEOVER_BUDGET_MS;
  const posted: Array<{ user: number; chatId: string; runId: string; postedTo: ServeInstance; stream: Promise<ReceivedFrame[]> }> = [];
  for (let question = 0; question < QUESTIONS_PER_USER; question++) {
    for (let user = 0; user < USERS; user++) {
      const postedTo = (user + question) % 2 === 0 ? a : b;
      const chat = await call<{ id: string }>(`${postedTo.url}/chats`, { token: tokens[user]!, body: { title: `вопрос ${question}` }, expected: 201 });
      const message = await call<{ run_id?: string }>(`${postedTo.url}/chats/${chat.id}/messages`, { token: tokens[user]!, body: { content: "Какие перемычки на 2 этаже?" }, expected: 201 });
      const runId = message.run_id!;
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
      // read from the other instance; once that one is gone, from the one still up
      const reader = other(postedTo);
      const stream = readRunStream(() => (reader.child.exitCode === null && reader.child.signalCode === null ? reader : other(reader)), runId, tokens[user]!, deadline);
      posted.push({ user, chatId: chat.id, runId, postedTo, stream });
    }
  }

  // kill a while answers stream: with 2 slots on each instance and 8 questions, both run answers then
  await expect.poll(() => wire.modelRequests.filter((r) => r.action === "streamGenerateContent").length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(4);
  await a.kill();

  const streams = await Promise.all(posted.map((p) => p.stream));
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    let takenOver = 0;
    for (const [i, { user, chatId, runId }] of posted.entries()) {
      const frames = streams[i]!;
      // every event of the run's log, once, in order, whichever instances the stream came from
      const log = await readRunStream(() => b, runId, tokens[user]!, Date.now() + 10_000);
      expect(frames.map((f) => f.id)).toEqual(log.map((f) => f.id));
      expect(log.map((f) => Number(f.id.split(":").at(-1)))).toEqual(log.map((_, n) => n + 1));
      expect(log.filter((f) => f.event === "completed" || f.event === "error").map((f) => f.event)).toEqual(["completed"]);
      if (log.filter((f) => f.event === "processing_started").length > 1) takenOver += 1;
      // exactly one answer in the chat
      const chat = await call<{ messages: Array<{ role: string; content: string }> }>(`${b.url}/chats/${chatId}`, { token: tokens[user]! });
      expect(chat.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      expect(chat.messages[1]!.content).toContain("ПР-1");
    }
    // the kill did land mid-answer: some runs began on a and were taken up again by b
    expect(takenOver).toBeGreaterThan(0);
    // streams read from a went on from b with Last-Event-ID
    expect(streams.some((frames) => frames.some((f) => f.from === "a") && frames.some((f) => f.from === "b"))).toBe(true);
    // the queue ends empty: nothing waits, nothing is held by the dead instance
    const live = await sql<{ state: string; count: number }[]>`select state, count(*)::int as count from pgboss.job where state in ('created', 'retry', 'active') group by state`;
    expect(live).toEqual([]);
  } finally {
    await sql.end();
  }
  expect(await b.stop()).toBe(0);
});
