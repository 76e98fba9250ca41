/**
 * Several instances over one Postgres and one bucket (issue #16), all on loopback: `aizoomdoc serve` child processes
 * over an embedded Postgres and s3rver, answering with a scripted model of fixed latency (the Gemini wire-format fake,
 * one per instance, so the bench knows which instance ran each answer). It measures:
 *  1. answers/min with 1 and with 2 instances (each runs MAX_CONCURRENT_REQUESTS answers at once);
 *  2. time to first event across instances: from the model writing an answer's first piece to its first `llm_token`
 *     event reaching a client streaming from the instance that runs the answer, and one streaming from the other;
 *     and, over every event of those runs, how much later the other instance's client got it than the runner's;
 *  3. fairness: the wait (post to `processing_started`) of a light user's questions while a heavy user has 20 queued.
 *
 *   npx tsx bench/scale.bench.ts [--answers 24] [--concurrency 2] [--latency-runs 20] [--light 8]
 */
import { parseArgs } from "node:util";
import { GeminiWireServer } from "../adapters/gemini/testing/gemini-wire-server.js";
import { startS3rver } from "../adapters/r2/testing/s3rver-harness.js";
import { startPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";
import { type ReceivedFrame, type ServeInstance, type SharedBackends, addUsers, call, readRunStream, scriptFixedLatencyModel, signIn, startServeInstance } from "../tests/testing/serve-instances.js";

const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "24" },
    concurrency: { type: "string", default: "2" },
    "latency-runs": { type: "string", default: "20" },
    light: { type: "string", default: "8" },
  },
});
const ANSWERS = Number(values.answers);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_RUNS = Number(values["latency-runs"]);
const LIGHT_QUESTIONS = Number(values.light);
const HEAVY_QUEUED = 20;
/** Users the throughput phase's questions are spread over (the queue runs one answer per user per instance). */
const USERS = 8;
/** The scripted model: a 200 ms intent call, then the answer streamed in 5 pieces over 1 s. */
const MODEL = { intentMs: 200, pieces: 5, pieceMs: 200 };
const ANSWER_MS = MODEL.intentMs + MODEL.pieces * MODEL.pieceMs;
const PHASE_DEADLINE_MS = 180_000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const log = (message: string) => console.error(`[scale] ${message}`);

/** A posted question and its stream, read from `reader`. */
async function ask(postTo: ServeInstance, reader: () => ServeInstance, token: string, content: string) {
  const chat = await call<{ id: string }>(`${postTo.url}/chats`, { token, body: { title: content.slice(0, 40) }, expected: 201 });
  const postedAt = Date.now();
  const { run_id } = await call<{ run_id: string }>(`${postTo.url}/chats/${chat.id}/messages`, { token, body: { content }, expected: 201 });
  return { postedAt, runId: run_id, stream: readRunStream(reader, run_id, token, Date.now() + PHASE_DEADLINE_MS) };
}

const endedWell = (frames: ReceivedFrame[]) => frames.at(-1)?.event === "completed";
const first = (frames: ReceivedFrame[], event: string) => frames.find((f) => f.event === event)?.at;

/** Answers/min over `instances`: `ANSWERS` questions of `USERS` users posted round-robin, each followed to its end. */
async function throughput(instances: ServeInstance[], tokens: string[]): Promise<number> {
  const started = Date.now();
  const asked: Awaited<ReturnType<typeof ask>>[] = [];
  for (let i = 0; i < ANSWERS; i++) {
    const instance = instances[i % instances.length]!;
    asked.push(await ask(instance, () => instances[(i + 1) % instances.length]!, tokens[i % USERS]!, `Какие перемычки на ${(i % 9) + 1} этаже?`));
  }
  const streams = await Promise.all(asked.map((a) => a.stream));
  if (!streams.every(endedWell)) throw new Error("an answer did not complete");
  const seconds = (Math.max(...streams.map((frames) => frames.at(-1)!.at)) - started) / 1000;
  return (ANSWERS / seconds) * 60;
}

