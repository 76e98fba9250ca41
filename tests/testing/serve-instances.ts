import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { slowStream, textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import type { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import type { R2Config } from "../../adapters/r2/r2.config.js";
import { openDeployment } from "../../composition/deployment.js";

const SERVE = fileURLToPath(new URL("./serve-process.ts", import.meta.url));

/** One `aizoomdoc serve` child process on a loopback port. */
export interface ServeInstance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote to stderr so far (its start line, warnings, request logs at the level asked for). */
  readonly stderr: () => string;
  /** SIGKILL: no shutdown at all, as a crashed machine. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit (the graceful stop). */
  stop(): Promise<number | null>;
}

export interface SharedBackends {
  databaseUrl: string;
  bucket: R2Config & { bucket: string };
  modelUrl: string;
  /** Answers running at once on each instance (MAX_CONCURRENT_REQUESTS). */
  concurrency?: number;
  /** Extra environment (AIZOOMDOC_LOG_LEVEL…). */
  env?: Record<string, string>;
}

/** The secrets every instance of one deployment shares: tokens one signs verify on the others. */
export const SHARED_SECRETS = { AIZOOMDOC_JWT_SECRET: "a-test-jwt-secret-shared-by-every-instance-0123", AIZOOMDOC_SECRET_KEY: "a-test-secret-key-shared-by-every-instance-0123" };

/** The environment of one instance: the deployment's shared database, bucket and model, a data dir of its own. */
export function instanceEnvironment(backends: SharedBackends, home: string): Record<string, string> {
  const { bucket } = backends;
  return {
    PATH: process.env.PATH ?? "",
    AIZOOMDOC_HOME: home,
    AIZOOMDOC_DATABASE_URL: backends.databaseUrl,
    AIZOOMDOC_S3_BUCKET: bucket.bucket,
    AIZOOMDOC_S3_ENDPOINT: bucket.endpoint ?? "",
    AIZOOMDOC_S3_REGION: bucket.region ?? "us-east-1",
    AIZOOMDOC_S3_ACCESS_KEY_ID: bucket.accessKeyId,
    AIZOOMDOC_S3_SECRET_ACCESS_KEY: bucket.secretAccessKey,
    AIZOOMDOC_S3_FORCE_PATH_STYLE: "true",
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: backends.modelUrl,
    MAX_CONCURRENT_REQUESTS: String(backends.concurrency ?? 2),
    AIZOOMDOC_LOG_LEVEL: "error",
    ...SHARED_SECRETS,
    ...backends.env,
  };
}

/** Adds the deployment's users as its operator does (`admin user add`) before instances start; their static tokens. */
export async function addUsers(backends: Pick<SharedBackends, "databaseUrl" | "bucket">, names: string[]): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-admin-"));
  const deployment = await openDeployment({ dataDir, databaseUrl: backends.databaseUrl, bucket: backends.bucket, secretKey: SHARED_SECRETS.AIZOOMDOC_SECRET_KEY });
  try {
    const tokens: string[] = [];
    for (const name of names) tokens.push((await deployment.admin.addUser(name)).token);
    return tokens;
  } finally {
    await deployment.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Starts `aizoomdoc serve --port 0` as a child process (through tsx) and waits for its start line. */
export async function startServeInstance(name: string, backends: SharedBackends): Promise<ServeInstance> {
  const home = await mkdtemp(join(tmpdir(), `aizoomdoc-instance-${name}-`));
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, "--host", "127.0.0.1", "--port", "0"], {
    env: instanceEnvironment(backends, home),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.finally(() => rm(home, { recursive: true, force: true }).catch(() => undefined));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /aizoomdoc server on (http:\/\/\S+?) \(/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    void exited.then(([code]) => reject(new Error(`instance ${name} exited (${code}) before it listened: ${stderr}`)));
  });
  return {
    name,
    url,
    child,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return (await exited)[0];
    },
  };
}

/**
 * A scripted model of fixed latency on the Gemini wire fake: each answer is one intent call (`intentMs`) and one
 * streamed answer of `pieces` chunks `pieceMs` apart. Enough replies for `answers` answers, in any order.
 */
export function scriptFixedLatencyModel(
  wire: GeminiWireServer,
  options: { answers: number; intentMs: number; pieces: number; pieceMs: number; onAnswerStream?: (at: number) => void },
): void {
  const text = JSON.stringify({ answer_markdown: "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3." });
  for (let i = 0; i < options.answers * 2; i++) {
    wire.enqueue((request) => {
      if (request.action === "generateContent") return textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false }), { delayMs: options.intentMs });
      // the first piece is written at once, the others `pieceMs` apart
      options.onAnswerStream?.(Date.now());
      return slowStream(text, options.pieces * options.pieceMs, options.pieces);
    });
  }
}

/** A JSON call to an instance; rejects with the status and body on anything but `expected`. */
export async function call<T>(url: string, init: { method?: string; token?: string; body?: unknown; expected?: number } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  if (response.status !== (init.expected ?? 200)) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** An access token for a static token, from any instance. */
export async function signIn(url: string, staticToken: string): Promise<string> {
  return (await call<{ access_token: string }>(`${url}/auth/exchange`, { body: { static_token: staticToken } })).access_token;
}

/** One SSE frame as it arrived, with the instance it came from and when. */
export interface ReceivedFrame {
  id: string;
  event: string;
  data: unknown;
  from: string;
  at: number;
}

/**
 * Reads a run's SSE stream as a browser's EventSource would, keeping every frame as received (nothing is dropped or
 * merged, so a frame sent twice shows): when the connection breaks before the run's last event it reconnects with
 * `Last-Event-ID` to the instance `pick` names (the one still up), until `completed` or `error`, or `deadline`.
 */
export async function readRunStream(pick: () => ServeInstance, runId: string, token: string, deadline: number): Promise<ReceivedFrame[]> {
  const frames: ReceivedFrame[] = [];
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const instance = pick();
    const lastId = frames.at(-1)?.id;
    try {
      const response = await fetch(`${instance.url}/runs/${runId}/stream`, {
        headers: { authorization: `Bearer ${token}`, ...(lastId ? { "last-event-id": lastId } : {}) },
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      if (response.status !== 200 || !response.body) throw new Error(`stream ${runId} on ${instance.name}: ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        frames.push({ id: value.id ?? "", event: value.event ?? "message", data: JSON.parse(value.data) as unknown, from: instance.name, at: Date.now() });
        if (value.event === "completed" || value.event === "error") return frames;
      }
    } catch {
      // the instance went away mid-stream: the client reconnects, as EventSource does after `retry`
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * 2 ** attempt)));
  }
  return frames;
}
