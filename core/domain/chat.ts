import { z } from "zod";
import type { Answer } from "./answer.js";
import { invalidInput } from "./errors.js";
import type { DomainErrorJson } from "./errors.js";

export interface Chat {
  id: string;
  ownerId: string;
  title: string;
  description?: string;
  isArchived: boolean;
  /** Documents the chat is about (the default scope of its questions). */
  documentIds: string[];
  metadata: Record<string, unknown>;
  createdAt: string;
  /** Moves forward with every new message: chats are listed by it, newest first. */
  updatedAt: string;
}

export type MessageRole = "user" | "assistant" | "system";

/** `partial`: the answer stream ended early and the text so far is kept; `error`: the run failed (see `error`). */
export type MessageStatus = "complete" | "partial" | "error";

export interface ChatMessage {
  id: string;
  chatId: string;
  /** Position in the chat, increasing with every message (history pages are cut on it). */
  seq: number;
  role: MessageRole;
  /** Markdown. */
  content: string;
  messageType: string;
  /** The whole structured answer of an assistant message: nothing the model returned is thrown away. */
  answer?: Answer;
  model?: string;
  status: MessageStatus;
  error?: DomainErrorJson;
  attachedFileIds: string[];
  attachedDocumentIds: string[];
  /** A question asked in compare mode: the documents of side A and of side B. */
  compare?: ComparePair;
  /** A question's key from its client: posted again with it, the question is this message (not a second one). */
  clientMessageId?: string;
  /** The run that answers this question. */
  runId?: string;
  createdAt: string;
}

/** The two sides of a comparison, each a list of document ids. */
export interface ComparePair {
  a: string[];
  b: string[];
}

export interface NewChat {
  title: string;
  description?: string;
  documentIds?: string[];
  metadata?: Record<string, unknown>;
}

export interface NewMessage {
  role: MessageRole;
  content: string;
  messageType?: string;
  answer?: Answer;
  model?: string;
  status?: MessageStatus;
  error?: DomainErrorJson;
  attachedFileIds?: string[];
  attachedDocumentIds?: string[];
  compare?: ComparePair;
  clientMessageId?: string;
  runId?: string;
}

/** What a client may use as a question's key (a UUID, a ULID, …): letters, digits, `-` and `_`. */
export const CLIENT_MESSAGE_ID = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/u, "must be 8 to 128 letters, digits, - or _");

const NewChatSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    description: z.string().max(10_000).optional(),
    documentIds: z.array(z.string().min(1).max(200)).max(1_000).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const ChatPatchSchema = NewChatSchema.pick({ title: true, metadata: true }).extend({ isArchived: z.boolean() }).partial().strict();

const NewMessageSchema = z
  .object({
    role: z.enum(["user", "assistant", "system"]),
    content: z.string().max(2_000_000),
    messageType: z.string().min(1).max(32).optional(),
    answer: z.record(z.string(), z.unknown()).optional(),
    model: z.string().max(200).optional(),
    status: z.enum(["complete", "partial", "error"]).optional(),
    error: z.object({ code: z.string(), message: z.string() }).passthrough().optional(),
    attachedFileIds: z.array(z.string().min(1)).max(100).optional(),
    attachedDocumentIds: z.array(z.string().min(1)).max(1_000).optional(),
    compare: z
      .object({ a: z.array(z.string().min(1)).min(1).max(1_000), b: z.array(z.string().min(1)).min(1).max(1_000) })
      .strict()
      .optional(),
    clientMessageId: CLIENT_MESSAGE_ID.optional(),
    runId: z.string().min(1).max(200).optional(),
  })
  .strict();

export const CHAT_LIMITS = { chats: { default: 50, max: 200 }, messages: { default: 50, max: 500 } } as const;

const ChatListSchema = z.object({ includeArchived: z.boolean().optional(), limit: z.number().int().min(1).max(CHAT_LIMITS.chats.max).optional() }).strict();
const MessagePageSchema = z.object({ limit: z.number().int().min(1).max(CHAT_LIMITS.messages.max).optional(), before: z.number().int().min(1).optional() }).strict();

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidInput(`${what}: ${issue.path.join(".") || "(value)"}: ${issue.message}`);
}

/** Validation shared by every `ChatStore` (`VALIDATION.INVALID_INPUT` naming the field), so they refuse alike. */
export const validateChat = {
  newChat: (chat: NewChat) => parse(NewChatSchema, chat, "chat") as NewChat,
  patch: (patch: { title?: string; isArchived?: boolean; metadata?: Record<string, unknown> }) => parse(ChatPatchSchema, patch, "chat change"),
  newMessage: (message: NewMessage) => parse(NewMessageSchema, message, "message") as NewMessage,
  listOptions: (options: { includeArchived?: boolean; limit?: number }) => {
    const o = parse(ChatListSchema, options, "chat list");
    return { includeArchived: o.includeArchived ?? false, limit: o.limit ?? CHAT_LIMITS.chats.default };
  },
  pageOptions: (options: { limit?: number; before?: number }) => {
    const o = parse(MessagePageSchema, options, "message page");
    return { limit: o.limit ?? CHAT_LIMITS.messages.default, ...(o.before !== undefined ? { before: o.before } : {}) };
  },
};
