import type { BlockKind, BlockSource } from "../domain/block.js";
import type { BBoxNorm } from "../domain/geometry.js";
import type { Page } from "../domain/document.js";

/** A block as a parser finds it, before the core assigns ids and ownership. */
export interface BlockDraft {
  kind: BlockKind;
  bboxNorm?: BBoxNorm;
  text: string;
  source: BlockSource;
  confidence?: number;
  /** Text that identifies the block for its stable id when the text alone is not unique. */
  anchor?: string;
  meta?: Record<string, unknown>;
}

export interface ParsedPage {
  page: Page;
  blocks: BlockDraft[];
  /** Pages in the whole document (the same on every page), so a caller needs no separate `inspect` for progress. */
  pageCount: number;
}

export interface ParseOptions {
  /** Cancels a long parse between pages: the next page is not yielded and `OPERATION.CANCELLED` is thrown. */
  signal?: AbortSignal;
}

export const DocumentParser = Symbol.for("aizoomdoc.DocumentParser");

/**
 * Turns a PDF into pages and block drafts.
 *
 * Contract:
 * - `inspect` validates cheaply and throws `DOCUMENT.INVALID_FILE` (not a PDF, corrupt, truncated, also when the
 *   cut leaves no page readable), `DOCUMENT.ENCRYPTED`, `DOCUMENT.EMPTY` (a whole file with zero pages) or
 *   `DOCUMENT.TOO_LARGE` (absurd page size, too many pages) with a one-line message naming the reason; nothing is
 *   yielded for a bad file.
 * - `parse` validates exactly as `inspect` does before its first page (a caller need not inspect first), then
 *   yields pages in order, one at a time, so memory stays bounded on sets of hundreds of sheets. A caller may stop
 *   iterating early; the same bytes parse to the same pages.
 * - Drawing regions (dense vector art, raster images) become IMAGE drafts carrying the text found inside them,
 *   which no TEXT draft repeats.
 * - A page whose ink carries text the text layer lacks is returned with `needsOcr: true`.
 */
export interface DocumentParser {
  inspect(pdf: Uint8Array): Promise<{ pageCount: number }>;
  parse(pdf: Uint8Array, options?: ParseOptions): AsyncIterable<ParsedPage>;
}
