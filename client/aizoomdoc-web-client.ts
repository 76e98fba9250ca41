import { z } from "zod";
import type { BBoxNorm } from "../core/domain/geometry.js";
import type { Chat, ChatMessage } from "../core/domain/chat.js";
import { WireChatDetail } from "../hosts/http/wire/wire-chat.js";
import { WireDocument, WirePageBlock } from "../hosts/http/wire/wire-document.js";
import { AizoomdocClient, type AizoomdocClientOptions } from "./aizoomdoc-client.js";
import { fromWireChat, fromWireMessage } from "./from-wire-chat.js";

/** One of the user's documents as a viewer lists it. */
export interface DocumentSummary {
  id: string;
  name: string;
  pageCount: number;
  /** A PDF's pages can be drawn (tiles, evidence); a document imported from OCR results or markdown has text only. */
  hasSheetImages: boolean;
  pages: Array<{ number: number; width: number; height: number; sheet?: string; title?: string }>;
  cipher?: string;
  createdAt: string;
}

/** A block of a page as a viewer labels it: what the sheet calls it (the heading above it), and where it is. */
export interface PageBlock {
  id: string;
  kind: "TEXT" | "TABLE" | "IMAGE";
  bbox?: BBoxNorm;
  caption?: string;
}

/** An evidence image of a message: where to show it from (a signed link) and which region of which page it is. */
export interface MessageImage {
  imageId: string;
  kind: "overview" | "quadrant" | "roi";
  url: string;
  documentId: string;
  blockId?: string;
  page: number;
  bbox: BBoxNorm;
  dpi: number;
  width: number;
  height: number;
}

const id = (value: string) => encodeURIComponent(value);

function toDocumentSummary(document: WireDocument): DocumentSummary {
  return {
    id: document.id,
    name: document.name,
    pageCount: document.page_count,
    hasSheetImages: document.source_kind === "pdf",
    pages: document.pages.map((page) => ({ number: page.number, width: page.width, height: page.height, ...(page.sheet ? { sheet: page.sheet } : {}), ...(page.title ? { title: page.title } : {}) })),
    ...(document.cipher ? { cipher: document.cipher } : {}),
    createdAt: document.created_at,
  };
}

/**
 * What a viewer of a team's server needs beyond `TeamApi`: the user's documents, a page's Deep Zoom tiles (their URL
 * and the bearer token a tile request carries), a chat's history with its evidence images, and the user's own model
 * key (write-only). Same transport, session and retries as `AizoomdocClient`.
 */
export class AizoomdocWebClient extends AizoomdocClient {
  private readonly base: string;

  constructor(options: AizoomdocClientOptions) {
    super(options);
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  /** The access token to send now (refreshed when close to expiry), for requests a viewer library makes itself. */
  accessToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.http.session.bearer(options.signal);
  }

  /** The DZI descriptor of a page (its tiles sit beside it, where Deep Zoom viewers look); needs the bearer token. */
  pageTilesUrl(documentId: string, page: number): string {
    return `${this.base}/documents/${id(documentId)}/pages/${page}/tiles.dzi`;
  }

  async listDocuments(options: { signal?: AbortSignal } = {}): Promise<DocumentSummary[]> {
    const wire = await this.http.json(z.array(WireDocument), { method: "GET", path: "/documents", idempotent: true, signal: options.signal });
    return wire.map(toDocumentSummary);
  }

  /**
   * Imports a Projects DB document node's newest OCR result into the user's documents (the same result again is the
   * same document), so that a question can be asked about it.
   */
  async addProjectDocument(documentNodeId: string, options: { signal?: AbortSignal } = {}): Promise<DocumentSummary> {
    const wire = await this.http.json(WireDocument, { method: "POST", path: `/projects/documents/${id(documentNodeId)}/sync`, idempotent: true, signal: options.signal });
    return toDocumentSummary(wire);
  }

  /** The blocks of one page of one of the user's documents, in reading order, with their captions. */
  async pageBlocks(documentId: string, page: number, options: { signal?: AbortSignal } = {}): Promise<PageBlock[]> {
    const wire = await this.http.json(z.array(WirePageBlock), { method: "GET", path: `/documents/${id(documentId)}/pages/${page}/blocks`, idempotent: true, signal: options.signal });
    return wire.map((block) => ({ id: block.block_id, kind: block.kind, ...(block.bbox ? { bbox: block.bbox } : {}), ...(block.caption !== null ? { caption: block.caption } : {}) }));
  }

  /** A chat with its latest messages (oldest first), each with its evidence images. */
  async chatHistory(chatId: string, options: { signal?: AbortSignal } = {}): Promise<{ chat: Chat; messages: Array<ChatMessage & { images: MessageImage[] }> }> {
    const wire = await this.http.json(WireChatDetail, { method: "GET", path: `/chats/${id(chatId)}`, idempotent: true, signal: options.signal });
    const messages = wire.messages.map((message) => ({
      ...fromWireMessage(message),
      images: message.images.map((image) => ({
        imageId: image.image_id,
        kind: image.image_type,
        url: image.url,
        documentId: image.document_id,
        ...(image.block_id !== null ? { blockId: image.block_id } : {}),
        page: image.page,
        bbox: image.bbox,
        dpi: image.dpi,
        width: image.width,
        height: image.height,
      })),
    }));
    return { chat: fromWireChat(wire.chat), messages };
  }
}
