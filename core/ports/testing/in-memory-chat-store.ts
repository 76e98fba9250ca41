import { randomUUID } from "node:crypto";
import { validateChat, type Chat, type ChatMessage, type NewChat, type NewMessage } from "../../domain/chat.js";
import { notFound } from "../../domain/errors.js";
import type { ChatListOptions, ChatStore, MessagePage, MessagePageOptions } from "../chat-store.js";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Verified fake of `ChatStore` (passes the same contract suite as the SQL store). The in-memory evidence image
 * and stream event fakes take it, check chats through it and drop their rows when it deletes a chat.
 */
export class InMemoryChatStore implements ChatStore {
  private readonly chats = new Map<string, Chat>();
  private readonly messages = new Map<string, ChatMessage[]>();
  private readonly deletionListeners: Array<(chatId: string) => void> = [];
  private seq = 0;

  /** Calls `listener` with the id of every chat deleted from now on. */
  onDelete(listener: (chatId: string) => void): void {
    this.deletionListeners.push(listener);
  }

  /** True when the owner's chat has that message. */
  hasMessage(ownerId: string, chatId: string, messageId: string): boolean {
    return this.chats.get(chatId)?.ownerId === ownerId && (this.messages.get(chatId) ?? []).some((m) => m.id === messageId);
  }

  async createChat(ownerId: string, chat: NewChat): Promise<Chat> {
    const valid = validateChat.newChat(chat);
    const now = new Date().toISOString();
    const created: Chat = {
      id: randomUUID(),
      ownerId,
      title: valid.title,
      ...(valid.description !== undefined ? { description: valid.description } : {}),
      isArchived: false,
      documentIds: valid.documentIds ?? [],
      metadata: valid.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    this.chats.set(created.id, created);
    this.messages.set(created.id, []);
    return structuredClone(created);
  }

  async listChats(ownerId: string, options: ChatListOptions = {}): Promise<Chat[]> {
    const { includeArchived, limit } = validateChat.listOptions(options);
    return [...this.chats.values()]
      .filter((c) => c.ownerId === ownerId && (includeArchived || !c.isArchived))
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || byCodePoint(a.id, b.id))
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }

  async getChat(ownerId: string, chatId: string): Promise<Chat> {
    return structuredClone(this.owned(ownerId, chatId));
  }

  async updateChat(ownerId: string, chatId: string, patch: { title?: string; isArchived?: boolean; metadata?: Record<string, unknown> }): Promise<Chat> {
    const valid = validateChat.patch(patch);
    const chat = this.owned(ownerId, chatId);
    Object.assign(chat, Object.fromEntries(Object.entries(valid).filter(([, v]) => v !== undefined)), { updatedAt: new Date().toISOString() });
    return structuredClone(chat);
  }

  async deleteChat(ownerId: string, chatId: string): Promise<void> {
    this.owned(ownerId, chatId);
    this.chats.delete(chatId);
    this.messages.delete(chatId);
    for (const listener of this.deletionListeners) listener(chatId);
  }

  async withdrawLatestMessage(ownerId: string, chatId: string, messageId: string): Promise<boolean> {
    this.owned(ownerId, chatId);
    const messages = this.messages.get(chatId) ?? [];
    if (messages.at(-1)?.id !== messageId) return false;
    messages.pop();
    return true;
  }

  async appendMessage(ownerId: string, chatId: string, message: NewMessage): Promise<ChatMessage> {
    const valid = validateChat.newMessage(message);
    const chat = this.owned(ownerId, chatId);
    const earlier = valid.clientMessageId ? this.messages.get(chatId)!.find((m) => m.clientMessageId === valid.clientMessageId) : undefined;
    if (earlier) return structuredClone(earlier);
    const stored: ChatMessage = {
      id: randomUUID(),
      chatId,
      seq: ++this.seq,
      role: valid.role,
      content: valid.content,
      messageType: valid.messageType ?? "text",
      ...(valid.answer !== undefined ? { answer: structuredClone(valid.answer) } : {}),
      ...(valid.model !== undefined ? { model: valid.model } : {}),
      status: valid.status ?? "complete",
      ...(valid.error !== undefined ? { error: structuredClone(valid.error) } : {}),
      attachedFileIds: valid.attachedFileIds ?? [],
      attachedDocumentIds: valid.attachedDocumentIds ?? [],
      ...(valid.compare ? { compare: structuredClone(valid.compare) } : {}),
      ...(valid.clientMessageId ? { clientMessageId: valid.clientMessageId } : {}),
      ...(valid.runId ? { runId: valid.runId } : {}),
      createdAt: new Date().toISOString(),
    };
    this.messages.get(chatId)!.push(stored);
    chat.updatedAt = stored.createdAt;
    return structuredClone(stored);
  }

  async listMessages(ownerId: string, chatId: string, options: MessagePageOptions = {}): Promise<MessagePage> {
    const { limit, before } = validateChat.pageOptions(options);
    this.owned(ownerId, chatId);
    const older = (this.messages.get(chatId) ?? []).filter((m) => before === undefined || m.seq < before);
    const page = older.slice(-limit).map((m) => structuredClone(m));
    return { messages: page, ...(older.length > limit ? { nextBefore: page[0]!.seq } : {}) };
  }

  private owned(ownerId: string, chatId: string): Chat {
    const chat = this.chats.get(chatId);
    if (!chat || chat.ownerId !== ownerId) throw notFound("CHAT.NOT_FOUND", `chat ${chatId}`);
    return chat;
  }
}
