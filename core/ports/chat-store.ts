import type { Chat, ChatMessage, NewChat, NewMessage } from "../domain/chat.js";

export interface ChatListOptions {
  includeArchived?: boolean;
  /** 1..200, default 50. */
  limit?: number;
}

export interface MessagePageOptions {
  /** 1..500, default 50. */
  limit?: number;
  /** Only messages before this `seq` (the `nextBefore` of the previous page); omitted = the latest messages. */
  before?: number;
}

export interface MessagePage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** Pass as `before` for the page of older messages; absent when there are none. */
  nextBefore?: number;
}

export const ChatStore = Symbol.for("aizoomdoc.ChatStore");

/**
 * Chats and their messages, scoped to an owner.
 *
 * Contract:
 * - Another owner's chat behaves as if it did not exist: `CHAT.NOT_FOUND` for every call naming it.
 * - `appendMessage` keeps the structured answer whole and moves the chat's `updatedAt` forward. A message with the
 *   `clientMessageId` of one already in the chat is that one: it is returned unchanged and nothing is added, also
 *   when the two appends race.
 * - `deleteChat` removes the chat with its messages, evidence image records and stream events, durably.
 * - Invalid titles or paging values are `VALIDATION.INVALID_INPUT`.
 */
export interface ChatStore {
  createChat(ownerId: string, chat: NewChat): Promise<Chat>;
  /** Newest activity first. */
  listChats(ownerId: string, options?: ChatListOptions): Promise<Chat[]>;
  getChat(ownerId: string, chatId: string): Promise<Chat>;
  updateChat(ownerId: string, chatId: string, patch: { title?: string; isArchived?: boolean; metadata?: Record<string, unknown> }): Promise<Chat>;
  deleteChat(ownerId: string, chatId: string): Promise<void>;
  appendMessage(ownerId: string, chatId: string, message: NewMessage): Promise<ChatMessage>;
  /**
   * Takes back the chat's latest message when it is `messageId` (a question the queue refused, so a retried post
   * does not store it twice); false when it is not the latest or not there. `CHAT.NOT_FOUND` for another owner's chat.
   */
  withdrawLatestMessage(ownerId: string, chatId: string, messageId: string): Promise<boolean>;
  listMessages(ownerId: string, chatId: string, options?: MessagePageOptions): Promise<MessagePage>;
}
