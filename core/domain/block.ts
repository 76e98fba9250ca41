import { createHash } from "node:crypto";
import type { BBoxNorm } from "./geometry.js";

export type BlockKind = "TEXT" | "TABLE" | "IMAGE";

/** Where a block's text came from: the PDF text layer, an OCR engine (`ocr:tesseract`, `ocr:gemini`) or an imported OCR result. */
export type BlockSource = "text-layer" | "import" | `ocr:${string}`;

export interface Block {
  /** `XXXX-XXXX-XXX`, uppercase A–Z/0–9; stable for the same input. */
  id: string;
  documentId: string;
  kind: BlockKind;
  /** 1-based page number. */
  page: number;
  /** Position on the page in 0..1, when known (imported blocks may lack it). */
  bboxNorm?: BBoxNorm;
  /** Plain text; markdown rows for tables; for IMAGE blocks the text found inside the drawing region. */
  text: string;
  /** For IMAGE blocks: a description (imported OCR output or the block index). */
  description?: string;
  /** Ids of blocks this one refers to (`→ID` links in the document.md format). */
  links?: string[];
  source: BlockSource;
  /** 0..1 recognition confidence for OCR blocks. */
  confidence?: number;
  /** Order of the block within its document (reading order). */
  ordinal: number;
  /** Format-specific extras kept so that export is lossless (category code, crop key, raw header…). */
  meta?: Record<string, unknown>;
}

export const BLOCK_ID = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}$/;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Derive a stable block id from what identifies the block (document version, page, kind, position, text).
 * The same input always yields the same id; `salt` resolves the rare collision inside one document.
 */
export function stableBlockId(parts: ReadonlyArray<string | number>, salt = 0): string {
  const digest = createHash("sha256").update(parts.join("\u0001")).update(String(salt)).digest();
  let out = "";
  for (let i = 0; i < 11; i++) out += ALPHABET[digest[i]! % 36];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 11)}`;
}

/** Assigns stable ids and guarantees uniqueness within one document. */
export class BlockIdAllocator {
  private readonly used = new Set<string>();

  constructor(private readonly documentKey: string) {}

  next(page: number, kind: BlockKind, anchor: string): string {
    for (let salt = 0; ; salt++) {
      const id = stableBlockId([this.documentKey, page, kind, anchor], salt);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  reserve(id: string): boolean {
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }
}
