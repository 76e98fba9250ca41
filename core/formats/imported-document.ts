import type { BlockKind } from "../domain/block.js";
import { DomainError } from "../domain/errors.js";
import type { SheetStamp } from "../domain/document.js";

/** What a reader of an existing OCR format finds, before the import assigns missing ids and ownership. */
export interface ImportedDocument {
  format: "document-md" | "ocr-html" | "markdown";
  /** The document's H1 verbatim (tree path and file name). */
  heading?: string;
  /** The H1 split into `project › section › document`. */
  projectPath?: string[];
  /** Document-level stamp line (шифр, стадия, объект, организация), verbatim. */
  stampLine?: string;
  /** Everything above the first page, verbatim (H1, generated timestamp, stamp line, `---`); a document.md without one gives "". */
  header?: string;
  pages: ImportedPage[];
  blocks: ImportedBlock[];
}

export interface ImportedPage {
  /** 1-based. */
  number: number;
  stamp?: SheetStamp;
  /** Lines between the page header and its first block (a sheet line), verbatim. */
  preamble?: string;
}

export interface ImportedBlock {
  /** The original id; absent when the format has none (plain markdown), then the import derives a stable one. */
  id?: string;
  kind: BlockKind;
  page: number;
  text: string;
  links?: string[];
  description?: string;
  meta?: Record<string, unknown>;
}

/** A malformed input file: one line naming the file and the reason. */
export function malformed(fileName: string, reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("DOCUMENT.INVALID_FILE", `${fileName}: ${reason}`, { details: { file: fileName, ...details } });
}

const KINDS: Record<string, BlockKind> = { text: "TEXT", table: "TABLE", image: "IMAGE" };

/** `text`/`TABLE`/`Image` → the block kind, or undefined for anything else. */
export function blockKindOf(name: string): BlockKind | undefined {
  return KINDS[name.trim().toLowerCase()];
}

/** `→ID` references inside block content, in order of appearance, without repeats. */
export function linksIn(text: string): string[] {
  return [...new Set([...text.matchAll(/→\s*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})\b/g)].map((m) => m[1]!))];
}

/**
 * The short description of an IMAGE block, read from its OCR description (`Краткое описание: …`), so that it is
 * derived the same way from every format and never stored twice.
 */
export function imageDescriptionIn(text: string): string | undefined {
  const match = text.match(/^\s*(?:\*\*)?Краткое описание:(?:\*\*)?\s*(.+?)\s*$/mu);
  return match?.[1];
}

/** Splits an H1 tree path (`Проект / Раздел / файл.pdf`, also with `›` or `>`) into its parts. */
export function splitTreePath(heading: string): string[] {
  return heading
    .split(/\s+(?:\/|›|>)\s+/u)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Reads sheet fields from a stamp or the sheet lines under a page header: `**Лист:** 1 (из 12)` and
 * `**Наименование листа:** …` on lines of their own (the reference layout), or fields separated by `|` as in
 * `**Шифр:** 95/24-ГК-СТ-АР.КРВ | **Стадия:** Р | **Лист:** 2`. Returns undefined when none is there.
 */
export function stampFromLine(line: string): SheetStamp | undefined {
  const fields = new Map<string, string>();
  for (const part of line.replace(/\*\*/g, "").split(/[|\n]/)) {
    const match = part.match(/^\s*([^:]+?)\s*:\s*(.+?)\s*$/u);
    if (match) fields.set(match[1]!.toLowerCase(), match[2]!);
  }
  const stamp: SheetStamp = {};
  const cipher = fields.get("шифр");
  const sheet = fields.get("лист");
  const title = fields.get("наименование листа") ?? fields.get("наименование");
  const stage = fields.get("стадия");
  if (cipher) stamp.cipher = cipher;
  if (sheet) stamp.sheet = sheet;
  if (title) stamp.title = title;
  if (stage) stamp.stage = stage;
  return Object.keys(stamp).length > 0 ? stamp : undefined;
}

/**
 * The sheet lines written under a page header for a page with a known sheet number or title, one field a line as
 * the reference writes them; `stampFromLine` reads them back. Cipher and stage belong to the document's stamp line.
 */
export function sheetLinesOf(stamp: SheetStamp): string | undefined {
  const lines = [stamp.sheet && `**Лист:** ${stamp.sheet}`, stamp.title && `**Наименование листа:** ${stamp.title}`].filter(Boolean);
  return lines.length > 0 ? lines.join("\n") : undefined;
}
