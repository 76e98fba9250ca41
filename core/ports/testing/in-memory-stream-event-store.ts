import { notFound } from "../../domain/errors.js";
import type { StreamEvent } from "../../domain/stream-event.js";
import { STREAM_EVENT_LIMIT, checkStreamRead, type StoredStreamEvent, type StreamEventStore } from "../stream-event-store.js";
import type { InMemoryChatStore } from "./in-memory-chat-store.js";

interface Run {
  ownerId: string;
  events: Array<StoredStreamEvent & { chatId?: string }>;
}

/** Verified fake of `StreamEventStore` (passes the same contract suite as the SQL store). */
export class InMemoryStreamEventStore implements StreamEventStore {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly chats: InMemoryChatStore) {
    chats.onDelete((chatId) => {
      for (const run of this.runs.values()) run.events = run.events.filter((e) => e.chatId !== chatId);
    });
  }

  async append(ownerId: string, runId: string, event: StreamEvent, options: { chatId?: string } = {}): Promise<number> {
    if (options.chatId) await this.chats.getChat(ownerId, options.chatId);
    // from here on no await: racing appends each see the events of the others
    const run = this.runs.get(runId);
    if (run && run.events.length > 0 && run.ownerId !== ownerId) throw notFound("CHAT.NOT_FOUND", `run ${runId}`);
    const current = run && run.events.length > 0 ? run : { ownerId, events: [] };
    this.runs.set(runId, current);
    const seq = (current.events.at(-1)?.seq ?? 0) + 1;
    current.events.push({ seq, event: structuredClone(event), ...(options.chatId ? { chatId: options.chatId } : {}) });
    return seq;
  }

  async listAfter(ownerId: string, runId: string, afterSeq: number, limit: number = STREAM_EVENT_LIMIT.default): Promise<StoredStreamEvent[]> {
    checkStreamRead(afterSeq, limit);
    const run = this.runs.get(runId);
    if (!run || run.ownerId !== ownerId) return [];
    return run.events
      .filter((e) => e.seq > afterSeq)
      .slice(0, limit)
      .map(({ seq, event }) => ({ seq, event: structuredClone(event) }));
  }

  async latestRun(ownerId: string, chatId: string): Promise<string | undefined> {
    // runs are kept in the order they started
    let latest: string | undefined;
    for (const [runId, run] of this.runs) if (run.ownerId === ownerId && run.events[0]?.chatId === chatId) latest = runId;
    return latest;
  }

  async runOwner(ownerId: string, runId: string): Promise<{ chatId?: string } | undefined> {
    const run = this.runs.get(runId);
    if (run?.ownerId !== ownerId) return undefined;
    const chatId = run.events[0]?.chatId;
    return chatId ? { chatId } : {};
  }

  async deleteRun(ownerId: string, runId: string): Promise<void> {
    if (this.runs.get(runId)?.ownerId === ownerId) this.runs.delete(runId);
  }
}
