import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { readBody, type SseDialect, writeSse } from "../../shared/testing/wire-server-replies.js";
import { streamChunks, type WireReply } from "./openai-wire-replies.js";

/** The chat-completions SSE: LF frames, `[DONE]` sent as a frame of its own. */
const OPENAI_SSE: SseDialect = { contentType: "text/event-stream; charset=utf-8", lineEnd: "\n", cutFrame: '{"id":"chatcmpl-wire","choices":[{"index":0,"delta":{"content":"cut of' };
const frames = (events: ReadonlyArray<Record<string, unknown> | string>) => events.map((event) => (typeof event === "string" ? event : JSON.stringify(event)));

/** One request as the fake received it. */
export interface RecordedWireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** The client went away before the response was complete (a cancelled or abandoned call). */
  closedEarly?: boolean;
}

export type WireStep = WireReply | ((request: RecordedWireRequest) => WireReply);

/**
 * A local HTTP server speaking the OpenAI chat-completions wire format (`POST /v1/chat/completions`, plain or
 * SSE), answered from a FIFO script, one step per call; every request is recorded. Listens on 127.0.0.1.
 */
export class OpenAiWireServer {
  readonly requests: RecordedWireRequest[] = [];
  private readonly script: WireStep[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, { error: { message: String(error), type: "server_error", param: null, code: null } });
        else response.destroy();
      });
    });
  }

  static async start(): Promise<OpenAiWireServer> {
    const instance = new OpenAiWireServer();
    await new Promise<void>((resolve) => instance.server.listen(0, "127.0.0.1", resolve));
    return instance;
  }

  /** The API root a client is configured with (`…/v1`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  enqueue(...steps: WireStep[]): this {
    this.script.push(...steps);
    return this;
  }

  get remaining(): number {
    return this.script.length;
  }

  clear(): void {
    this.script.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(request);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : (value ?? "")]));
    const recorded: RecordedWireRequest = { method: request.method ?? "GET", path: url.pathname, headers, body: raw.length > 0 ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {} };
    this.requests.push(recorded);
    response.on("close", () => {
      if (!response.writableFinished) recorded.closedEarly = true;
    });
    if (url.pathname !== "/v1/chat/completions" || request.method !== "POST") {
      send(response, 404, { error: { message: `Invalid URL (${request.method} ${url.pathname})`, type: "invalid_request_error", param: null, code: null } });
      return;
    }
    const step = this.script.shift();
    if (step === undefined) {
      send(response, 500, { error: { message: `wire server: no scripted reply for request #${this.requests.length}`, type: "server_error", param: null, code: null } });
      return;
    }
    const reply = typeof step === "function" ? step(recorded) : step;
    const streaming = recorded.body.stream === true;
    switch (reply.kind) {
      case "hang":
        return;
      case "error":
        return send(response, reply.status, reply.body, reply.headers);
      case "raw":
        response.writeHead(reply.status, { "content-type": reply.contentType, ...reply.headers });
        response.end(reply.body);
        return;
      case "response": {
        if (reply.delayMs) await sleep(reply.delayMs);
        if (!streaming) return send(response, 200, reply.body);
        const includeUsage = (recorded.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
        return writeSse(response, OPENAI_SSE, frames(streamChunks(reply.body, reply.streamPieces ?? 3, reply.style, includeUsage)), false, 0);
      }
      case "stream":
        return writeSse(response, OPENAI_SSE, frames(reply.events), reply.truncate ?? false, reply.eventDelayMs ?? 0);
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}
