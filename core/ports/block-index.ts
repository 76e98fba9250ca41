import type { BlockIndexCandidate, BlockIndexEntry, BlockIndexEntryInput, BlockIndexQuery, BlockIndexStatus } from "../domain/block-index.js";

export const BlockIndex = Symbol.for("aizoomdoc.BlockIndex");

/**
 * Catalogue entries of IMAGE blocks (DESIGN §5), scoped to an owner.
 *
 * Contract:
 * - `upsert` writes all entries or none (one transaction); an entry replaces the one of the same
 *   (document, block). Each entry must name a stored block of a document of `ownerId`: otherwise
 *   `DOCUMENT.NOT_FOUND` (the document is not the owner's) or `BLOCK.NOT_FOUND`, and nothing is written.
 *   `updatedAt` is set by the store; `page` comes from the stored block.
 * - Reads never show another owner's entries; an unknown document or block reads as absent (no error).
 *   Entries disappear with their block or document.
 * - `list` returns entries ordered by document id, page, block id.
 * - `findCandidates` ranks only `indexed` entries with the shared scoring of `core/domain/block-index.ts`
 *   (`analyseIndexQuery` + `scoreIndexEntry` + `rankIndexCandidates`), so every adapter ranks alike; a query
 *   with no usable terms returns `[]`; invalid fields are `VALIDATION.INVALID_INPUT`.
 */
export interface BlockIndex {
  upsert(ownerId: string, entries: BlockIndexEntryInput[]): Promise<void>;
  get(ownerId: string, documentId: string, blockId: string): Promise<BlockIndexEntry | undefined>;
  /** Entries of the owner's documents (all of them, or those of `documentIds`), optionally of one status. */
  list(ownerId: string, options?: { documentIds?: string[]; status?: BlockIndexStatus }): Promise<BlockIndexEntry[]>;
  findCandidates(ownerId: string, query: BlockIndexQuery): Promise<BlockIndexCandidate[]>;
}
