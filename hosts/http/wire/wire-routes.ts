import { z } from "zod";
import { ExchangeBody, WireToken } from "./wire-auth.js";
import { ChatListQuery, ChatParams, CreateChatBody, RenameChatBody, WireChat, WireChatDeletion, WireChatDetail, WireRunCancellation, WireRunIdCancellation } from "./wire-chat.js";
import { FileListQuery, FileParams, UploadForm, WireFile, WireFileUpload } from "./wire-file.js";
import { MessagePageQuery, PostMessageBody, WireMessagePage, WirePostedMessage } from "./wire-message.js";
import { WireId } from "./wire-primitives.js";
import { DocumentParams, SearchQuery, TreeQuery, WireDocumentResults, WireTreeNode } from "./wire-project.js";
import { RolesQuery, WirePrompts, WireRole } from "./wire-role.js";
import { EmptyBody, WireHealth, WireNotice, WireServiceInfo } from "./wire-service.js";
import { ModelKeyBody, SettingsPatchBody, WireMe, WireSettings } from "./wire-settings.js";
import { WireDocument, WirePageBlock } from "./wire-document.js";
import { RunParams, RunStreamQuery, StreamQuery } from "./wire-stream-query.js";
import { WireStreamFrame } from "./wire-stream-event.js";
import { PageTileParams, PageTilesParams, WireDeepZoomXml } from "./wire-tiles.js";

export interface WireResponse {
  description: string;
  /** Absent: no body (204). */
  schema?: z.ZodType;
  /** Default `application/json`; several when the body's type varies (images). */
  contentType?: string | readonly string[];
}

/** One route of the server contract (DESIGN §7): what the Koa app validates with and what the OpenAPI document shows. */
export interface WireRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI style, `{name}` for a parameter (`koaPath` gives Koa's `:name`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** `bearer`: the access token from `/auth/exchange` in `Authorization`. */
  auth: "none" | "bearer";
  params?: z.ZodObject;
  /** A query string, as Koa parses it (a repeated key is an array). */
  query?: z.ZodType<unknown, Record<string, unknown>>;
  body?: { schema: z.ZodType; contentType: "application/json" | "multipart/form-data"; required: boolean };
  /** The success responses; every route also answers errors as `WireError`. */
  responses: Record<number, WireResponse>;
}

const json = (schema: z.ZodType, required = true) => ({ schema, contentType: "application/json" as const, required });
const ok = (description: string, schema: z.ZodType) => ({ 200: { description, schema } });

export const ImageParams = z.strictObject({ image_id: WireId });

