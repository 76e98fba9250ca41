import { invalidInput } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";

export interface StoredStreamEvent {
  /** 1, 2, 3… within the run: the event id a client resumes after (`Last-Event-ID`). */
  seq: number;
  event: StreamEvent;
}

export const StreamEventStore = Symbol.for("aizoomdoc.StreamEventStore");

/**
 * The durable log of one answer run's events, so a client can reconnect and resume without losing or
 * duplicating events (DESIGN §7), and several server instances can serve the same run.
 *
 * Contract:
 * - `append` numbers a run's events 1, 2, 3… without gaps, also when appends race.
 * - A run belongs to the owner of its first event; another owner appending to it is `CHAT.NOT_FOUND`, and
 *   reading it shows nothing. A `chatId` must be a chat of the owner (`CHAT.NOT_FOUND`); its runs' events
 *   go away with the chat.
 * - `listAfter` returns events with `seq > afterSeq`, in order, at most `limit` (1..1000, default 500).
 */
export interface StreamEventStore {
  append(ownerId: string, runId: string, event: StreamEvent, options?: { chatId?: string }): Promise<number>;
  listAfter(ownerId: string, runId: string, afterSeq: number, limit?: number): Promise<StoredStreamEvent[]>;
  /** The run of the chat whose first event is the newest (the answer being streamed, or the last one); `undefined` if none. */
  latestRun(ownerId: string, chatId: string): Promise<string | undefined>;
  /**
   * Where a run belongs: `{ chatId }` for an answer (its first event's chat), `{}` for a run outside a chat (an
   * upload's ingestion); `undefined` for an unknown run or another owner's.
   */
  runOwner(ownerId: string, runId: string): Promise<{ chatId?: string } | undefined>;
  /** Drops a finished run's log (e.g. some time after `completed`); unknown runs are ignored. */
  deleteRun(ownerId: string, runId: string): Promise<void>;
}

export const STREAM_EVENT_LIMIT = { default: 500, max: 1_000 } as const;

/** Argument checks shared by every `StreamEventStore`, so they refuse alike. */
export function checkStreamRead(afterSeq: number, limit: number): void {
  if (!Number.isInteger(afterSeq) || afterSeq < 0) throw invalidInput(`stream events: afterSeq must be a whole number ≥ 0, got ${afterSeq}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > STREAM_EVENT_LIMIT.max) {
    throw invalidInput(`stream events: limit must be 1..${STREAM_EVENT_LIMIT.max}, got ${limit}`);
  }
}
