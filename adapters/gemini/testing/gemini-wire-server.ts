import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { readBody, type SseDialect, writeSse } from "../../shared/testing/wire-server-replies.js";
import { streamEvents, type WireReply } from "./gemini-wire-replies.js";

/** Gemini's SSE: CRLF frames. */
const GEMINI_SSE: SseDialect = { contentType: "text/event-stream", lineEnd: "\r\n", cutFrame: '{"candidates": [{"content": {"parts": [{"text": "cut of' };
const frames = (events: readonly Record<string, unknown>[]) => events.map((event) => JSON.stringify(event));

/** One request as the fake received it; `body` is the parsed JSON (undefined for raw uploads). */
export interface RecordedWireRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  bodyBytes: number;
  /** For model calls: the model id and `generateContent` / `streamGenerateContent`. */
  model?: string;
  action?: string;
  /** The client went away before the response was complete (a cancelled or abandoned call). */
  closedEarly?: boolean;
}

export type WireStep = WireReply | ((request: RecordedWireRequest) => WireReply);

interface StoredFile {
  name: string;
  displayName?: string;
  mimeType: string;
  bytes: Buffer[];
  expectedBytes: number;
  pendingPolls: number;
  finalized: boolean;
}

const modelPath = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/**
 * A local HTTP server speaking Gemini's REST wire format (`v1beta`): generateContent, streamGenerateContent
 * (`alt=sse`), the resumable two-step files upload and files.get. Model calls are answered from a FIFO
 * script (one step per call); every request is recorded. Listens on 127.0.0.1 with an ephemeral port.
 */
export class GeminiWireServer {
  readonly requests: RecordedWireRequest[] = [];
  private readonly script: WireStep[] = [];
  private readonly files = new Map<string, StoredFile>();
  private uploads = 0;

  private readonly server: Server;

