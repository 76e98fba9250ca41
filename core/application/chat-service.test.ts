import { describe, expect, it } from "vitest";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryChatStore } from "../ports/testing/in-memory-chat-store.js";
import { InMemoryEvidenceImageStore } from "../ports/testing/in-memory-evidence-image-store.js";
import type { DocumentRecord } from "../domain/document.js";
import { notFound } from "../domain/errors.js";
import { ChatDeletion } from "./chat-deletion.js";
import { ChatService, DEFAULT_CHAT_TITLE } from "./chat-service.js";

/** A chat service whose deletions run at once (the deletion's own test covers the queue). */
function chatService(ownerId: string, chats: InMemoryChatStore, images = new InMemoryEvidenceImageStore(chats)): ChatService {
  const deletion: ChatDeletion = new ChatDeletion({ ownerId, chats, images, blobs: new InMemoryBlobStorage(), queue: { submit: async (job) => deletion.purge(job) }, cancelRun: async () => false });
  const documents = {
    getDocument: async (owner: string, id: string) => {
      if (owner !== "alice" || id !== "doc-1") throw notFound("DOCUMENT.NOT_FOUND", `document ${id}`);
      return { id } as DocumentRecord;
    },
  };
  return new ChatService({ ownerId, chats, images, documents, deletion });
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: { code?: string }) => error.code);

describe("ChatService", () => {
  it("creates chats (a default title when none is given), lists them newest first and renames them", async () => {
    const chats = new InMemoryChatStore();
    const alice = chatService("alice", chats);
    const first = await alice.createChat();
    expect(first.title).toBe(DEFAULT_CHAT_TITLE);
    const second = await alice.createChat({ title: "  Перемычки АР4 ", documentIds: ["doc-1"] });
    expect(second).toMatchObject({ title: "Перемычки АР4", documentIds: ["doc-1"] });
    // a later message moves its chat to the front (a millisecond later, so the order is not a tie)
    await new Promise((resolve) => setTimeout(resolve, 5));
    await chats.appendMessage("alice", first.id, { role: "user", content: "вопрос" });
    expect((await alice.listChats()).map((c) => c.id)).toEqual([first.id, second.id]);
    expect((await alice.renameChat(first.id, "Спецификация")).title).toBe("Спецификация");
    expect(await codeOf(alice.renameChat(first.id, "  "))).toBe("VALIDATION.INVALID_INPUT");
    // a chat's documents are its owner's
    expect(await codeOf(chatService("bob", chats).createChat({ title: "чужие", documentIds: ["doc-1"] }))).toBe("DOCUMENT.NOT_FOUND");
  });

  it("opens a chat with its messages and pages through the history, oldest first", async () => {
    const chats = new InMemoryChatStore();
    const alice = chatService("alice", chats);
    const chat = await alice.createChat({ title: "история" });
    for (let i = 1; i <= 5; i++) await chats.appendMessage("alice", chat.id, { role: i % 2 ? "user" : "assistant", content: `m${i}` });
    const opened = await alice.getChat(chat.id);
    expect(opened.chat.id).toBe(chat.id);
    expect(opened.messages.map((m) => m.content)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    const latest = await alice.listMessages(chat.id, { limit: 2 });
    expect(latest.messages.map((m) => m.content)).toEqual(["m4", "m5"]);
    const older = await alice.listMessages(chat.id, { limit: 2, before: latest.nextBefore! });
    expect(older.messages.map((m) => m.content)).toEqual(["m2", "m3"]);
  });

  it("scopes every call to its owner: another user's chat is not found, and deleting removes it", async () => {
    const chats = new InMemoryChatStore();
    const alice = chatService("alice", chats);
    const bob = chatService("bob", chats);
    const chat = await alice.createChat({ title: "чужой" });
    expect(await bob.listChats()).toEqual([]);
    for (const call of [bob.getChat(chat.id), bob.renameChat(chat.id, "x"), bob.deleteChat(chat.id), bob.listMessages(chat.id)]) expect(await codeOf(call)).toBe("CHAT.NOT_FOUND");
    await alice.deleteChat(chat.id);
    expect(await codeOf(alice.getChat(chat.id))).toBe("CHAT.NOT_FOUND");
  });
  it("lists a chat's evidence image records for its owner only", async () => {
    const chats = new InMemoryChatStore();
    const images = new InMemoryEvidenceImageStore(chats);
    const alice = chatService("alice", chats, images);
    const bob = chatService("bob", chats, images);
    const chat = await alice.createChat({ title: "с картинками" });
    const image = { id: "img-1", documentId: "doc-1", page: 1, kind: "roi" as const, bboxNorm: [0, 0, 0.5, 0.5] as const, dpi: 300, width: 800, height: 600, mimeType: "image/png" as const };
    await images.saveImage("alice", image, { chatId: chat.id });
    expect((await alice.listChatImages(chat.id)).map((i) => i.id)).toEqual(["img-1"]);
    expect(await codeOf(bob.listChatImages(chat.id))).toBe("CHAT.NOT_FOUND");
  });
});
