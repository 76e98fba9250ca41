import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../domain/answer.js";
import type { EvidenceImage } from "../../domain/evidence.js";
import type { ChatStore } from "../chat-store.js";
import type { EvidenceImageStore } from "../evidence-image-store.js";
import type { StreamEventStore } from "../stream-event-store.js";
import { errorCodeOf } from "./domain-error-of.js";

/** The chat-side stores of one backend, sharing its data (deleting a chat reaches the other two). */
export interface ChatStoresHarness {
  chats: ChatStore;
  images: EvidenceImageStore;
  events: StreamEventStore;
}

export const uniqueUser = (label = "user") => `${label}-${randomUUID().slice(0, 8)}`;
export const pause = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

export function sampleImage(over: Partial<EvidenceImage> = {}): EvidenceImage {
  return {
    id: randomUUID(),
    documentId: "doc-1",
    blockId: "AB12-CD34-EF5",
    page: 3,
    kind: "roi",
    bboxNorm: [0.125, 0.25, 0.5, 0.75],
    sector: "B2.A1",
    dpi: 400,
    width: 1536,
    height: 1024,
    mimeType: "image/png",
    storageKey: "evidence/x.png",
    ...over,
  };
}

export const sampleAnswer: Answer = {
  mode: "llm",
  answer_markdown: "На 2 этаже **4** перемычки ПР-1 [AB12-CD34-EF5].",
  citations: [{ block_id: "AB12-CD34-EF5", kind: "roi", page: 3, bbox: [0.1, 0.2, 0.3, 0.4], image_id: "img-1", note: "спецификация" }],
  issues: ["ПР-2 нет в спецификации"],
  recommendations: ["Сверить с листом АР-5"],
  diff: [{ item: "ПР-1", a: "4", b: "5", status: "changed", citations: [] }],
  unverified: [],
  follow_up_questions: [],
  evidence_image_ids: ["img-1"],
  usage: { calls: 2, input_tokens: 1200, output_tokens: 300, images: 1 },
  timings_ms: { total: 5300 },
};

