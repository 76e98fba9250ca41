import type { Block, BlockKind } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";

export interface BlockQuery {
  page?: number;
  kind?: BlockKind;
  ids?: string[];
}

export const DocumentStore = Symbol.for("aizoomdoc.DocumentStore");

/**
 * Documents, their pages and blocks, scoped to an owner.
 *
 * Contract:
 * - Every read takes `ownerId`; another owner's document is `DOCUMENT.NOT_FOUND`, never visible.
 * - `saveDocument` is atomic: the document and all its blocks appear together or not at all.
 * - `replacePageBlocks` swaps the blocks of one source (e.g. `ocr:tesseract`) on one page atomically and
 *   updates the page record in the same step, so an interrupted OCR run resumes with no duplicates.
 * - Blocks come back in `ordinal` order.
 */
export interface DocumentStore {
  saveDocument(document: DocumentRecord, blocks: Block[]): Promise<void>;
  getDocument(ownerId: string, documentId: string): Promise<DocumentRecord>;
  findDocumentBySourceVersion(ownerId: string, sourceVersion: string): Promise<DocumentRecord | undefined>;
  listDocuments(ownerId: string): Promise<DocumentRecord[]>;
  getBlocks(ownerId: string, documentId: string, query?: BlockQuery): Promise<Block[]>;
  getBlock(ownerId: string, documentId: string, blockId: string): Promise<Block>;
  replacePageBlocks(ownerId: string, documentId: string, page: Page, source: string, blocks: Block[]): Promise<void>;
  deleteDocument(ownerId: string, documentId: string): Promise<void>;
}
