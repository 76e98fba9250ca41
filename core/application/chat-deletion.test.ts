import { describe, expect, it } from "vitest";
import type { EvidenceImage } from "../domain/evidence.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryChatStore } from "../ports/testing/in-memory-chat-store.js";
import { InMemoryDialogLog } from "../ports/testing/in-memory-dialog-log.js";
import { InMemoryEvidenceImageStore } from "../ports/testing/in-memory-evidence-image-store.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { ChatDeletion, type ChatDeletionJob } from "./chat-deletion.js";

const image = (id: string): EvidenceImage => ({ id, documentId: "doc-1", page: 1, kind: "roi", bboxNorm: [0, 0, 0.5, 0.5], dpi: 300, width: 8, height: 6, mimeType: "image/png", storageKey: `evidence/${id}.png` });

async function world() {
  const chats = new InMemoryChatStore();
  const images = new InMemoryEvidenceImageStore(chats);
  const blobs = new InMemoryBlobStorage();
  const dialogLog = new InMemoryDialogLog();
  const queued: ChatDeletionJob[] = [];
  const cancelled: string[] = [];
  const deletion = (ownerId: string) =>
    new ChatDeletion({ ownerId, chats, images, blobs, dialogLog, queue: { submit: async (job) => void queued.push(structuredClone(job)) }, cancelRun: async (chatId) => (cancelled.push(chatId), true) });
  const store = async (id: string, chatId: string) => {
    await images.saveImage("alice", image(id), { chatId });
    await blobs.put(`evidence/${id}.png`, new Uint8Array([1]), { contentType: "image/png" });
    await blobs.put(`evidence/${id}.json`, new Uint8Array([2]), { contentType: "application/json" });
  };
  const kept = async (id: string) => {
    const keys: string[] = [];
    for await (const entry of blobs.list(`evidence/${id}.`)) keys.push(entry.key);
    // both of an image's blobs go together or stay together
    expect(keys.length === 0 || keys.length === 2).toBe(true);
    return keys.length === 2;
  };
  return { chats, images, blobs, dialogLog, queued, cancelled, deletion, store, kept };
}

describe("ChatDeletion", () => {
  it("removes the chat's rows at once and queues the rest; the job purges its images' bytes and its dialog log", async () => {
    const { chats, dialogLog, queued, cancelled, deletion, store, kept } = await world();
    const chat = await chats.createChat("alice", { title: "удаляемый" });
    const other = await chats.createChat("alice", { title: "остаётся" });
    await chats.appendMessage("alice", chat.id, { role: "user", content: "вопрос" });
    await store("img-a", chat.id);
    await store("img-b", other.id);
    await dialogLog.append(chat.id, { at: "", runId: "r", call: 1, method: "generate", tier: "fast", request: { system: "", messages: [], parameters: {}, structured: false }, elapsedMs: 1 });

    await deletion("alice").deleteChat(chat.id);
    expect(await errorCodeOf(chats.getChat("alice", chat.id))).toBe("CHAT.NOT_FOUND");
    expect(cancelled).toEqual([chat.id]);
    expect(queued).toEqual([{ ownerId: "alice", chatId: chat.id, imageIds: ["img-a"] }]);
    // the bytes wait for the job
    expect(await kept("img-a")).toBe(true);

    await deletion("alice").purge(queued[0]!);
    expect(await kept("img-a")).toBe(false);
    expect(await kept("img-b")).toBe(true);
    expect(await dialogLog.read(chat.id)).toEqual([]);
  });

  it("keeps the bytes of an image another chat showed since, and finishes a deletion whose rows a crash left", async () => {
    const { chats, images, deletion, store, kept } = await world();
    const chat = await chats.createChat("alice", { title: "a" });
    const later = await chats.createChat("alice", { title: "b" });
    await store("img-shared", chat.id);
    // the job was queued, then the process died before the rows went; meanwhile the image was shown in another chat
    const job: ChatDeletionJob = { ownerId: "alice", chatId: chat.id, imageIds: ["img-shared", "img-never-stored"] };
    await images.saveImage("alice", image("img-shared"), { chatId: later.id });
    await deletion("alice").purge(job);
    expect(await errorCodeOf(chats.getChat("alice", chat.id))).toBe("CHAT.NOT_FOUND");
    expect(await kept("img-shared")).toBe(true);
    // run again (a job given back after a crash): nothing left to do, no error
    await deletion("alice").purge(job);
  });

  it("refuses another user's chat before it queues anything", async () => {
    const { chats, queued, cancelled, deletion } = await world();
    const chat = await chats.createChat("alice", { title: "чужой" });
    expect(await errorCodeOf(deletion("bob").deleteChat(chat.id))).toBe("CHAT.NOT_FOUND");
    expect(queued).toEqual([]);
    expect(cancelled).toEqual([]);
    expect((await chats.getChat("alice", chat.id)).id).toBe(chat.id);
  });
});
