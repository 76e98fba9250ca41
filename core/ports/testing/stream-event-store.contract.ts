import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../domain/stream-event.js";
import { errorCodeOf } from "./domain-error-of.js";
import { uniqueUser, type ChatStoresHarness } from "./chat-store.contract.js";

const token = (i: number): StreamEvent => ({ type: "llm_token", token: `t${i}`, model: "gemini-2.5-flash" });

/** The StreamEventStore contract, run against every adapter and the in-memory fake. */
export function describeStreamEventStoreContract(name: string, make: () => Promise<ChatStoresHarness>) {
  describe(`StreamEventStore contract: ${name}`, () => {
    it("numbers a run's events from 1 and resumes after any seq", async () => {
      const { events } = await make();
      const owner = uniqueUser();
      const run = randomUUID();
      const phase: StreamEvent = { type: "phase_started", phase: "retrieve", description: "поиск блоков" };
      expect(await events.append(owner, run, phase)).toBe(1);
      for (let i = 2; i <= 5; i++) expect(await events.append(owner, run, token(i))).toBe(i);
      expect(await events.listAfter(owner, run, 0)).toEqual([{ seq: 1, event: phase }, ...[2, 3, 4, 5].map((i) => ({ seq: i, event: token(i) }))]);
      expect((await events.listAfter(owner, run, 3)).map((e) => e.seq)).toEqual([4, 5]);
      expect((await events.listAfter(owner, run, 1, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect(await events.listAfter(owner, run, 5)).toEqual([]);
      expect(await events.append(owner, randomUUID(), token(1))).toBe(1);
    });

    it("numbers racing appends without gaps or duplicates", async () => {
      const { events, chats } = await make();
      const owner = uniqueUser();
      const run = randomUUID();
      const chat = await chats.createChat(owner, { title: "гонка" });
      const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => events.append(owner, run, token(i), { chatId: chat.id })));
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await events.listAfter(owner, run, 0)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it("keeps a run to its owner and its chat to the chat's owner", async () => {
      const { events, chats } = await make();
      const owner = uniqueUser("alice");
      const other = uniqueUser("bob");
      const run = randomUUID();
      await events.append(owner, run, { type: "processing_started" });
      expect(await errorCodeOf(events.append(other, run, { type: "processing_started" }))).toBe("CHAT.NOT_FOUND");
      expect(await events.listAfter(other, run, 0)).toEqual([]);
      await events.deleteRun(other, run);
      expect(await events.listAfter(owner, run, 0)).toHaveLength(1);
      const foreignChat = await chats.createChat(other, { title: "чужой" });
      expect(await errorCodeOf(events.append(owner, randomUUID(), { type: "processing_started" }, { chatId: foreignChat.id }))).toBe("CHAT.NOT_FOUND");
    });

    it("names a chat's latest run, for its owner only", async () => {
      const { events, chats } = await make();
      const owner = uniqueUser("alice");
      const chat = await chats.createChat(owner, { title: "прогоны" });
      expect(await events.latestRun(owner, chat.id)).toBeUndefined();
      const first = randomUUID();
      const second = randomUUID();
      await events.append(owner, first, { type: "processing_started" }, { chatId: chat.id });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await events.append(owner, second, { type: "processing_started" }, { chatId: chat.id });
      // a later event of the earlier run does not make it the latest
      await events.append(owner, first, token(2), { chatId: chat.id });
      expect(await events.latestRun(owner, chat.id)).toBe(second);
      expect(await events.latestRun(uniqueUser("bob"), chat.id)).toBeUndefined();
    });

    it("says where a run belongs: its chat, no chat (an ingestion), or nothing for another owner's", async () => {
      const { events, chats } = await make();
      const owner = uniqueUser("alice");
      const chat = await chats.createChat(owner, { title: "чей прогон" });
      const [answer, ingestion] = [randomUUID(), randomUUID()];
      await events.append(owner, answer, { type: "processing_started" }, { chatId: chat.id });
      await events.append(owner, ingestion, { type: "processing_started" });
      expect(await events.runOwner(owner, answer)).toEqual({ chatId: chat.id });
      expect(await events.runOwner(owner, ingestion)).toEqual({});
      expect(await events.runOwner(uniqueUser("bob"), answer)).toBeUndefined();
      expect(await events.runOwner(owner, randomUUID())).toBeUndefined();
    });

    it("deletes a run and validates read arguments", async () => {
      const { events } = await make();
      const owner = uniqueUser();
      const run = randomUUID();
      await events.append(owner, run, { type: "completed", answer: { mode: "evidence_only", answer_markdown: "", citations: [], issues: [], recommendations: [], unverified: [], follow_up_questions: [], evidence_image_ids: [] } });
      await events.deleteRun(owner, run);
      expect(await events.listAfter(owner, run, 0)).toEqual([]);
      await events.deleteRun(owner, randomUUID());
      expect(await errorCodeOf(events.listAfter(owner, run, -1))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(events.listAfter(owner, run, 0, 0))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(events.listAfter(owner, run, 0, 5_000))).toBe("VALIDATION.INVALID_INPUT");
    });
  });
}
