import { ErrorCodes, type ErrorCode } from "../core/domain/errors.js";
import { WireError } from "../hosts/http/wire/wire-error.js";
import { RemoteError, ServerUnreachableError } from "./remote-errors.js";
import { parseFrameData, type StreamFrame } from "./stream-frames.js";

/** The part of the WebSocket API the client uses: the browser's and Node 22+'s global `WebSocket`, or the `ws` package's. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (event: { code: number; reason: string }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The HTTP status a refusal's close code stands for (websocket-streams.ts closes 4401, 4404, 4400, or 1011). */
const STATUS_OF_CLOSE: Record<number, number> = { 4401: 401, 4404: 404, 4400: 400, 1011: 500 };

/**
 * Opens `url` and sends the token as the first message (so that it never appears in a URL or a proxy's log); resolves
 * once the socket is open, with its frames. A frame without an id is a keep-alive, or the server's refusal (`error`
 * in the one error shape, thrown as the same `RemoteError` an HTTP call gives); a close other than the server's
 * clean one (1000) after the run ended fails the iteration as a cut-off connection.
 */
export async function websocketFrames(WebSocketImpl: WebSocketConstructor, url: string, token: string, signal: AbortSignal): Promise<AsyncIterable<StreamFrame>> {
  signal.throwIfAborted();
  const socket = new WebSocketImpl(url);
  const queue: StreamFrame[] = [];
  let failure: unknown;
  let refused: unknown;
  let closed = false;
  let wake: (() => void) | undefined;
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (error: unknown) => {
    failure ??= error;
    settle();
  };
  const onAbort = () => {
    fail(signal.reason);
    socket.close(1000, "client left");
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new ServerUnreachableError(`cannot open a WebSocket to ${url.replace(/\?.*$/, "")}`)));
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  socket.addEventListener("message", (message) => {
    const data = parseFrameData(String(message.data)) as { id?: unknown; event?: unknown; data?: unknown } | undefined;
    if (data?.event === "keep-alive" && data.id === undefined) queue.push({ kind: "keep-alive" });
    // the refusal's close follows at once and tells its status
    else if (data?.event === "error" && data.id === undefined) refused = data.data ?? null;
    else queue.push({ kind: "event", id: typeof data?.id === "string" ? data.id : undefined, event: typeof data?.event === "string" ? data.event : undefined, data: data?.data });
    settle();
  });
  socket.addEventListener("close", (event) => {
    closed = true;
    const status = STATUS_OF_CLOSE[event.code];
    if (refused !== undefined || status) fail(refusal(refused, status ?? 400, event.reason));
    else if (event.code !== 1000) fail(new ServerUnreachableError(`the WebSocket closed with ${event.code}${event.reason ? ` (${event.reason})` : ""}`));
    settle();
  });
  try {
    await opened;
  } catch (error) {
    signal.removeEventListener("abort", onAbort);
    socket.close();
    throw error;
  }
  socket.send(JSON.stringify({ token }));

  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          if (queue.length > 0) {
            yield queue.shift()!;
            continue;
          }
          if (failure !== undefined) throw failure;
          if (closed) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
        if (!closed) socket.close(1000, "client left");
      }
    },
  };
}

/** The server's refusal as the `RemoteError` an HTTP call would have thrown (its close reason is the code when no frame came). */
function refusal(body: unknown, status: number, reason?: string): RemoteError {
  const parsed = WireError.shape.error.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data;
    return new RemoteError(code, message, { status, ...(details ? { details } : {}) });
  }
  const code = (ErrorCodes as readonly string[]).includes(reason ?? "") ? (reason as ErrorCode) : "INTERNAL";
  return new RemoteError(code, `the server refused the stream${reason ? ` (${reason})` : ""}`, { status });
}
