import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** How a model server writes its server-sent events: the content type and the line ending of its frames. */
export interface SseDialect {
  contentType: string;
  /** Gemini ends its frames with CRLF, OpenAI-compatible servers with LF. */
  lineEnd: "\r\n" | "\n";
  /** The start of a frame that never ends, as a connection cut mid-event leaves it. */
  cutFrame: string;
}

/**
 * Writes `frames` (each a `data:` payload) as SSE, `delayMs` apart. `truncate` adds a frame cut mid-JSON and then
 * ends the body (`true`) or, with `"reset"`, drops the connection without ending the chunked body: the two ways a
 * stream breaks on the wire.
 */
export async function writeSse(response: ServerResponse, dialect: SseDialect, frames: readonly string[], truncate: boolean | "reset", delayMs: number): Promise<void> {
  response.writeHead(200, { "content-type": dialect.contentType, "cache-control": "no-cache" });
  for (const frame of frames) {
    if (response.destroyed) return;
    response.write(`data: ${frame}${dialect.lineEnd}${dialect.lineEnd}`);
    if (delayMs) await sleep(delayMs);
  }
  if (truncate) response.write(`data: ${dialect.cutFrame}`);
  if (truncate === "reset") {
    // the partial frame reaches the client first, then the connection goes
    await sleep(20);
    response.socket?.destroy();
    return;
  }
  response.end();
}

/** The whole body of a request. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
