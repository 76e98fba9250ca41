import { z } from "zod";
import { DomainError } from "../core/domain/errors.js";
import type { ModelKeyInput, NewChatInput, ProjectTreeNode, ProjectTreeOptions, RoleSummary, TeamApi } from "../core/application/aizoomdoc-api.js";
import type { PostedMessage, PostMessageRequest } from "../core/application/chat-run-service.js";
import type { UploadResult, UploadSource } from "../core/application/file-service.js";
import type { Chat, ChatMessage } from "../core/domain/chat.js";
import type { PublicSettings, PublicSettingsPatch, User } from "../core/domain/user.js";
import type { MessagePage, MessagePageOptions } from "../core/ports/chat-store.js";
import type { FileSourceType, StoredFile } from "../core/ports/file-store.js";
import type { ProjectFile, ProjectNode } from "../core/ports/project-catalog.js";
import type { StoredStreamEvent } from "../core/ports/stream-event-store.js";
import { WireChat, WireChatDetail, WireRunCancellation } from "../hosts/http/wire/wire-chat.js";
import { WireFile, WireFileUpload } from "../hosts/http/wire/wire-file.js";
import { WireMessagePage, WirePostedMessage } from "../hosts/http/wire/wire-message.js";
import { WireDocumentResults, WireTreeNode } from "../hosts/http/wire/wire-project.js";
import { WireRole } from "../hosts/http/wire/wire-role.js";
import { WireHealth } from "../hosts/http/wire/wire-service.js";
import { WireMe, WireSettings } from "../hosts/http/wire/wire-settings.js";
import { fromWireChat, fromWireMessage, fromWireMessagePage } from "./from-wire-chat.js";
import { fromWireFile, fromWireFileUpload } from "./from-wire-file.js";
import { fromWireResultFile, fromWireTreeListing, fromWireTreeNode } from "./from-wire-project.js";
import { fromWireRole, fromWireSettings, toWireModelKey, toWireSettingsPatch } from "./from-wire-settings.js";
import { fromWireUser } from "./from-wire-user.js";
import { HttpTransport, type TransportOptions } from "./http-transport.js";
import type { UploadProgress } from "./upload-progress-fetch.js";
import { followRun, type ReconnectOptions } from "./run-event-stream.js";
import { sseFrames } from "./sse-frames.js";
import type { OpenStream, StreamFrame } from "./stream-frames.js";
import { websocketFrames, type WebSocketConstructor } from "./websocket-frames.js";

export interface AizoomdocClientOptions extends TransportOptions {
  /** How `runEvents` reconnects after a dropped stream. */
  reconnect?: ReconnectOptions;
  /**
   * What carries `runEvents`: SSE (the default; any fetch, any proxy) or a WebSocket. Both resume by the last event
   * id and give the same events.
   */
  streams?: "sse" | "websocket";
  /** The WebSocket to use (default: the global one of browsers and Node 22+; on Node 20 pass the `ws` package's). */
  WebSocket?: WebSocketConstructor;
}

/** A signal, when the caller gave one (every call takes one, as the last argument's `signal`). */
type Signal = { signal?: AbortSignal };

const id = (value: string) => encodeURIComponent(value);

/**
 * The application over a team's server (DESIGN §2, §7): the same `TeamApi` the in-process binding offers, with the same
 * results and the same `DomainError` codes, so a caller does not know which one it holds. Uses only `fetch`, so it runs
 * in Node 22+ and in browsers. Every call takes an optional `AbortSignal` beyond the application's arguments.
 */
export class AizoomdocClient implements TeamApi {
  /** Protected so that extensions in files of their own (AizoomdocWebClient) reach the same session and retries. */
  protected readonly http: HttpTransport;

  constructor(private readonly options: AizoomdocClientOptions) {
    this.http = new HttpTransport(options);
  }

  /** Exchanges the static token for an access token now (otherwise the first call does). */
  signIn(options: Signal = {}): Promise<User> {
    return this.http.session.signIn(options.signal);
  }

  /** Whether the server is up, and its version; needs no sign-in. */
  health(options: Signal = {}): Promise<WireHealth> {
    return this.http.json(WireHealth, { method: "GET", path: "/health", idempotent: true, auth: false, signal: options.signal });
  }

  /** The signed-in user and their settings. */
  async me(options: Signal = {}): Promise<{ user: User; settings: PublicSettings }> {
    const wire = await this.http.json(WireMe, { method: "GET", path: "/me", idempotent: true, signal: options.signal });
    return { user: fromWireUser(wire.user), settings: fromWireSettings(wire.settings) };
  }

