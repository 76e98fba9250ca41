import type { Block, BlockKind } from "../domain/block.js";

export interface SearchFilters {
  documentIds?: string[];
  projectPath?: string[];
  pages?: number[];
  kinds?: BlockKind[];
}

export interface SearchHit {
  block: Block;
  documentName: string;
  score: number;
  /** Short excerpt with the matched terms wrapped in `«…»`. */
  snippet: string;
  /** Which channels matched: `words` (stemmed), `codes` (exact construction codes), `numbers`; `index` (the drawing's block index entry, added by the search use case). */
  matched: string[];
}

export const BlockSearch = Symbol.for("aizoomdoc.BlockSearch");

/**
 * Ranked full-text search over an owner's blocks.
 *
 * Contract: codes match exactly (`В2` ≠ `В21`), Cyrillic/Latin look-alikes and `0`/`О` are folded,
 * decimal comma = point, floor/sheet numbers in the query favour blocks that mention them.
 * Errors: `SEARCH.INVALID_QUERY` for an empty query, `VALIDATION.INVALID_INPUT` for invalid filters.
 */
export interface BlockSearch {
  search(ownerId: string, query: string, options?: { filters?: SearchFilters; limit?: number }): Promise<SearchHit[]>;
}
