import { describe, expect, it } from "vitest";
import { InProcessRunEventSignals } from "../adapters/local/in-process-run-event-signals.js";
import { type AnswerQueue, ChatRunService } from "../core/application/chat-run-service.js";
import type { StreamEvent } from "../core/domain/stream-event.js";
import type { StoredStreamEvent } from "../core/ports/stream-event-store.js";
import { InMemoryChatStore } from "../core/ports/testing/in-memory-chat-store.js";
import { InMemoryStreamEventStore } from "../core/ports/testing/in-memory-stream-event-store.js";
import { SignalingStreamEventStore } from "./signaling-stream-event-store.js";

/** Far longer than the test may run (`WOKEN_WITHIN_MS`): an event that arrives came by its signal, not by the poll. */
const NO_POLL_MS = 600_000;
const WOKEN_WITHIN_MS = 5_000;

/** A run's last event (an ingestion's, the shortest). */
const ENDED: StreamEvent = { type: "completed", document_id: "doc-1" };

const heldQueue: AnswerQueue = { submit: async () => ({ position: 0 }), cancel: async () => "cancelled-waiting" };

function world(pollMs: number) {
  const chats = new InMemoryChatStore();
  const stored = new InMemoryStreamEventStore(chats);
  const signals = new InProcessRunEventSignals();
  const events = new SignalingStreamEventStore(stored, signals);
  // its questions name no documents
  const documents = { getDocument: () => Promise.reject(new Error("no document is asked about here")) };
  const runs = new ChatRunService({ ownerId: "alice", chats, documents, events, signals, answers: heldQueue, pollMs });
  return { chats, stored, events, signals, runs };
}

/** Reads the run's events until it ends, handing each to `seen` as it arrives. */
async function follow(events: AsyncIterable<StoredStreamEvent>, seen: (stored: StoredStreamEvent) => void = () => undefined): Promise<string[]> {
  const types: string[] = [];
  for await (const stored of events) {
    types.push(stored.event.type);
    seen(stored);
  }
  return types;
}

describe("SignalingStreamEventStore under ChatRunService.runEvents", () => {
  it("wakes a follower with each appended event long before its poll would", async () => {
    const { chats, events, runs } = world(NO_POLL_MS);
    const chat = await chats.createChat("alice", { title: "сигналы" });
    const { runId } = await runs.postMessage(chat.id, { content: "Какие перемычки?" });
    let next = () => {};
    const following = follow(runs.runEvents(runId), () => next());
    // each event is appended only once the follower has the one before: it is waiting when it lands
    const appendAfterNext = (append: () => Promise<unknown>) => new Promise<void>((resolve) => (next = () => void append().then(() => resolve())));
    await appendAfterNext(() => events.append("alice", runId, { type: "processing_started" }));
    await appendAfterNext(() => events.append("alice", runId, ENDED, { chatId: chat.id }));
    expect(await following).toEqual(["queue_position", "processing_started", "completed"]);
  }, WOKEN_WITHIN_MS);

  it("still finds, by polling, events appended without a signal (another instance's)", async () => {
    const { chats, stored, runs } = world(20);
    const chat = await chats.createChat("alice", { title: "опрос" });
    const { runId } = await runs.postMessage(chat.id, { content: "Какие перемычки?" });
    const following = follow(runs.runEvents(runId), (event) => {
      if (event.event.type === "queue_position") void stored.append("alice", runId, ENDED);
    });
    expect(await following).toEqual(["queue_position", "completed"]);
  });

  it("leaves no wait behind when the follower stops reading, or the run ends", async () => {
    const { chats, events, signals, runs } = world(NO_POLL_MS);
    const chat = await chats.createChat("alice", { title: "уход" });
    const { runId } = await runs.postMessage(chat.id, { content: "Какие перемычки?" });
    for await (const stored of runs.runEvents(runId)) if (stored.event.type === "queue_position") break;
    const waits = (signals as unknown as { waits: Map<string, unknown> }).waits;
    expect(waits.size).toBe(0);
    await events.append("alice", runId, ENDED);
    expect(await follow(runs.runEvents(runId))).toEqual(["queue_position", "completed"]);
    expect(waits.size).toBe(0);
  });
});
