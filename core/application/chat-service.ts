import type { Chat, ChatMessage } from "../domain/chat.js";
import { invalidInput } from "../domain/errors.js";
import type { EvidenceImage } from "../domain/evidence.js";
import type { ChatStore, MessagePage, MessagePageOptions } from "../ports/chat-store.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { EvidenceImageStore } from "../ports/evidence-image-store.js";
import type { AizoomdocApi, NewChatInput } from "./aizoomdoc-api.js";
import type { ChatDeletion } from "./chat-deletion.js";

export interface ChatServiceDeps {
  ownerId: string;
  chats: ChatStore;
  images: EvidenceImageStore;
  /** A chat's documents must be its owner's: another user's id is `DOCUMENT.NOT_FOUND`. */
  documents: Pick<DocumentStore, "getDocument">;
  /** Deletes a chat durably, with what it left outside its rows. */
  deletion: Pick<ChatDeletion, "deleteChat">;
}

/** What a chat is called until its first question names it. */
export const DEFAULT_CHAT_TITLE = "Новый чат";
/** Messages `getChat` returns with the chat: the latest page, oldest first (older ones through `listMessages`). */
const CHAT_PAGE = 100;

/**
 * A user's chats (seed §chats): create, list, open with its latest messages, rename, delete with everything recorded
 * under it, and page through the history. Questions are asked through `ask` (with `chatId`), which records the turns.
 */
export class ChatService implements Pick<AizoomdocApi, "createChat" | "listChats" | "getChat" | "renameChat" | "deleteChat" | "listMessages" | "listChatImages"> {
  constructor(private readonly deps: ChatServiceDeps) {}

  async createChat(input: NewChatInput = {}): Promise<Chat> {
    if (input === null || typeof input !== "object") throw invalidInput("chat: expected an object of fields");
    const title = input.title?.trim() || DEFAULT_CHAT_TITLE;
    for (const id of new Set(input.documentIds ?? [])) await this.deps.documents.getDocument(this.deps.ownerId, id);
    return this.deps.chats.createChat(this.deps.ownerId, {
      title,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.documentIds ? { documentIds: input.documentIds } : {}),
    });
  }

  listChats(options: { limit?: number } = {}): Promise<Chat[]> {
    return this.deps.chats.listChats(this.deps.ownerId, options.limit !== undefined ? { limit: options.limit } : {});
  }

  async getChat(chatId: string): Promise<{ chat: Chat; messages: ChatMessage[]; nextBefore?: number }> {
    const chat = await this.deps.chats.getChat(this.deps.ownerId, chatId);
    const page = await this.deps.chats.listMessages(this.deps.ownerId, chatId, { limit: CHAT_PAGE });
    return { chat, messages: page.messages, ...(page.nextBefore !== undefined ? { nextBefore: page.nextBefore } : {}) };
  }

  async renameChat(chatId: string, title: string): Promise<Chat> {
    if (typeof title !== "string" || title.trim().length === 0) throw invalidInput("chat: the title is empty");
    return this.deps.chats.updateChat(this.deps.ownerId, chatId, { title: title.trim() });
  }

  deleteChat(chatId: string): Promise<void> {
    return this.deps.deletion.deleteChat(chatId);
  }

  /** The records of the chat's evidence images (no bytes), in the order they were saved. */
  async listChatImages(chatId: string): Promise<EvidenceImage[]> {
    // a foreign chat is not found, rather than a chat without images
    await this.deps.chats.getChat(this.deps.ownerId, chatId);
    return this.deps.images.listImages(this.deps.ownerId, { chatId });
  }

  listMessages(chatId: string, options: MessagePageOptions = {}): Promise<MessagePage> {
    return this.deps.chats.listMessages(this.deps.ownerId, chatId, options);
  }
}
