import { z } from "zod";
import type { ChatMessage } from "../../../core/domain/chat.js";
import { AnswerSchema } from "../../../core/domain/answer.js";
import { ErrorCodes } from "../../../core/domain/errors.js";
import type { EvidenceImage } from "../../../core/domain/evidence.js";
import { WireBBox, WireId, WireTime, queryInteger, wireTime } from "./wire-primitives.js";
import { wireUuid } from "./wire-uuid.js";

/** Where the host serves what a mapping links to; the Python client downloads image URLs as they are, so absolute. */
export interface WireLinks {
  imageUrl(imageId: string): string;
}

/** A Gemini file the Python GUI uploaded (`{uri, mime_type, storage_path?}`); it builds these itself, so extra keys pass. */
export const WireGoogleFile = z.looseObject({ uri: z.string().min(1).max(4_096), mime_type: z.string().max(200).optional(), storage_path: z.string().max(1_024).optional() });

/** A result file picked in the project tree (`{r2_key, file_type}`); built by the GUI from tree nodes, so extra keys pass. */
export const WireTreeFile = z.looseObject({ r2_key: z.string().min(1).max(1_024), file_type: z.string().min(1).max(64) });

const ids = (max: number) => z.array(WireId).max(max);

/**
 * `POST /chats/{chat_id}/messages`. Strict, but it declares the extras the Python client sends: `google_file_uris`
 * (in the reference's `MessageCreate`) and `google_files` / `tree_files` (its `send_message` puts them in the body as
 * well as in the stream query). Refusing them would break every send with attachments.
 */
/** A question's key from its client (`Idempotency-Key`): posted again with it, the question is stored and answered once. */
export const WireClientMessageId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,128}$/u, "must be 8 to 128 letters, digits, - or _")
  .meta({ description: "The question's key: the same key posted again returns the question stored before, with its run" });

/** `Idempotency-Key` of `POST /chats/{chat_id}/messages`. */
export const IdempotencyHeaders = z.object({ "idempotency-key": WireClientMessageId });

export const PostMessageBody = z
  .strictObject({
    // a question, not a document: 100 000 characters is far beyond any real one and bounds what one call stores
    content: z.string().trim().min(1).max(100_000),
    attached_file_ids: ids(100).optional(),
    attached_document_ids: ids(1_000).optional(),
    google_file_uris: z.array(z.string().min(1).max(4_096)).max(100).optional(),
    google_files: z.array(z.union([z.string().min(1).max(4_096), WireGoogleFile])).max(100).optional(),
    tree_files: z.array(WireTreeFile).max(1_000).optional(),
    // ours: compare mode named with the question itself (the Python client names it on the stream only)
    compare_document_ids_a: ids(1_000).optional(),
    compare_document_ids_b: ids(1_000).optional(),
    // ours: the question's key, as the Idempotency-Key header carries it (the header wins)
    client_message_id: WireClientMessageId.optional(),
  })
  .refine((body) => ((body.compare_document_ids_a?.length ?? 0) > 0) === ((body.compare_document_ids_b?.length ?? 0) > 0), {
    message: "compare mode needs both compare_document_ids_a and compare_document_ids_b",
    path: ["compare_document_ids_b"],
  })
  .meta({ id: "PostMessage" });

/** `GET /chats/{chat_id}/messages`: pages of history, newest page first, each oldest first; `before` = `next_before`. */
export const MessagePageQuery = z.strictObject({ limit: queryInteger(1, 500).optional(), before: queryInteger(1, 2_147_483_647).optional() });

/** An evidence image of a message: the reference's `MessageImage` (`id` a UUID, see `wireUuid`) plus what to cite it by. */
export const WireMessageImage = z
  .object({
    id: z.uuid(),
    image_id: z.string(),
    file_id: z.null(),
    image_type: z.enum(["overview", "quadrant", "roi"]),
    description: z.string().nullable(),
    width: z.number().int(),
    height: z.number().int(),
    url: z.string(),
    document_id: z.string(),
    block_id: z.string().nullable(),
    page: z.number().int(),
    bbox: WireBBox,
    dpi: z.number(),
  })
  .meta({ id: "MessageImage" });