/** The ChatStore contract, run against every adapter and the in-memory fake (harnesses may share one database). */
export function describeChatStoreContract(name: string, make: () => Promise<ChatStoresHarness>) {
  describe(`ChatStore contract: ${name}`, () => {
    it("creates, reads and lists chats newest activity first, hiding archived ones unless asked", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      const first = await chats.createChat(owner, { title: "  Перемычки 2 этажа ", documentIds: ["d1", "d2"], metadata: { source: "cli" } });
      expect(first).toMatchObject({ ownerId: owner, title: "Перемычки 2 этажа", isArchived: false, documentIds: ["d1", "d2"], metadata: { source: "cli" } });
      expect(first.createdAt).toBe(first.updatedAt);
      await pause();
      const second = await chats.createChat(owner, { title: "Спецификация", description: "сверка" });
      expect(second).toMatchObject({ documentIds: [], metadata: {}, description: "сверка" });
      expect(await chats.getChat(owner, first.id)).toEqual(first);
      expect((await chats.listChats(owner)).map((c) => c.id)).toEqual([second.id, first.id]);
      await pause();
      await chats.appendMessage(owner, first.id, { role: "user", content: "сколько?" });
      expect((await chats.listChats(owner)).map((c) => c.id)).toEqual([first.id, second.id]);
      expect(await chats.listChats(owner, { limit: 1 })).toHaveLength(1);
      const archived = await chats.updateChat(owner, second.id, { isArchived: true, title: "Старое" });
      expect(archived).toMatchObject({ isArchived: true, title: "Старое", description: "сверка" });
      expect((await chats.listChats(owner)).map((c) => c.id)).toEqual([first.id]);
      expect((await chats.listChats(owner, { includeArchived: true })).map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    });

    it("treats another owner's chat as missing for every call", async () => {
      const { chats } = await make();
      const owner = uniqueUser("alice");
      const other = uniqueUser("bob");
      const chat = await chats.createChat(owner, { title: "чужой" });
      expect(await errorCodeOf(chats.getChat(other, chat.id))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.updateChat(other, chat.id, { title: "x" }))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.appendMessage(other, chat.id, { role: "user", content: "x" }))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.listMessages(other, chat.id))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.deleteChat(other, chat.id))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.withdrawLatestMessage(other, chat.id, randomUUID()))).toBe("CHAT.NOT_FOUND");
      expect(await chats.listChats(other)).toEqual([]);
      expect(await errorCodeOf(chats.getChat(owner, randomUUID()))).toBe("CHAT.NOT_FOUND");
      expect((await chats.listMessages(owner, chat.id)).messages).toEqual([]);
    });

    it("takes back the latest message only, and the next one follows the earlier ones", async () => {
      const { chats } = await make();
      const owner = uniqueUser("alice");
      const chat = await chats.createChat(owner, { title: "отказ очереди" });
      const first = await chats.appendMessage(owner, chat.id, { role: "user", content: "первый" });
      const refused = await chats.appendMessage(owner, chat.id, { role: "user", content: "второй" });
      expect(await chats.withdrawLatestMessage(owner, chat.id, first.id)).toBe(false);
      expect(await chats.withdrawLatestMessage(owner, chat.id, refused.id)).toBe(true);
      expect(await chats.withdrawLatestMessage(owner, chat.id, refused.id)).toBe(false);
      const again = await chats.appendMessage(owner, chat.id, { role: "user", content: "второй" });
      const { messages } = await chats.listMessages(owner, chat.id);
      expect(messages.map((m) => m.content)).toEqual(["первый", "второй"]);
      expect(messages[1]!.seq).toBeGreaterThan(first.seq);
      expect(again.id).not.toBe(refused.id);
    });

    it("keeps a message's structured answer, usage and error whole", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "ответы" });
      const question = await chats.appendMessage(owner, chat.id, { role: "user", content: "Какие перемычки?", attachedDocumentIds: ["d1"], attachedFileIds: ["f1"] });
      expect(question).toMatchObject({ role: "user", messageType: "text", status: "complete", attachedDocumentIds: ["d1"], attachedFileIds: ["f1"] });
      const answer = await chats.appendMessage(owner, chat.id, { role: "assistant", content: sampleAnswer.answer_markdown, answer: sampleAnswer, model: "gemini-2.5-pro" });
      const failed = await chats.appendMessage(owner, chat.id, {
        role: "assistant",
        content: "На 2 этаже",
        status: "partial",
        error: { code: "LLM.UNAVAILABLE", message: "model unavailable" },
      });
      expect(answer.seq).toBeGreaterThan(question.seq);
      const { messages, nextBefore } = await chats.listMessages(owner, chat.id);
      expect(nextBefore).toBeUndefined();
      expect(messages).toEqual([question, answer, failed]);
      expect(messages[1]!.answer).toEqual(sampleAnswer);
      expect(messages[2]).toMatchObject({ status: "partial", error: { code: "LLM.UNAVAILABLE" } });
    });

    it("keeps the two sides of a question asked in compare mode, and refuses a side without documents", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "сравнение" });
      const question = await chats.appendMessage(owner, chat.id, { role: "user", content: "Что изменилось?", attachedDocumentIds: ["a1", "b1"], compare: { a: ["a1"], b: ["b1"] } });
      expect(question.compare).toEqual({ a: ["a1"], b: ["b1"] });
      const plain = await chats.appendMessage(owner, chat.id, { role: "user", content: "А так?" });
      expect(plain.compare).toBeUndefined();
      expect((await chats.listMessages(owner, chat.id)).messages).toEqual([question, plain]);
      expect(await errorCodeOf(chats.appendMessage(owner, chat.id, { role: "user", content: "x", compare: { a: ["a1"], b: [] } }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("stores a question posted again with its client's key once, also when the two appends race", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "повтор" });
      const other = await chats.createChat(owner, { title: "другой" });
      const post = (runId: string, chatId = chat.id) => chats.appendMessage(owner, chatId, { role: "user", content: "Сколько перемычек?", clientMessageId: "key-0001-abcd", runId });
      const [first, second] = await Promise.all([post("run-1"), post("run-2")]);
      expect(second).toEqual(first);
      expect(first.clientMessageId).toBe("key-0001-abcd");
      expect(["run-1", "run-2"]).toContain(first.runId);
      expect(await post("run-3")).toEqual(first);
      expect((await chats.listMessages(owner, chat.id)).messages).toEqual([first]);
      // the key is the chat's: the same key in another chat is another question
      expect((await post("run-4", other.id)).id).not.toBe(first.id);
      expect(await errorCodeOf(chats.appendMessage(owner, chat.id, { role: "user", content: "x", clientMessageId: "bad key!" }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("pages history from the latest messages backwards, oldest first within a page", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "история" });
      for (let i = 1; i <= 7; i++) await chats.appendMessage(owner, chat.id, { role: i % 2 ? "user" : "assistant", content: `m${i}` });
      const seen: string[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await chats.listMessages(owner, chat.id, { limit: 3, ...(before ? { before } : {}) });
        seen.unshift(...page.messages.map((m) => m.content));
        if (!page.nextBefore) break;
        before = page.nextBefore;
      }
      expect(seen).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
      expect((await chats.listMessages(owner, chat.id, { limit: 3 })).messages.map((m) => m.content)).toEqual(["m5", "m6", "m7"]);
    });

    it("refuses invalid input with a validation error naming the field", async () => {
      const { chats } = await make();
      const owner = uniqueUser();
      await expect(chats.createChat(owner, { title: "   " })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining("title") });
      const chat = await chats.createChat(owner, { title: "ok" });
      expect(await errorCodeOf(chats.appendMessage(owner, chat.id, { role: "robot" as never, content: "x" }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(chats.listMessages(owner, chat.id, { limit: 0 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(chats.listMessages(owner, chat.id, { before: -1 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(chats.listChats(owner, { limit: 10_000 }))).toBe("VALIDATION.INVALID_INPUT");
      expect((await chats.listMessages(owner, chat.id)).messages).toEqual([]);
    });

    it("deletes a chat with its messages, evidence image records and stream events", async () => {
      const { chats, images, events } = await make();
      const owner = uniqueUser();
      const chat = await chats.createChat(owner, { title: "удалить" });
      const kept = await chats.createChat(owner, { title: "оставить" });
      const message = await chats.appendMessage(owner, chat.id, { role: "user", content: "x" });
      const image = sampleImage();
      await images.saveImage(owner, image, { chatId: chat.id, messageId: message.id });
      const keptImage = sampleImage();
      await images.saveImage(owner, keptImage, { chatId: kept.id });
      const run = randomUUID();
      await events.append(owner, run, { type: "processing_started" }, { chatId: chat.id });
      await chats.deleteChat(owner, chat.id);
      expect(await errorCodeOf(chats.getChat(owner, chat.id))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(chats.listMessages(owner, chat.id))).toBe("CHAT.NOT_FOUND");
      expect(await errorCodeOf(images.getImage(owner, image.id))).toBe("STORAGE.NOT_FOUND");
      expect(await events.listAfter(owner, run, 0)).toEqual([]);
      expect(await images.getImage(owner, keptImage.id)).toEqual(keptImage);
      expect(await errorCodeOf(chats.deleteChat(owner, chat.id))).toBe("CHAT.NOT_FOUND");
    });
  });
}
