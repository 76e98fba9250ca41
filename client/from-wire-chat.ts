import type { Chat, ChatMessage } from "../core/domain/chat.js";
import type { MessagePage } from "../core/ports/chat-store.js";
import type { WireChat } from "../hosts/http/wire/wire-chat.js";
import type { WireMessage, WireMessagePage } from "../hosts/http/wire/wire-message.js";

/** A chat as the server sends it; its `metadata` stays on the server (the wire does not carry it), so it reads `{}`. */
export function fromWireChat(wire: WireChat): Chat {
  return {
    id: wire.id,
    ownerId: wire.user_id,
    title: wire.title,
    ...(wire.description !== null ? { description: wire.description } : {}),
    isArchived: wire.is_archived,
    documentIds: wire.document_ids,
    metadata: {},
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  };
}

/** A message without its image list (the records of a chat's images are a call of their own in the application). */
export function fromWireMessage(wire: WireMessage): ChatMessage {
  return {
    id: wire.id,
    chatId: wire.chat_id,
    seq: wire.seq,
    role: wire.role,
    content: wire.content,
    messageType: wire.message_type,
    ...(wire.answer ? { answer: wire.answer } : {}),
    ...(wire.model !== null ? { model: wire.model } : {}),
    status: wire.status,
    ...(wire.error ? { error: { code: wire.error.code, message: wire.error.message, ...(wire.error.details ? { details: wire.error.details } : {}) } } : {}),
    attachedFileIds: wire.attached_file_ids,
    attachedDocumentIds: wire.attached_document_ids,
    ...(wire.compare_document_ids_a.length > 0 ? { compare: { a: wire.compare_document_ids_a, b: wire.compare_document_ids_b } } : {}),
    ...(wire.client_message_id ? { clientMessageId: wire.client_message_id } : {}),
    ...(wire.run_id ? { runId: wire.run_id } : {}),
    createdAt: wire.created_at,
  };
}

export function fromWireMessagePage(wire: WireMessagePage): MessagePage {
  return { messages: wire.messages.map(fromWireMessage), ...(wire.next_before !== null ? { nextBefore: wire.next_before } : {}) };
}
