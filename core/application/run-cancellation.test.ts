import { describe, expect, it } from "vitest";
import { InMemoryChatStore } from "../ports/testing/in-memory-chat-store.js";
import { InMemoryStreamEventStore } from "../ports/testing/in-memory-stream-event-store.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { RunCancellation } from "./run-cancellation.js";

function world() {
  const chats = new InMemoryChatStore();
  const events = new InMemoryStreamEventStore(chats);
  const waiting = new Set<string>();
  const cancelledChats: string[] = [];
  const latest = new Map<string, string>();
  const runs = {
    latestRun: async (chatId: string) => latest.get(chatId),
    cancelLatestRun: async (chatId: string) => (cancelledChats.push(chatId), true),
    hasEnded: async (runId: string) => (await events.listAfter("alice", runId, 0)).some(({ event }) => event.type === "completed" || event.type === "error"),
  };
  const ingestions = { cancelWaiting: async (_owner: string, runId: string) => waiting.delete(runId) };
  const cancellation = (ownerId = "alice") => new RunCancellation({ ownerId, events, runs, ingestions });
  return { chats, events, waiting, cancelledChats, latest, cancellation };
}

describe("RunCancellation", () => {
  it("cancels an ingestion that waits, ending its log; one under way or ended is left alone", async () => {
    const { events, waiting, cancellation } = world();
    await events.append("alice", "ingest-1", { type: "queue_position", position: 1, estimated_wait_seconds: 30 });
    waiting.add("ingest-1");
    expect(await cancellation().cancelRun("ingest-1")).toBe(true);
    expect((await events.listAfter("alice", "ingest-1", 0)).at(-1)?.event).toMatchObject({ type: "error", error: { code: "OPERATION.CANCELLED" } });
    // now it has ended; and a running one (no longer waiting) goes on
    expect(await cancellation().cancelRun("ingest-1")).toBe(false);
    await events.append("alice", "ingest-2", { type: "processing_started" });
    expect(await cancellation().cancelRun("ingest-2")).toBe(false);
    expect((await events.listAfter("alice", "ingest-2", 0)).map(({ event }) => event.type)).toEqual(["processing_started"]);
  });

  it("cancels an answer through its chat when it is the chat's latest run, and leaves ingestions alone when asked to", async () => {
    const { chats, events, waiting, cancelledChats, latest, cancellation } = world();
    const chat = await chats.createChat("alice", { title: "ответ" });
    await events.append("alice", "answer-1", { type: "queue_position", position: 0, estimated_wait_seconds: 0 }, { chatId: chat.id });
    latest.set(chat.id, "answer-2");
    expect(await cancellation().cancelRun("answer-1")).toBe(false);
    latest.set(chat.id, "answer-1");
    expect(await cancellation().cancelRun("answer-1", { answersOnly: true })).toBe(true);
    expect(cancelledChats).toEqual([chat.id]);
    await events.append("alice", "ingest-3", { type: "queue_position", position: 0, estimated_wait_seconds: 0 });
    waiting.add("ingest-3");
    expect(await cancellation().cancelRun("ingest-3", { answersOnly: true })).toBe(false);
    expect(waiting.has("ingest-3")).toBe(true);
  });

  it("is CHAT.NOT_FOUND for another user's run or an unknown one", async () => {
    const { events, cancellation } = world();
    await events.append("alice", "ingest-4", { type: "queue_position", position: 0, estimated_wait_seconds: 0 });
    expect(await errorCodeOf(cancellation("bob").cancelRun("ingest-4"))).toBe("CHAT.NOT_FOUND");
    expect(await errorCodeOf(cancellation().cancelRun("nobodys"))).toBe("CHAT.NOT_FOUND");
  });
});
