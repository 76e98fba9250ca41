import { z } from "zod";
import type { Chat, ChatMessage } from "../../../core/domain/chat.js";
import type { EvidenceImage } from "../../../core/domain/evidence.js";
import { WireMessage, type WireLinks, toWireMessage } from "./wire-message.js";
import { WireId, WireTime, queryBoolean, queryInteger, wireTime } from "./wire-primitives.js";

/** `{chat_id}` in a path. */
export const ChatParams = z.strictObject({ chat_id: WireId });

/** The reference's `ChatResponse` plus `is_archived` and `document_ids` (the chat's default scope). */
export const WireChat = z
  .object({
    id: WireId,
    title: z.string(),
    description: z.string().nullable(),
    user_id: z.string(),
    is_archived: z.boolean(),
    document_ids: z.array(z.string()),
    created_at: WireTime,
    updated_at: WireTime,
  })
  .meta({ id: "Chat" });

/**
 * `POST /chats`: the Python client sends `{}`, `{title}` or `{title, description}`; no title (or a blank one) gets the
 * reference's, as the application gives it in-process.
 */
export const CreateChatBody = z
  .strictObject({
    title: z.string().trim().max(500).optional(),
    description: z.string().max(10_000).optional(),
    document_ids: z.array(WireId).max(1_000).optional(),
  })
  .meta({ id: "CreateChat" });

/** `PATCH /chats/{chat_id}`: rename. */
export const RenameChatBody = z.strictObject({ title: z.string().trim().min(1).max(500) }).meta({ id: "RenameChat" });

/** `GET /chats`: the Python client sends `limit` (the reference ignored it; we apply it, 1..200). */
export const ChatListQuery = z.strictObject({ limit: queryInteger(1, 200).optional(), include_archived: queryBoolean.optional() });

/**
 * `GET /chats/{chat_id}`. The Python client parses this one body both as a `ChatResponse` (`get_chat`, `use_chat`)
 * and as a `ChatHistoryResponse` (`get_chat_history`), so it carries the chat's fields at the top level and also
 * `chat` and `messages` (the newest page, oldest first; `next_before` pages back through `/messages`).
 */
export const WireChatDetail = WireChat.extend({ chat: WireChat, messages: z.array(WireMessage), next_before: z.number().int().nullable() }).meta({
  id: "ChatDetail",
});

/** `DELETE /chats/{chat_id}`: 202, the reference's body; the deletion is durable once this is sent. */
export const WireChatDeletion = z.object({ message: z.string(), chat_id: WireId }).meta({ id: "ChatDeletion" });

/** `POST /chats/{chat_id}/cancel`: whether an answer was waiting or under way (false: the last one had ended). */
export const WireRunCancellation = z.object({ chat_id: WireId, cancelled: z.boolean() }).meta({ id: "RunCancellation" });

/** `POST /runs/{run_id}/cancel`: whether the run was waiting or running (false: it had ended). */
export const WireRunIdCancellation = z.object({ run_id: WireId, cancelled: z.boolean() }).meta({ id: "RunIdCancellation" });

export type WireChat = z.infer<typeof WireChat>;
export type WireChatDetail = z.infer<typeof WireChatDetail>;

export function toWireChat(chat: Chat): WireChat {
  return {
    id: chat.id,
    title: chat.title,
    description: chat.description ?? null,
    user_id: chat.ownerId,
    is_archived: chat.isArchived,
    document_ids: chat.documentIds,
    created_at: wireTime(chat.createdAt),
    updated_at: wireTime(chat.updatedAt),
  };
}

/** The wire JSON of frozen lists, made once each: a list served from memory is the same frozen array until it changes. */
const listJson = new WeakMap<readonly Chat[], string>();

/** `GET /chats`'s body: the chats on the wire, as JSON (a frozen list's from the first time it was sent). */
export function wireChatListJson(chats: readonly Chat[]): string {
  const made = listJson.get(chats);
  if (made !== undefined) return made;
  const json = JSON.stringify(chats.map(toWireChat));
  // a list that is not frozen may change after this: it is made anew each time
  if (Object.isFrozen(chats)) listJson.set(chats, json);
  return json;
}

export function toWireChatDetail(
  chat: Chat,
  page: { messages: readonly ChatMessage[]; nextBefore?: number },
  imagesOf: (messageId: string) => readonly EvidenceImage[],
  links: WireLinks,
): WireChatDetail {
  const wire = toWireChat(chat);
  return { ...wire, chat: wire, messages: page.messages.map((m) => toWireMessage(m, imagesOf(m.id), links)), next_before: page.nextBefore ?? null };
}

export function fromWireCreateChat(body: z.output<typeof CreateChatBody>) {
  return {
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.document_ids !== undefined ? { documentIds: body.document_ids } : {}),
  };
}
