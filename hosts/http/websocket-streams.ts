import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import type { UserApplication } from "../../core/application/aizoomdoc-api.js";
import { DomainError, invalidInput, notFound } from "../../core/domain/errors.js";
import type { User } from "../../core/domain/user.js";
import type { AccessTokens } from "./access-tokens.js";
import { errorBody } from "./http-errors.js";
import { parseWire } from "./wire/parse-wire.js";
import { ChatParams } from "./wire/wire-chat.js";
import type { WireLinks } from "./wire/wire-message.js";
import { toWireStreamEvent } from "./wire/wire-stream-event.js";
import { RunParams, RunStreamQuery, StreamQuery, fromWireStreamQuery, parseEventId } from "./wire/wire-stream-query.js";
import type { AbandonedRuns } from "./abandoned-runs.js";

export interface WebSocketStreamDeps {
  forUser(userId: string): UserApplication;
  accounts: { currentUser(userId: string): Promise<User> };
  tokens: AccessTokens;
  links(origin: string, userId: string): WireLinks;
  log: Logger;
  heartbeatMs?: number;
  /** Where streams note their runs, so that an answer no client follows any more is cancelled after a grace period. */
  abandonedRuns?: AbandonedRuns;
}

const STREAM_PATH = /^\/(chats|runs)\/([^/]+)\/stream$/;
/** Sent with every ping: a frame without an id, which carries no event. */
const KEEP_ALIVE = JSON.stringify({ event: "keep-alive" });
/** A client that authenticates by its first message has this long to send it. */
const AUTH_TIMEOUT_MS = 5_000;

/**
 * `WS /chats/{id}/stream` (the seed's transport) and `WS /runs/{id}/stream`: the same events as the SSE routes, as JSON
 * text frames `{id, event, data}`, with a `{"event":"keep-alive"}` frame (no id) beside every ping. The token comes as
 * `?token=` or as the first message `{"token": "…"}`; `?after=<event id>` resumes exactly. Failures are one `error` frame in the one error shape, then the socket closes.
 */
export function attachWebSocketStreams(server: Server, deps: WebSocketStreamDeps): WebSocketServer {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    const target = { kind: match[1] as "chats" | "runs", id: decodeURIComponent(match[2]!) };
    sockets.handleUpgrade(request, socket, head, (ws) => void serve(ws, request, url, target, deps));
  });
  return sockets;
}

/** What a socket streams: the chat's latest run (`/chats/{id}/stream`) or a run named by id (`/runs/{id}/stream`). */
interface StreamTarget {
  kind: "chats" | "runs";
  id: string;
}

/** The run to send, from just after which event, and how to cancel it once no client follows it any more. */
async function resolveRun(app: UserApplication, target: StreamTarget, query: Record<string, unknown>): Promise<{ runId: string; after: number; cancel: () => Promise<boolean> }> {
  if (target.kind === "runs") {
    const { run_id } = parseWire(RunParams, { run_id: target.id }, "params");
    const { after } = parseWire(RunStreamQuery, query, "query");
    const from = after ? parseEventId(after) : undefined;
    if (from && from.runId !== run_id) throw invalidInput(`event id ${after} is of another run`, { field: "after" });
    // as on SSE: an answer every follower left is cancelled; an upload's ingestion goes on
    return { runId: run_id, after: from?.seq ?? 0, cancel: () => app.cancelRunById(run_id, { answersOnly: true }) };
  }
  const wanted = fromWireStreamQuery(parseWire(StreamQuery, query, "query"));
  const { chat_id } = parseWire(ChatParams, { chat_id: target.id }, "params");
  // the chat is checked to be the caller's also when the client names the run to resume
  const latest = wanted.compare && !wanted.resume ? await app.compareLatestQuestion(chat_id, wanted.compare) : await app.latestRun(chat_id);
  const runId = wanted.resume?.runId ?? latest;
  if (!runId) throw notFound("CHAT.NOT_FOUND", `a run of chat ${chat_id} (post a message first)`);
  return { runId, after: wanted.resume?.seq ?? 0, cancel: async () => (await app.latestRun(chat_id)) === runId && app.cancelRun(chat_id) };
}

async function serve(ws: WebSocket, request: IncomingMessage, url: URL, target: StreamTarget, deps: WebSocketStreamDeps): Promise<void> {
  const controller = new AbortController();
  ws.on("close", () => controller.abort());
  // a ping keeps proxies from cutting the socket; the text frame lets a browser's client (which never sees pings) tell a live socket from a dead one
  const heartbeat = setInterval(() => {
    ws.ping();
    ws.send(KEEP_ALIVE);
  }, deps.heartbeatMs ?? 15_000);
  let release: ((ended: boolean) => void) | undefined;
  let ended = false;
  try {
    const query = Object.fromEntries([...url.searchParams.keys()].filter((k) => k !== "token").map((k) => [k, url.searchParams.getAll(k).length > 1 ? url.searchParams.getAll(k) : url.searchParams.get(k)]));
    const token = url.searchParams.get("token") ?? (await firstMessageToken(ws));
    const { userId } = await deps.tokens.verify(token ?? undefined);
    const user = await deps.accounts.currentUser(userId);
    const app = deps.forUser(user.id);
    const { runId, after, cancel } = await resolveRun(app, target, query);
    const links = deps.links(`http://${request.headers.host ?? "localhost"}`, user.id);
    for await (const stored of app.runEvents(runId, { after, signal: controller.signal })) {
      // followed once the run is known to be the caller's (its first event was read)
      release ??= deps.abandonedRuns?.follow(runId, cancel);
      ws.send(JSON.stringify(toWireStreamEvent(stored, runId, links)));
    }
    ended = true;
    ws.close(1000, "run ended");
  } catch (error) {
    if (controller.signal.aborted) return;
    const { status, body } = errorBody(error);
    if (status >= 500) deps.log.error({ err: error }, "websocket stream failed");
    ws.send(JSON.stringify({ event: "error", data: body.error }));
    ws.close(status === 401 ? 4401 : status === 404 ? 4404 : status < 500 ? 4400 : 1011, body.error.code);
  } finally {
    clearInterval(heartbeat);
    release?.(ended);
  }
}

/** The token a client sends as its first message, `{"token": "…"}`. */
function firstMessageToken(ws: WebSocket): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DomainError("AUTH.UNAUTHORIZED", "no token: pass ?token= or send {\"token\": …} first")), AUTH_TIMEOUT_MS);
    ws.once("message", (data) => {
      clearTimeout(timer);
      try {
        const token = (JSON.parse(String(data)) as { token?: unknown }).token;
        resolve(typeof token === "string" ? token : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}