async function main(): Promise<void> {
  const [database, s3] = await Promise.all([startPostgresServer(), startS3rver()]);
  const wires = await Promise.all([GeminiWireServer.start(), GeminiWireServer.start()]);
  // when each instance's model started streaming an answer (its first token is written then)
  const streamStarts: number[][] = [[], []];
  wires.forEach((wire, i) => scriptFixedLatencyModel(wire, { answers: 1_000, ...MODEL, onAnswerStream: (at) => streamStarts[i]!.push(at) }));
  const instances: ServeInstance[] = [];
  try {
    const databaseUrl = await database.createDatabase();
    const bucket = await s3.createBucket();
    const backends = (i: number): SharedBackends => ({ databaseUrl, bucket, modelUrl: wires[i]!.url, concurrency: CONCURRENCY });
    const staticTokens = await addUsers({ databaseUrl, bucket }, [...Array.from({ length: USERS }, (_, i) => `user-${i}`), "heavy", "light"]);

    log("1 instance");
    const a = await startServeInstance("a", backends(0));
    instances.push(a);
    const tokens = await Promise.all(staticTokens.map((token) => signIn(a.url, token)));
    const heavy = tokens[USERS]!;
    const light = tokens[USERS + 1]!;
    const one = await throughput([a], tokens);

    log("2 instances");
    const b = await startServeInstance("b", backends(1));
    instances.push(b);
    const two = await throughput([a, b], tokens);

    log("time to first event");
    const same: number[] = [];
    const across: number[] = [];
    const extra: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const counts = streamStarts.map((starts) => starts.length);
      const chat = await call<{ id: string }>(`${a.url}/chats`, { token: light, body: { title: "latency" }, expected: 201 });
      const { run_id } = await call<{ run_id: string }>(`${a.url}/chats/${chat.id}/messages`, { token: light, body: { content: "Какие перемычки?" }, expected: 201 });
      const deadline = Date.now() + 60_000;
      const [onA, onB] = await Promise.all([readRunStream(() => a, run_id, light, deadline), readRunStream(() => b, run_id, light, deadline)]);
      const ranOn = streamStarts.findIndex((starts, k) => starts.length > counts[k]!);
      const written = streamStarts[ranOn]![counts[ranOn]!]!;
      const [runner, other] = ranOn === 0 ? [onA, onB] : [onB, onA];
      same.push(first(runner, "llm_token")! - written);
      across.push(first(other, "llm_token")! - written);
      const seen = new Map(runner.map((f) => [f.id, f.at]));
      // the run's events after the streams opened (the first is stored at the post, before either was open)
      for (const frame of other.slice(1)) extra.push(frame.at - seen.get(frame.id)!);
    }

    log("fairness");
    const heavyRuns: Awaited<ReturnType<typeof ask>>[] = [];
    for (let i = 0; i < HEAVY_QUEUED; i++) heavyRuns.push(await ask(i % 2 ? b : a, () => a, heavy, `Тяжёлый вопрос ${i}`));
    const lightWaits: number[] = [];
    for (let i = 0; i < LIGHT_QUESTIONS; i++) {
      const run = await ask(i % 2 ? a : b, () => a, light, `Лёгкий вопрос ${i}`);
      const frames = await run.stream;
      lightWaits.push(first(frames, "processing_started")! - run.postedAt);
    }
    const heavyStreams = await Promise.all(heavyRuns.map((r) => r.stream));
    const heavyWaits = heavyStreams.map((frames, i) => first(frames, "processing_started")! - heavyRuns[i]!.postedAt);

    const table = [
      ["measure", "value"],
      ["answer length (scripted model)", `${ANSWER_MS} ms`],
      ["answers/min, 1 instance", one.toFixed(1)],
      ["answers/min, 2 instances", two.toFixed(1)],
      ["2 instances / 1", `${(two / one).toFixed(2)}×`],
      ["first token → client, same instance, p50 / p95", `${percentile(same, 0.5)} / ${percentile(same, 0.95)} ms`],
      ["first token → client, other instance, p50 / p95", `${percentile(across, 0.5)} / ${percentile(across, 0.95)} ms`],
      ["each event: other instance's client later by, p50 / p95", `${percentile(extra, 0.5)} / ${percentile(extra, 0.95)} ms`],
      [`light user's wait, ${HEAVY_QUEUED} heavy queued, p50 / p95`, `${percentile(lightWaits, 0.5)} / ${percentile(lightWaits, 0.95)} ms`],
      ["heavy user's wait, p50 / p95", `${(percentile(heavyWaits, 0.5) / 1000).toFixed(1)} / ${(percentile(heavyWaits, 0.95) / 1000).toFixed(1)} s`],
    ];
    console.log(`\nscale bench: ${CONCURRENCY} answers at once per instance, ${ANSWERS} answers per throughput run, ${LATENCY_RUNS} latency runs, ${LIGHT_QUESTIONS} light questions\n`);
    for (const [name, value] of table) console.log(`| ${name} | ${value} |`);
  } finally {
    for (const instance of instances) await instance.stop();
    await Promise.all(wires.map((wire) => wire.close()));
    await s3.close();
    await database.stop();
  }
}

await main();