  /** The bytes of an evidence image (an `image_ready` event's `image_id`), for saving or showing. */
  async downloadImage(imageId: string, options: Signal = {}): Promise<{ bytes: Uint8Array; mimeType: string }> {
    const response = await this.http.request({ method: "GET", path: `/images/${id(imageId)}`, headers: { accept: "image/*" }, idempotent: true, signal: options.signal });
    const mimeType = response.headers.get("content-type")?.split(";")[0]?.trim() || "application/octet-stream";
    return { bytes: new Uint8Array(await response.arrayBuffer()), mimeType };
  }

  async createChat(input: NewChatInput = {}, options: Signal = {}): Promise<Chat> {
    const body = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.description !== undefined ? { description: input.description } : {}), ...(input.documentIds ? { document_ids: input.documentIds } : {}) };
    return fromWireChat(await this.http.json(WireChat, { method: "POST", path: "/chats", json: body, idempotent: false, signal: options.signal }));
  }

  async listChats(query: { limit?: number } = {}, options: Signal = {}): Promise<Chat[]> {
    return (await this.http.json(z.array(WireChat), { method: "GET", path: "/chats", query: { limit: query.limit }, idempotent: true, signal: options.signal })).map(fromWireChat);
  }

  async getChat(chatId: string, options: Signal = {}): Promise<{ chat: Chat; messages: ChatMessage[]; nextBefore?: number }> {
    const wire = await this.http.json(WireChatDetail, { method: "GET", path: `/chats/${id(chatId)}`, idempotent: true, signal: options.signal });
    return { chat: fromWireChat(wire.chat), messages: wire.messages.map(fromWireMessage), ...(wire.next_before !== null ? { nextBefore: wire.next_before } : {}) };
  }

  async renameChat(chatId: string, title: string, options: Signal = {}): Promise<Chat> {
    return fromWireChat(await this.http.json(WireChat, { method: "PATCH", path: `/chats/${id(chatId)}`, json: { title }, idempotent: true, signal: options.signal }));
  }

  async deleteChat(chatId: string, options: Signal = {}): Promise<void> {
    await this.discard(`/chats/${id(chatId)}`, options.signal);
  }

  async listMessages(chatId: string, page: MessagePageOptions = {}, options: Signal = {}): Promise<MessagePage> {
    const query = { limit: page.limit, before: page.before };
    return fromWireMessagePage(await this.http.json(WireMessagePage, { method: "GET", path: `/chats/${id(chatId)}/messages`, query, idempotent: true, signal: options.signal }));
  }

  async postMessage(chatId: string, request: PostMessageRequest, options: Signal = {}): Promise<PostedMessage> {
    const body = {
      content: request.content,
      ...(request.documentIds ? { attached_document_ids: request.documentIds } : {}),
      ...(request.compare ? { compare_document_ids_a: request.compare.a, compare_document_ids_b: request.compare.b } : {}),
    };
    // the question's key makes the post safe to send again: a try whose reply was lost is the same question and run
    const key = request.clientMessageId ?? globalThis.crypto.randomUUID();
    const wire = await this.http.json(WirePostedMessage, {
      method: "POST",
      path: `/chats/${id(chatId)}/messages`,
      json: body,
      headers: { "idempotency-key": key },
      idempotent: true,
      signal: options.signal,
    });
    return { message: fromWireMessage(wire), runId: wire.run_id, position: wire.queue_position };
  }

  async cancelRun(chatId: string, options: Signal = {}): Promise<boolean> {
    return (await this.http.json(WireRunCancellation, { method: "POST", path: `/chats/${id(chatId)}/cancel`, idempotent: false, signal: options.signal })).cancelled;
  }

  runEvents(runId: string, options: { after?: number; signal?: AbortSignal } = {}): AsyncIterable<StoredStreamEvent> {
    const path = `/runs/${id(runId)}/stream`;
    const open: OpenStream =
      this.options.streams === "websocket"
        ? async (lastEventId, signal) => this.webSocketFrames(path, lastEventId, signal)
        : async (lastEventId, signal) =>
            sseFrames(await this.http.request({ method: "GET", path, headers: { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) }, idempotent: true, signal }));
    return followRun(open, runId, options.after ?? 0, options.signal, this.options.reconnect);
  }

  /** A stream over a WebSocket; a token the server refuses before any frame came is renewed once, as an HTTP call's 401 is. */
  private async *webSocketFrames(path: string, lastEventId: string | undefined, signal: AbortSignal): AsyncGenerator<StreamFrame> {
    const WebSocketImpl = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketImpl) throw new DomainError("CONFIGURATION.INVALID", "this runtime has no WebSocket: pass one as the client's `WebSocket` option, or use SSE streams");
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, "")}${path}`);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    if (lastEventId) url.searchParams.set("after", lastEventId);
    const session = this.http.session;
    let token = await session.bearer(signal);
    for (let renewed = false; ; renewed = true) {
      let received = false;
      try {
        for await (const frame of await websocketFrames(WebSocketImpl, url.href, token, signal)) {
          received = true;
          yield frame;
        }
        return;
      } catch (error) {
        if (received || renewed || !(DomainError.isInstance(error) && error.code === "AUTH.UNAUTHORIZED")) throw error;
        token = await session.renew(token, signal);
      }
    }
  }

  /** `onProgress` is told how many of the file's bytes have gone out (in a browser: `fetch` tells nothing of an upload). */
  async uploadFile(source: UploadSource, options: Signal & { onProgress?: UploadProgress } = {}): Promise<UploadResult> {
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    for await (const chunk of source.read()) chunks.push(new Uint8Array(chunk));
    const form = new FormData();
    form.append("file", new Blob(chunks, source.declaredType ? { type: source.declaredType } : {}), source.filename ?? "upload");
    // the server answers the same bytes with the same file, so sending them again is safe
    const wire = await this.http.json(WireFileUpload, { method: "POST", path: "/files/upload", form, idempotent: true, signal: options.signal, ...(options.onProgress ? { onUploadProgress: options.onProgress } : {}) });
    return fromWireFileUpload(wire, await this.http.session.ownerId(options.signal));
  }

  async listFiles(filter: { sourceType?: FileSourceType; limit?: number } = {}, options: Signal = {}): Promise<StoredFile[]> {
    const wire = await this.http.json(z.array(WireFile), { method: "GET", path: "/files", query: { source_type: filter.sourceType, limit: filter.limit }, idempotent: true, signal: options.signal });
    const ownerId = await this.http.session.ownerId(options.signal);
    return wire.map((file) => fromWireFile(file, ownerId));
  }

  async getFile(fileId: string, options: Signal = {}): Promise<StoredFile> {
    const wire = await this.http.json(WireFile, { method: "GET", path: `/files/${id(fileId)}`, idempotent: true, signal: options.signal });
    return fromWireFile(wire, await this.http.session.ownerId(options.signal));
  }

  async deleteFile(fileId: string, options: Signal = {}): Promise<void> {
    await this.discard(`/files/${id(fileId)}`, options.signal);
  }

  async getSettings(options: Signal = {}): Promise<PublicSettings> {
    return fromWireSettings((await this.http.json(WireMe, { method: "GET", path: "/me", idempotent: true, signal: options.signal })).settings);
  }

  /** Seals and stores your own model key (and server), or with `null` removes them; neither is ever sent back. */
  async setModelKey(key: ModelKeyInput | null, options: Signal = {}): Promise<PublicSettings> {
    const request = key === null ? { method: "DELETE" as const, path: "/me/model-key" } : { method: "PUT" as const, path: "/me/model-key", json: toWireModelKey(key) };
    return fromWireSettings(await this.http.json(WireSettings, { ...request, idempotent: true, signal: options.signal }));
  }

  async updateSettings(patch: PublicSettingsPatch, options: Signal = {}): Promise<PublicSettings> {
    return fromWireSettings(await this.http.json(WireSettings, { method: "PATCH", path: "/me/settings", json: toWireSettingsPatch(patch), idempotent: true, signal: options.signal }));
  }

  async listRoles(options: Signal = {}): Promise<RoleSummary[]> {
    return (await this.http.json(z.array(WireRole), { method: "GET", path: "/prompts/roles", idempotent: true, signal: options.signal })).map(fromWireRole);
  }

  async projectTree(tree: ProjectTreeOptions = {}, options: Signal = {}): Promise<ProjectTreeNode[]> {
    const query = { parent_id: tree.parentId, node_type: tree.nodeType, all_nodes: tree.all, include_files: tree.includeFiles };
    const wire = await this.http.json(z.array(WireTreeNode), { method: "GET", path: "/projects/tree", query, idempotent: true, signal: options.signal });
    return wire.map((node) => fromWireTreeListing(node, tree.includeFiles === true));
  }

  async projectSearch(text: string, search: { limit?: number } = {}, options: Signal = {}): Promise<ProjectNode[]> {
    const query = { query: text, limit: search.limit };
    return (await this.http.json(z.array(WireTreeNode), { method: "GET", path: "/projects/search", query, idempotent: true, signal: options.signal })).map(fromWireTreeNode);
  }

  async projectDocumentResults(documentNodeId: string, options: Signal = {}): Promise<ProjectFile[]> {
    const wire = await this.http.json(WireDocumentResults, { method: "GET", path: `/projects/documents/${id(documentNodeId)}/results`, idempotent: true, signal: options.signal });
    return wire.files.map((file) => fromWireResultFile(file, wire.document_node_id));
  }

  /** A DELETE; its answer's body (if any) is not needed. */
  private async discard(path: string, signal: AbortSignal | undefined): Promise<void> {
    const response = await this.http.request({ method: "DELETE", path, idempotent: true, goneMeansDone: true, signal });
    await response.body?.cancel().catch(() => undefined);
  }
}
