import { LRUCache } from "lru-cache";
import type { Chat, ChatMessage, NewChat, NewMessage } from "../core/domain/chat.js";
import type { ChatListChanges } from "../core/ports/chat-list-changes.js";
import type { ChatListOptions, ChatStore, MessagePage, MessagePageOptions } from "../core/ports/chat-store.js";

/** Owners whose lists are kept; the least recently listed go first. */
const CACHED_OWNERS = 10_000;

/** One owner's lists, by their options, and how often they were let go since this entry was made. */
interface OwnerLists {
  generation: number;
  lists: Map<string, Chat[]>;
}

/**
 * A `ChatStore` that serves each owner's chat lists from memory until they change: the list is what every client
 * polls, and its query was most of a signed-in `GET /chats` (bench/server.bench.ts). Every change made through it
 * is told to `ChatListChanges` once stored, and every change heard there (this instance's at once, other instances'
 * over Postgres a few milliseconds later) lets go of that owner's lists; while changes may go unheard
 * (`reliable` false) lists go to the store and nothing is kept.
 *
 * A list read from the store is kept only if no change of its owner was heard while it was read: one that was
 * read before a change committed but answered after it was heard would otherwise stay, stale, until the next change.
 */
export class CachingChatStore implements ChatStore {
  private readonly owners = new LRUCache<string, OwnerLists>({ max: CACHED_OWNERS });

  constructor(
    private readonly chats: ChatStore,
    private readonly changes: ChatListChanges,
  ) {
    changes.onChange((ownerId) => this.letGo(ownerId));
  }

  async listChats(ownerId: string, options: ChatListOptions = {}): Promise<Chat[]> {
    if (!this.changes.reliable) return this.chats.listChats(ownerId, options);
    const key = `${options.includeArchived === true}:${options.limit ?? ""}`;
    let entry = this.owners.get(ownerId);
    const kept = entry?.lists.get(key);
    if (kept) return kept;
    if (!entry) this.owners.set(ownerId, (entry = { generation: 0, lists: new Map() }));
    const generation = entry.generation;
    // frozen, chats and all: the same list goes to every caller until it changes, so a host may serialise it once
    const list = Object.freeze((await this.chats.listChats(ownerId, options)).map((chat) => Object.freeze(chat))) as Chat[];
    // the entry is the same one (not let go with every owner, nor pushed out) and heard no change meanwhile
    if (this.changes.reliable && this.owners.peek(ownerId) === entry && entry.generation === generation) entry.lists.set(key, list);
    return list;
  }

  createChat(ownerId: string, chat: NewChat): Promise<Chat> {
    return this.changing(ownerId, () => this.chats.createChat(ownerId, chat));
  }

  getChat(ownerId: string, chatId: string): Promise<Chat> {
    return this.chats.getChat(ownerId, chatId);
  }

  updateChat(ownerId: string, chatId: string, patch: { title?: string; isArchived?: boolean; metadata?: Record<string, unknown> }): Promise<Chat> {
    return this.changing(ownerId, () => this.chats.updateChat(ownerId, chatId, patch));
  }

  deleteChat(ownerId: string, chatId: string): Promise<void> {
    return this.changing(ownerId, () => this.chats.deleteChat(ownerId, chatId));
  }

  appendMessage(ownerId: string, chatId: string, message: NewMessage): Promise<ChatMessage> {
    return this.changing(ownerId, () => this.chats.appendMessage(ownerId, chatId, message));
  }

  withdrawLatestMessage(ownerId: string, chatId: string, messageId: string): Promise<boolean> {
    return this.changing(ownerId, () => this.chats.withdrawLatestMessage(ownerId, chatId, messageId));
  }

  listMessages(ownerId: string, chatId: string, options?: MessagePageOptions): Promise<MessagePage> {
    return this.chats.listMessages(ownerId, chatId, options);
  }

  /** Told also when the change failed: a failure may still have stored it (a lost reply to a commit). */
  private async changing<T>(ownerId: string, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      this.changes.changed(ownerId);
    }
  }

  /** `undefined`: every owner's lists may have changed. */
  private letGo(ownerId: string | undefined): void {
    if (ownerId === undefined) return this.owners.clear();
    const entry = this.owners.peek(ownerId);
    if (!entry) return;
    entry.generation++;
    entry.lists.clear();
  }
}