export const WIRE_ROUTES: readonly WireRoute[] = [
  { method: "get", path: "/health", operationId: "health", summary: "Liveness", auth: "none", responses: ok("The server is up", WireHealth) },
  { method: "get", path: "/", operationId: "serviceInfo", summary: "Where the API, its docs and health are", auth: "none", responses: ok("Service info", WireServiceInfo) },
  {
    method: "post",
    path: "/auth/exchange",
    operationId: "exchangeToken",
    summary: "Exchange a static token for an access token (JWT)",
    auth: "none",
    body: json(ExchangeBody),
    responses: ok("An access token", WireToken),
  },
  {
    method: "post",
    path: "/auth/refresh",
    operationId: "refreshToken",
    summary: "A fresh access token for a still-valid one",
    auth: "bearer",
    body: json(EmptyBody, false),
    responses: ok("A new access token", WireToken),
  },
  {
    method: "post",
    path: "/auth/logout",
    operationId: "logout",
    summary: "Log out (tokens are short-lived; the client forgets its own)",
    auth: "none",
    body: json(EmptyBody, false),
    responses: ok("Logged out", WireNotice),
  },
  { method: "get", path: "/me", operationId: "getMe", summary: "The user, their settings and whether they have their own key", auth: "bearer", responses: ok("The user", WireMe) },
  {
    method: "patch",
    path: "/me/settings",
    operationId: "updateSettings",
    summary: "Change settings (`null` resets a field)",
    auth: "bearer",
    body: json(SettingsPatchBody),
    responses: ok("The settings after the change", WireSettings),
  },
  {
    method: "put",
    path: "/me/model-key",
    operationId: "setModelKey",
    summary: "Store your own model key, and for an OpenAI-compatible deployment your own server, sealed (neither is ever returned)",
    auth: "bearer",
    body: json(ModelKeyBody),
    responses: ok("The settings after the change", WireSettings),
  },
  {
    method: "delete",
    path: "/me/model-key",
    operationId: "clearModelKey",
    summary: "Remove your own model key and server: your runs use the deployment's model again",
    auth: "bearer",
    responses: ok("The settings after the change", WireSettings),
  },
  {
    method: "post",
    path: "/settings",
    operationId: "updateSettingsPost",
    summary: "Change settings (the seed's name for PATCH /me/settings)",
    auth: "bearer",
    body: json(SettingsPatchBody),
    responses: ok("The settings after the change", WireSettings),
  },
  { method: "get", path: "/prompts", operationId: "listPrompts", summary: "System prompt templates and the user's roles", auth: "bearer", responses: ok("Prompts", WirePrompts) },
  {
    method: "get",
    path: "/prompts/roles",
    operationId: "listRoles",
    summary: "Roles the user can select: built-in, then their own",
    auth: "bearer",
    query: RolesQuery,
    responses: ok("Roles", z.array(WireRole)),
  },
  { method: "get", path: "/chats", operationId: "listChats", summary: "The user's chats, newest activity first", auth: "bearer", query: ChatListQuery, responses: ok("Chats", z.array(WireChat)) },
  { method: "post", path: "/chats", operationId: "createChat", summary: "Create a chat", auth: "bearer", body: json(CreateChatBody), responses: { 201: { description: "The chat", schema: WireChat } } },
  {
    method: "get",
    path: "/chats/{chat_id}",
    operationId: "getChat",
    summary: "A chat with its newest messages",
    auth: "bearer",
    params: ChatParams,
    responses: ok("The chat (its fields also at the top level, for the Python client)", WireChatDetail),
  },
  { method: "patch", path: "/chats/{chat_id}", operationId: "renameChat", summary: "Rename a chat", auth: "bearer", params: ChatParams, body: json(RenameChatBody), responses: ok("The chat", WireChat) },
  {
    method: "delete",
    path: "/chats/{chat_id}",
    operationId: "deleteChat",
    summary: "Delete a chat with its messages, images, uploads and renders (durable)",
    auth: "bearer",
    params: ChatParams,
    responses: { 202: { description: "Deletion scheduled", schema: WireChatDeletion } },
  },
  {
    method: "post",
    path: "/chats/{chat_id}/messages",
    operationId: "postMessage",
    summary: "Add a user message (then open the stream to answer it)",
    auth: "bearer",
    params: ChatParams,
    body: json(PostMessageBody),
    responses: { 201: { description: "The message, its run and its place in the queue", schema: WirePostedMessage } },
  },
  {
    method: "post",
    path: "/chats/{chat_id}/cancel",
    operationId: "cancelRun",
    summary: "Cancel the chat's answer that waits or runs (its stream ends with an OPERATION.CANCELLED error)",
    auth: "bearer",
    params: ChatParams,
    responses: ok("Whether an answer was cancelled", WireRunCancellation),
  },
  {
    method: "get",
    path: "/chats/{chat_id}/messages",
    operationId: "listMessages",
    summary: "A page of history",
    auth: "bearer",
    params: ChatParams,
    query: MessagePageQuery,
    responses: ok("Messages", WireMessagePage),
  },
  {
    method: "get",
    path: "/chats/{chat_id}/stream",
    operationId: "streamAnswer",
    summary: "Answer the chat's latest user message, streamed (SSE)",
    description:
      "Server-Sent Events, one frame per event. Reconnect with `Last-Event-ID` (or `after`) to resume the run without losing or repeating events. A WebSocket on the same path carries the same frames as JSON text messages.",
    auth: "bearer",
    params: ChatParams,
    query: StreamQuery,
    responses: { 200: { description: "One frame per event: `id:`, `event:` and `data:` lines", schema: WireStreamFrame, contentType: "text/event-stream" } },
  },
  {
    method: "get",
    path: "/runs/{run_id}/stream",
    operationId: "streamRun",
    summary: "Follow a run by its id (SSE): an upload's ingestion, or an answer",
    description: "The same frames as the chat stream: an ingestion shows `processing_started`, `phase_started`/`phase_progress` of phase `ingest`, then `completed` with `document_id`, or `error`. Resume with `Last-Event-ID` or `after`.",
    auth: "bearer",
    params: RunParams,
    query: RunStreamQuery,
    responses: { 200: { description: "One frame per event: `id:`, `event:` and `data:` lines", schema: WireStreamFrame, contentType: "text/event-stream" } },
  },
  {
    method: "post",
    path: "/runs/{run_id}/cancel",
    operationId: "cancelRunById",
    summary: "Cancel a run by its id: an upload's ingestion (it never starts, or stops), or an answer as its chat's cancel does",
    auth: "bearer",
    params: RunParams,
    responses: ok("Whether the run was waiting or running", WireRunIdCancellation),
  },
  {
    method: "post",
    path: "/files/upload",
    operationId: "uploadFile",
    summary: "Upload a file (PDFs and OCR exports become documents, on a run to follow)",
    description: "Multipart with one part `file`. The content decides the type (PDF, PNG, JPEG, Markdown/document.md, HTML/ocr.html, blocks.json), not the name or the declared MIME type: a mismatch or another type is 415, a truncated file 400, a file over the limit 413. The same bytes uploaded again answer the same file.",
    auth: "bearer",
    body: { schema: UploadForm, contentType: "multipart/form-data", required: true },
    responses: { 201: { description: "The stored file", schema: WireFileUpload } },
  },
  { method: "get", path: "/files", operationId: "listFiles", summary: "The user's files, newest first", auth: "bearer", query: FileListQuery, responses: ok("Files", z.array(WireFile)) },
  { method: "get", path: "/files/{file_id}", operationId: "getFile", summary: "A file's record", auth: "bearer", params: FileParams, responses: ok("The file", WireFile) },
  { method: "delete", path: "/files/{file_id}", operationId: "deleteFile", summary: "Delete a file and its bytes", auth: "bearer", params: FileParams, responses: { 204: { description: "Deleted" } } },
  {
    method: "get",
    path: "/images/{image_id}",
    operationId: "getImage",
    summary: "An evidence image's bytes",
    auth: "bearer",
    params: ImageParams,
    responses: { 200: { description: "The image", schema: z.string().meta({ format: "binary" }), contentType: ["image/png", "image/jpeg", "image/webp"] } },
  },
  { method: "get", path: "/documents", operationId: "listDocuments", summary: "The caller's documents with their pages", auth: "bearer", responses: ok("Documents, newest first", z.array(WireDocument)) },
  {
    method: "get",
    path: "/documents/{document_id}/pages/{page}/blocks",
    operationId: "listPageBlocks",
    summary: "A page's blocks with their captions (the heading above a table or drawing), for a viewer's legend",
    auth: "bearer",
    params: PageTilesParams,
    responses: ok("Blocks of the page in reading order", z.array(WirePageBlock)),
  },
  {
    method: "get",
    path: "/documents/{document_id}/pages/{page}/tiles.dzi",
    operationId: "getPageTiles",
    summary: "A page as a Deep Zoom image (DZI descriptor) for a deep-zoom viewer",
    description:
      "The page at up to 400 DPI, in 256 px PNG tiles sharing one pixel with each neighbour. Its tiles are at `tiles_files/{level}/{column}_{row}.png` beside this path, where OpenSeadragon looks for them. Another user's document is 404, a page outside the document (or one with no PDF to show) 400.",
    auth: "bearer",
    params: PageTilesParams,
    responses: { 200: { description: "The DZI descriptor", schema: WireDeepZoomXml, contentType: "application/xml" } },
  },
  {
    method: "get",
    path: "/documents/{document_id}/pages/{page}/tiles_files/{level}/{tile}",
    operationId: "getPageTile",
    summary: "One tile of a page's Deep Zoom pyramid (PNG)",
    description:
      "`{tile}` is `{column}_{row}.png`. Level 0 is the page in one pixel; each level doubles it, up to the descriptor's size; edge tiles are smaller. Rendered alone and cached, so a second request is served from the render cache. A document's pages never change, so tiles are `immutable` for a day and carry an `ETag` (`If-None-Match` answers 304). A level or tile outside the pyramid is 400.",
    auth: "bearer",
    params: PageTileParams,
    responses: { 200: { description: "The tile", schema: z.string().meta({ format: "binary" }), contentType: "image/png" }, 304: { description: "The tile the `If-None-Match` tag names, unchanged" } },
  },
  { method: "get", path: "/projects/tree", operationId: "projectTree", summary: "Projects DB tree nodes", auth: "bearer", query: TreeQuery, responses: ok("Nodes", z.array(WireTreeNode)) },
  {
    method: "get",
    path: "/projects/search",
    operationId: "projectSearch",
    summary: "Documents whose name or code contains the text",
    auth: "bearer",
    query: SearchQuery,
    responses: ok("Document nodes", z.array(WireTreeNode)),
  },
  {
    method: "get",
    path: "/projects/documents/{document_id}/results",
    operationId: "documentResults",
    summary: "Result files of a Projects DB document",
    auth: "bearer",
    params: DocumentParams,
    responses: ok("Result files", WireDocumentResults),
  },
  {
    method: "post",
    path: "/projects/documents/{document_id}/sync",
    operationId: "syncProjectDocument",
    summary: "Imports a Projects DB document's newest OCR result into the caller's documents",
    description:
      "Reads the node's newest `document.md` with its `blocks.json` (else its `ocr.html`) and crops from the deployment's bucket and imports them; the same result imported again is the same document. A node that is not a document is 400; no Projects DB or no deployment bucket is 503.",
    auth: "bearer",
    params: DocumentParams,
    responses: ok("The document it became", WireDocument),
  },
];

/** Koa's form of a route path: `/chats/{chat_id}` → `/chats/:chat_id`. */
export function koaPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}
