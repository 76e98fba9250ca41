import type { EvidenceImage } from "../../domain/evidence.js";
import { invalidInput, notFound } from "../../domain/errors.js";
import type { EvidenceImageLink, EvidenceImageStore } from "../evidence-image-store.js";
import type { InMemoryChatStore } from "./in-memory-chat-store.js";

interface Record {
  ownerId: string;
  image: EvidenceImage;
  chatId?: string;
  messageId?: string;
}

/** Verified fake of `EvidenceImageStore` (passes the same contract suite as the SQL store). */
export class InMemoryEvidenceImageStore implements EvidenceImageStore {
  /** Insertion order is the listing order; a re-save keeps its place. */
  private readonly records = new Map<string, Record>();

  constructor(private readonly chats: InMemoryChatStore) {
    chats.onDelete((chatId) => {
      for (const [id, record] of this.records) if (record.chatId === chatId) this.records.delete(id);
    });
  }

  async saveImage(ownerId: string, image: EvidenceImage, link: EvidenceImageLink = {}): Promise<void> {
    if (link.chatId) await this.chats.getChat(ownerId, link.chatId);
    const existing = this.records.get(image.id);
    if (existing && existing.ownerId !== ownerId) throw invalidInput(`evidence image ${image.id}: the id is taken`);
    if (link.messageId && !(link.chatId && this.chats.hasMessage(ownerId, link.chatId, link.messageId))) {
      throw notFound("CHAT.NOT_FOUND", `message ${link.messageId} of chat ${link.chatId ?? "?"}`);
    }
    this.records.set(image.id, {
      ownerId,
      image: structuredClone(image),
      ...(link.chatId ? { chatId: link.chatId } : {}),
      ...(link.messageId ? { messageId: link.messageId } : {}),
    });
  }

  async getImage(ownerId: string, imageId: string): Promise<EvidenceImage> {
    const record = this.records.get(imageId);
    if (!record || record.ownerId !== ownerId) throw notFound("STORAGE.NOT_FOUND", `evidence image ${imageId}`);
    return structuredClone(record.image);
  }

  async listImages(ownerId: string, filter: { chatId: string; messageId?: string }): Promise<EvidenceImage[]> {
    return [...this.records.values()]
      .filter((r) => r.ownerId === ownerId && r.chatId === filter.chatId && (!filter.messageId || r.messageId === filter.messageId))
      .map((r) => structuredClone(r.image));
  }

  async linkToMessage(ownerId: string, chatId: string, messageId: string, imageIds: string[]): Promise<void> {
    if (!this.chats.hasMessage(ownerId, chatId, messageId)) throw notFound("CHAT.NOT_FOUND", `message ${messageId} of chat ${chatId}`);
    for (const id of imageIds) {
      const record = this.records.get(id);
      if (record && record.ownerId === ownerId && record.chatId === chatId) record.messageId = messageId;
    }
  }
}