  private constructor(private readonly processingPolls: number) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, { error: { code: 500, message: String(error), status: "INTERNAL" } });
        else response.destroy();
      });
    });
  }

  /** `processingPolls`: how many files.get calls report an upload as PROCESSING before ACTIVE. */
  static async start(options: { processingPolls?: number } = {}): Promise<GeminiWireServer> {
    const instance = new GeminiWireServer(options.processingPolls ?? 0);
    await new Promise<void>((resolve) => instance.server.listen(0, "127.0.0.1", resolve));
    return instance;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  enqueue(...steps: WireStep[]): this {
    this.script.push(...steps);
    return this;
  }

  get remaining(): number {
    return this.script.length;
  }

  /** Drops the steps a failed test left unused, so the next test starts from an empty script. */
  clear(): void {
    this.script.length = 0;
  }

  /** Only the model calls (generate and stream), in order. */
  get modelRequests(): RecordedWireRequest[] {
    return this.requests.filter((request) => request.model !== undefined);
  }

  /** Bytes received for an uploaded file (`files/wire-1`). */
  uploadedBytes(name: string): number {
    return (this.files.get(name)?.bytes ?? []).reduce((sum, chunk) => sum + chunk.length, 0);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const raw = await readBody(request);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : (value ?? "")]));
    // Upload chunks carry the SDK's default JSON content type over raw bytes; they are not parsed.
    const isJson = (headers["content-type"] ?? "").includes("json") && headers["x-goog-upload-command"]?.startsWith("upload") !== true;
    const match = modelPath.exec(url.pathname);
    const recorded: RecordedWireRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: isJson && raw.length > 0 ? JSON.parse(raw.toString("utf8")) : undefined,
      bodyBytes: raw.length,
      ...(match ? { model: match[1], action: match[2] } : {}),
    };
    this.requests.push(recorded);
    response.on("close", () => {
      if (!response.writableFinished) recorded.closedEarly = true;
    });

    if (match && request.method === "POST") return this.answerModel(recorded, response, match[2] === "streamGenerateContent");
    if (url.pathname === "/upload/v1beta/files" && request.method === "POST") return this.upload(recorded, raw, response);
    const fileMatch = /^\/v1beta\/(files\/[^/]+)$/.exec(url.pathname);
    if (fileMatch?.[1] && request.method === "GET") return this.getFile(fileMatch[1], response);
    send(response, 404, { error: { code: 404, message: `wire server: no route for ${request.method} ${url.pathname}`, status: "NOT_FOUND" } });
  }

  private async answerModel(recorded: RecordedWireRequest, response: ServerResponse, streaming: boolean): Promise<void> {
    const step = this.script.shift();
    if (step === undefined) {
      send(response, 500, { error: { code: 500, message: `wire server: no scripted reply for request #${this.modelRequests.length}`, status: "INTERNAL" } });
      return;
    }
    const reply = typeof step === "function" ? step(recorded) : step;
    switch (reply.kind) {
      case "hang":
        return; // the connection stays open until the client gives up or the server closes
      case "error":
        return sendGoogleError(response, reply.status, reply.body, streaming, reply.headers);
      case "raw":
        response.writeHead(reply.status, { "content-type": reply.contentType });
        response.end(reply.body);
        return;
      case "response":
        if (reply.delayMs) await sleep(reply.delayMs);
        if (!streaming) return send(response, 200, reply.body);
        return writeSse(response, GEMINI_SSE, frames(streamEvents(reply.body, reply.streamPieces ?? 3)), false, reply.delayMs ?? 0);
      case "stream":
        if (!streaming) return send(response, 200, reply.events.at(-1) ?? {});
        return writeSse(response, GEMINI_SSE, frames(reply.events), reply.truncate ?? false, reply.eventDelayMs ?? 0);
    }
  }

  /** Resumable upload: `start` returns an upload URL; `upload[, finalize]` posts bytes there. */
  private upload(recorded: RecordedWireRequest, raw: Buffer, response: ServerResponse): void {
    const command = recorded.headers["x-goog-upload-command"] ?? "";
    if (command === "start") {
      const id = `wire-${++this.uploads}`;
      const meta = (recorded.body as { file?: { mimeType?: string; displayName?: string } } | undefined)?.file ?? {};
      this.files.set(`files/${id}`, {
        name: `files/${id}`,
        ...(meta.displayName ? { displayName: meta.displayName } : {}),
        mimeType: recorded.headers["x-goog-upload-header-content-type"] ?? meta.mimeType ?? "application/octet-stream",
        bytes: [],
        expectedBytes: Number(recorded.headers["x-goog-upload-header-content-length"] ?? 0),
        pendingPolls: this.processingPolls,
        finalized: false,
      });
      response.writeHead(200, {
        "content-type": "application/json",
        "x-goog-upload-url": `${this.url}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`,
        "x-goog-upload-status": "active",
      });
      response.end("{}");
      return;
    }
    const file = this.files.get(`files/${recorded.query.upload_id ?? ""}`);
    if (!file || !command.startsWith("upload")) {
      send(response, 400, { error: { code: 400, message: "wire server: unknown upload session or command", status: "INVALID_ARGUMENT" } });
      return;
    }
    file.bytes.push(raw);
    if (!command.includes("finalize")) {
      response.writeHead(200, { "x-goog-upload-status": "active" });
      response.end();
      return;
    }
    file.finalized = true;
    send(response, 200, { file: this.describe(file) }, { "x-goog-upload-status": "final" });
  }

  private getFile(name: string, response: ServerResponse): void {
    const file = this.files.get(name);
    if (!file?.finalized) {
      send(response, 404, { error: { code: 404, message: `File ${name} not found.`, status: "NOT_FOUND" } });
      return;
    }
    if (file.pendingPolls > 0) file.pendingPolls -= 1;
    send(response, 200, this.describe(file));
  }

  private describe(file: StoredFile): Record<string, unknown> {
    const now = new Date();
    const size = file.bytes.reduce((sum, chunk) => sum + chunk.length, 0);
    return {
      name: file.name,
      ...(file.displayName ? { displayName: file.displayName } : {}),
      mimeType: file.mimeType,
      sizeBytes: String(size || file.expectedBytes),
      createTime: now.toISOString(),
      updateTime: now.toISOString(),
      expirationTime: new Date(now.getTime() + 48 * 3600_000).toISOString(),
      sha256Hash: "",
      uri: `${this.url}/v1beta/${file.name}`,
      state: file.pendingPolls > 0 ? "PROCESSING" : "ACTIVE",
      source: "UPLOADED",
    };
  }
}

/**
 * Google pretty-prints its error bodies; on the stream endpoint it sends them as `text/event-stream`, which
 * makes @google/genai wrap the raw text instead of parsing it.
 */
function sendGoogleError(response: ServerResponse, status: number, body: unknown, streaming: boolean, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": streaming ? "text/event-stream" : "application/json; charset=UTF-8", ...headers });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
  response.end(JSON.stringify(body));
}
