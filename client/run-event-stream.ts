import { invalidInput } from "../core/domain/errors.js";
import type { StoredStreamEvent } from "../core/ports/stream-event-store.js";
import { WireStreamFrame } from "../hosts/http/wire/wire-stream-event.js";
import { eventId } from "../hosts/http/wire/wire-stream-query.js";
import { abortableDelay } from "./abortable-delay.js";
import { fromWireStreamEvent } from "./from-wire-stream-event.js";
import { ServerUnreachableError } from "./remote-errors.js";
import type { OpenStream, StreamFrame } from "./stream-frames.js";

export interface ReconnectOptions {
  /** Reconnections in a row without an event in between before giving up (default 8). */
  reconnects?: number;
  /** The first pause before reconnecting (default 250 ms); it doubles up to `maxDelayMs` (default 5 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A stream silent this long (no event, no keep-alive comment; the server sends one every 15 s) is taken as
   * dropped and reopened (default 45 s): a connection can die without closing.
   */
  idleMs?: number;
}

const ENDS_A_RUN = new Set(["completed", "error"]);

/**
 * A run's events after `after`, each once and in order, until its `completed` or `error` event: a connection that
 * drops (or that the server closes early) is reopened with `Last-Event-ID` set to the last event received, after a
 * growing pause. A stream the server ends cleanly without a new event means nothing follows `after`: the run had
 * ended (as the in-process binding returns at once then).
 */
export async function* followRun(open: OpenStream, runId: string, after: number, signal: AbortSignal | undefined, options: ReconnectOptions = {}): AsyncGenerator<StoredStreamEvent> {
  if (!Number.isInteger(after) || after < 0) throw invalidInput("after: expected the id of the last event received (a whole number ≥ 0)");
  const { reconnects = 8, minDelayMs = 250, maxDelayMs = 5_000, idleMs = 45_000 } = options;
  let last = after;
  let failures = 0;
  for (;;) {
    signal?.throwIfAborted();
    // ours, so that a consumer that stops reading (or its own signal) closes the connection
    const connection = new AbortController();
    const stop = () => connection.abort(signal?.reason);
    signal?.addEventListener("abort", stop, { once: true });
    let received = 0;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const awake = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new ServerUnreachableError(`the stream of run ${runId} fell silent for ${idleMs} ms`)), idleMs);
    };
    try {
      const frames = (await open(last > 0 ? eventId(runId, last) : undefined, connection.signal))[Symbol.asyncIterator]();
      awake();
      try {
        for (;;) {
          const { done, value } = await frames.next();
          // frames already parsed stay queued after an abort: none of them is given out
          signal?.throwIfAborted();
          if (done) break;
          awake();
          if (value.kind === "keep-alive") continue;
          const stored = storedEvent(value, runId);
          if (!stored || stored.seq <= last) continue;
          last = stored.seq;
          received += 1;
          failures = 0;
          // a consumer slow with an event does not make the stream look silent
          clearTimeout(idle);
          yield stored;
          awake();
          if (ENDS_A_RUN.has(stored.event.type)) return;
        }
      } finally {
        await frames.return?.().catch(() => undefined);
      }
      if (received === 0) return;
    } catch (raw) {
      if (signal?.aborted) throw signal.reason;
      // a silent stream is aborted with the reason why; the read fails with that reason (or with the abort itself)
      const error = connection.signal.aborted && connection.signal.reason instanceof ServerUnreachableError ? connection.signal.reason : raw;
      if (!(error instanceof ServerUnreachableError) && !isCutOff(error)) throw error;
      if (error instanceof ServerUnreachableError && !error.isRetryable) throw error;
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener("abort", stop);
      connection.abort();
    }
    failures += 1;
    if (failures > reconnects) throw new ServerUnreachableError(`the stream of run ${runId} kept breaking off after event ${last}`);
    await abortableDelay(Math.min(maxDelayMs, minDelayMs * 2 ** (failures - 1)), signal);
  }
}

/** A body read that failed: the connection dropped (Node says `TypeError: terminated`, browsers a `TypeError` too). */
function isCutOff(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /terminated|network|socket|ECONNRESET/i.test(error.message));
}

/** The event a frame carries, or undefined for one without an id (none is sent); a malformed frame breaks the contract. */
function storedEvent(message: Extract<StreamFrame, { kind: "event" }>, runId: string): StoredStreamEvent | undefined {
  if (!message.id) return undefined;
  const frame = WireStreamFrame.safeParse({ id: message.id, event: message.event, data: message.data });
  const seq = Number(/^(.+):(\d+)$/.exec(message.id)?.[2]);
  if (!frame.success || !message.id.startsWith(`${runId}:`) || !Number.isInteger(seq)) {
    const issue = frame.success ? "its id is not of this run" : `${frame.error.issues[0]?.path.join(".")}: ${frame.error.issues[0]?.message}`;
    throw new ServerUnreachableError(`the stream of run ${runId} sent a frame outside the contract (id ${JSON.stringify(message.id.slice(0, 120))}, ${issue})`, { retryable: false });
  }
  return { seq, event: fromWireStreamEvent(frame.data) };
}
