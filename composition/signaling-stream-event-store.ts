import type { StreamEvent } from "../core/domain/stream-event.js";
import type { RunEventSignals } from "../core/ports/run-event-signals.js";
import type { StoredStreamEvent, StreamEventStore } from "../core/ports/stream-event-store.js";

/**
 * A `StreamEventStore` that signals each run it appended to, once the event is stored: every writer (the answer's
 * recorder, the run service, the upload ingestion) wakes the run's followers without knowing of them.
 */
export class SignalingStreamEventStore implements StreamEventStore {
  constructor(
    private readonly events: StreamEventStore,
    private readonly signals: RunEventSignals,
  ) {}

  async append(ownerId: string, runId: string, event: StreamEvent, options?: { chatId?: string }): Promise<number> {
    const seq = await this.events.append(ownerId, runId, event, options);
    this.signals.notify(runId);
    return seq;
  }

  listAfter(ownerId: string, runId: string, afterSeq: number, limit?: number): Promise<StoredStreamEvent[]> {
    return this.events.listAfter(ownerId, runId, afterSeq, limit);
  }

  latestRun(ownerId: string, chatId: string): Promise<string | undefined> {
    return this.events.latestRun(ownerId, chatId);
  }

  runOwner(ownerId: string, runId: string): Promise<{ chatId?: string } | undefined> {
    return this.events.runOwner(ownerId, runId);
  }

  deleteRun(ownerId: string, runId: string): Promise<void> {
    return this.events.deleteRun(ownerId, runId);
  }
}