/** A message: the reference's `MessageResponse` plus what we keep of it (the whole structured answer, status, error). */
export const WireMessage = z
  .object({
    id: WireId,
    chat_id: WireId,
    seq: z.number().int().positive(),
    role: z.enum(["user", "assistant", "system"]),
    content: z.string(),
    message_type: z.string(),
    status: z.enum(["complete", "partial", "error"]),
    model: z.string().nullable(),
    answer: AnswerSchema.nullable(),
    error: z.object({ code: z.enum(ErrorCodes), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
    attached_file_ids: z.array(z.string()),
    attached_document_ids: z.array(z.string()),
    /** A question asked in compare mode: its two sides (both empty otherwise), named as the post names them. */
    compare_document_ids_a: z.array(z.string()),
    compare_document_ids_b: z.array(z.string()),
    /** A question's key from its client (`Idempotency-Key`), and the run that answers the question. */
    client_message_id: z.string().nullable().optional(),
    run_id: z.string().nullable().optional(),
    images: z.array(WireMessageImage),
    created_at: WireTime,
  })
  .meta({ id: "Message" });

/**
 * `POST /chats/{chat_id}/messages` (201): the stored question, the run that answers it (follow it on
 * `/runs/{run_id}/stream` or the chat's stream) and its place in the answer queue (0: started at once).
 */
export const WirePostedMessage = WireMessage.extend({ run_id: WireId, queue_position: z.number().int().nonnegative() }).meta({ id: "PostedMessage" });

/** A page of history; `next_before` is `null` on the oldest page. */
export const WireMessagePage = z.object({ messages: z.array(WireMessage), next_before: z.number().int().nullable() }).meta({ id: "MessagePage" });

export type WireMessage = z.infer<typeof WireMessage>;
export type WireMessageImage = z.infer<typeof WireMessageImage>;
export type WireMessagePage = z.infer<typeof WireMessagePage>;
export type WirePostedMessage = z.infer<typeof WirePostedMessage>;

export function toWireMessageImage(image: EvidenceImage, links: WireLinks, description?: string): WireMessageImage {
  return {
    id: wireUuid(image.id),
    image_id: image.id,
    file_id: null,
    image_type: image.kind,
    description: description ?? null,
    width: image.width,
    height: image.height,
    url: image.url ?? links.imageUrl(image.id),
    document_id: image.documentId,
    block_id: image.blockId ?? null,
    page: image.page,
    bbox: [...image.bboxNorm],
    dpi: image.dpi,
  };
}

export function toWireMessage(message: ChatMessage, images: readonly EvidenceImage[], links: WireLinks): WireMessage {
  return {
    id: message.id,
    chat_id: message.chatId,
    seq: message.seq,
    role: message.role,
    content: message.content,
    message_type: message.messageType,
    status: message.status,
    model: message.model ?? null,
    answer: message.answer ?? null,
    error: message.error
      ? { code: message.error.code, message: message.error.message, ...(message.error.details ? { details: message.error.details } : {}) }
      : null,
    attached_file_ids: message.attachedFileIds,
    attached_document_ids: message.attachedDocumentIds,
    compare_document_ids_a: message.compare?.a ?? [],
    compare_document_ids_b: message.compare?.b ?? [],
    client_message_id: message.clientMessageId ?? null,
    run_id: message.runId ?? null,
    images: images.map((image) => toWireMessageImage(image, links)),
    created_at: wireTime(message.createdAt),
  };
}

export function toWirePostedMessage(posted: { message: ChatMessage; runId: string; position: number }, links: WireLinks): WirePostedMessage {
  return { ...toWireMessage(posted.message, [], links), run_id: posted.runId, queue_position: posted.position };
}

export function toWireMessagePage(page: { messages: readonly ChatMessage[]; nextBefore?: number }, imagesOf: (messageId: string) => readonly EvidenceImage[], links: WireLinks): WireMessagePage {
  return { messages: page.messages.map((m) => toWireMessage(m, imagesOf(m.id), links)), next_before: page.nextBefore ?? null };
}

export interface GoogleFileRef {
  uri: string;
  mimeType?: string;
}

export interface TreeFileRef {
  key: string;
  fileType: string;
}

export function fromWireGoogleFile(file: string | z.output<typeof WireGoogleFile>): GoogleFileRef {
  if (typeof file === "string") return { uri: file };
  return { uri: file.uri, ...(file.mime_type ? { mimeType: file.mime_type } : {}) };
}

export function fromWireTreeFile(file: z.output<typeof WireTreeFile>): TreeFileRef {
  return { key: file.r2_key, fileType: file.file_type };
}

/** What a posted message says; the file references are the host's to resolve (the stream query carries them too). */
export function fromWirePostMessage(body: z.output<typeof PostMessageBody>) {
  return {
    content: body.content,
    attachedFileIds: body.attached_file_ids ?? [],
    attachedDocumentIds: body.attached_document_ids ?? [],
    googleFiles: [...(body.google_file_uris ?? []), ...(body.google_files ?? [])].map(fromWireGoogleFile),
    treeFiles: (body.tree_files ?? []).map(fromWireTreeFile),
    ...(body.compare_document_ids_a?.length ? { compare: { a: body.compare_document_ids_a, b: body.compare_document_ids_b ?? [] } } : {}),
    ...(body.client_message_id ? { clientMessageId: body.client_message_id } : {}),
  };
}
