import { createHash, randomUUID } from "node:crypto";
import { basename } from "node:path";
import { type Block, BlockIdAllocator, type BlockKind } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentParser } from "../ports/document-parser.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { AizoomdocApi, InputFile, ProgressListener } from "./aizoomdoc-api.js";

export type OcrMode = "auto" | "always" | "never";

export interface OcrStepInput {
  document: DocumentRecord;
  blocks: Block[];
  pdf: Uint8Array;
  /** `auto`: pages flagged `needsOcr`; `always`: every page. */
  mode: Exclude<OcrMode, "never">;
  /** Allocator already holding the text-layer ids, so OCR blocks get stable ids that never collide. */
  ids: BlockIdAllocator;
  onProgress?: ProgressListener;
}

/**
 * OCR during ingestion (provided by the OCR work): returns the pages (with `ocrEngine` set where it ran) and the
 * complete block list including the new OCR blocks. Runs before anything is saved, so ingestion stays atomic.
 */
export type OcrStep = (input: OcrStepInput) => Promise<{ pages: Page[]; blocks: Block[] }>;

export interface DocumentServiceDeps {
  ownerId: string;
  store: DocumentStore;
  blobs: BlobStorage;
  parser: DocumentParser;
  ocr?: OcrStep;
  now?: () => Date;
}

/** Blob key of a document's source PDF. */
export const sourceKeyOf = (documentId: string) => `sources/${documentId}.pdf`;

/** Ingestion and reading of documents for one owner. */
export class DocumentService implements Pick<AizoomdocApi, "addDocument" | "listDocuments" | "getDocument" | "getBlocks"> {
  /** Concurrent adds of the same bytes share one ingestion instead of racing to create two documents. */
  private readonly adding = new Map<string, Promise<DocumentRecord>>();

  constructor(private readonly deps: DocumentServiceDeps) {}

  async addDocument(file: InputFile, options: { ocr?: OcrMode; onProgress?: ProgressListener } = {}): Promise<DocumentRecord> {
    const sourceVersion = createHash("sha256").update(file.bytes).digest("hex");
    const existing = await this.deps.store.findDocumentBySourceVersion(this.deps.ownerId, sourceVersion);
    if (existing) return existing;
    let pending = this.adding.get(sourceVersion);
    if (!pending) {
      pending = this.ingest(file, sourceVersion, options.ocr ?? "auto", options.onProgress).catch((error: unknown) => {
        throw namingFile(file.name, error);
      });
      this.adding.set(sourceVersion, pending);
      const done = () => this.adding.delete(sourceVersion);
      pending.then(done, done);
    }
    return pending;
  }

  listDocuments(): Promise<DocumentRecord[]> {
    return this.deps.store.listDocuments(this.deps.ownerId);
  }

  getDocument(documentId: string): Promise<DocumentRecord> {
    return this.deps.store.getDocument(this.deps.ownerId, documentId);
  }

  getBlocks(documentId: string, query?: { page?: number; kind?: BlockKind }): Promise<Block[]> {
    return this.deps.store.getBlocks(this.deps.ownerId, documentId, query);
  }

  private async ingest(file: InputFile, sourceVersion: string, ocr: OcrMode, onProgress?: ProgressListener): Promise<DocumentRecord> {
    const documentId = randomUUID();
    const ids = new BlockIdAllocator(sourceVersion);
    const pages: Page[] = [];
    let blocks: Block[] = [];
    let pageCount = 0;
    // parse validates the whole file before its first page, so no separate inspect pass is needed
    for await (const parsed of this.deps.parser.parse(file.bytes)) {
      if (pages.length === 0) {
        pageCount = parsed.pageCount;
        onProgress?.({ phase: "parse", current: 0, total: pageCount });
      }
      const number = parsed.page.number;
      pages.push(parsed.page);
      for (const draft of parsed.blocks) {
        blocks.push({
          id: ids.next(number, draft.kind, draft.anchor ?? draft.text),
          documentId,
          kind: draft.kind,
          page: number,
          ...(draft.bboxNorm ? { bboxNorm: draft.bboxNorm } : {}),
          text: draft.text,
          source: draft.source,
          ...(draft.confidence !== undefined ? { confidence: draft.confidence } : {}),
          ordinal: blocks.length,
          ...(draft.meta ? { meta: draft.meta } : {}),
        });
      }
      onProgress?.({ phase: "parse", current: pages.length, total: pageCount, message: `page ${number}: ${parsed.blocks.length} blocks` });
    }
    let document: DocumentRecord = {
      id: documentId,
      ownerId: this.deps.ownerId,
      name: basename(file.name),
      sourceKind: "pdf",
      sourceKey: sourceKeyOf(documentId),
      sourceVersion,
      pageCount,
      pages,
      createdAt: (this.deps.now?.() ?? new Date()).toISOString(),
      meta: { ocr },
    };
    if (this.deps.ocr && ocr !== "never" && (ocr === "always" || pages.some((p) => p.needsOcr))) {
      const result = await this.deps.ocr({ document, blocks, pdf: file.bytes, mode: ocr, ids, onProgress });
      document = { ...document, pages: result.pages };
      blocks = result.blocks;
    }
    // the source goes in first and is removed again if the store refuses the document: no half-added state
    await this.deps.blobs.put(document.sourceKey!, file.bytes, { contentType: "application/pdf" });
    try {
      await this.deps.store.saveDocument(document, blocks);
    } catch (error) {
      await this.deps.blobs.delete(document.sourceKey!).catch(() => undefined);
      throw error;
    }
    return document;
  }
}

/** Prefix a domain error's message with the file it concerns (one line, for the CLI and the server). */
function namingFile(name: string, error: unknown): unknown {
  if (!DomainError.isInstance(error) || error.message.startsWith(`${name}:`)) return error;
  return new DomainError(error.code, `${name}: ${error.message}`, { details: { ...error.details, file: name }, cause: error, retryable: error.isRetryable });
}
