import { BLOCK_ID, type Block } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";
import { linksIn, malformed, sheetLinesOf, splitTreePath, stampFromLine, type ImportedBlock, type ImportedDocument, type ImportedPage } from "./imported-document.js";

/**
 * The `*_document.md` format of the existing OCR pipeline (DESIGN §4), byte for byte as it writes it:
 *
 *     # КИНГ / Рабочая документация / АР / 133_23-ГК-АР4.pdf      ← tree path and file name
 *
 *     Сгенерировано: 2026-01-27 14:29:46 UTC
 *     **Штамп:** Шифр: 133/23-ГК-АР4 | Стадия: РД | Объект: …
 *
 *     ---
 *
 *     ## СТРАНИЦА 3                                              ← page header
 *     **Лист:** 1 (из 12)                                        ← sheet lines, if any, right under it
 *
 *     ### BLOCK [IMAGE]: 7RAM-K36Y-9KY                           ← block header, content on the next line
 *     …content, up to one blank line before the next header
 *
 * Only `## СТРАНИЦА N` lines are page headers here (other `## ` lines are content, unlike the reference parser,
 * which cuts a block short at any `## ` line), and block headers may lack the brackets.
 */
/** `## СТРАНИЦА 3` (also `Страница`/`PAGE`, and with a trailing note such as `из 27`, which is not kept). */
export const PAGE_HEADER = /^##\s*(?:СТРАНИЦА|Страница|страница|PAGE|Page)\s+(\d+)(?:\s.*)?$/u;
export const BLOCK_HEADER = /^###\s+BLOCK\s+\[?([A-Za-z]+)\]?\s*:\s*(\S+)\s*$/u;
const KIND_NAMES = new Set(["TEXT", "TABLE", "IMAGE"]);

/** Detects the format from content: at least one block header line. */
export function looksLikeDocumentMd(text: string): boolean {
  return /^###\s+BLOCK\s+\[?(TEXT|TABLE|IMAGE)\]?\s*:/mu.test(text);
}

export function parseDocumentMd(text: string, fileName: string): ImportedDocument {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const pages = new Map<number, ImportedPage>();
  const blocks: ImportedBlock[] = [];
  const seen = new Map<string, number>();
  const header: string[] = [];
  let inHeader = true;
  let page: ImportedPage | undefined;
  let preamble: string[] | undefined;
  let block: { draft: ImportedBlock; body: string[] } | undefined;

  const closeBlock = () => {
    if (!block) return;
    block.draft.text = blockBody(block.body);
    const links = linksIn(block.draft.text);
    if (links.length > 0) block.draft.links = links;
    blocks.push(block.draft);
    block = undefined;
  };
  const closePreamble = () => {
    if (page && preamble) {
      const sheetLine = blockBody(preamble);
      if (sheetLine && page.preamble === undefined) {
        page.preamble = sheetLine;
        const stamp = stampFromLine(sheetLine);
        if (stamp) page.stamp = stamp;
      }
    }
    preamble = undefined;
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const pageMatch = line.match(PAGE_HEADER);
    if (pageMatch) {
      closeBlock();
      closePreamble();
      inHeader = false;
      const number = Number(pageMatch[1]);
      if (!Number.isSafeInteger(number) || number < 1) throw malformed(fileName, `line ${lineNo}: page number ${pageMatch[1]} is not a positive integer`);
      page = pages.get(number) ?? { number };
      pages.set(number, page);
      preamble = [];
      return;
    }
    const blockMatch = line.match(BLOCK_HEADER);
    if (blockMatch) {
      closeBlock();
      closePreamble();
      const [, kindName, id] = blockMatch as unknown as [string, string, string];
      const kind = kindName.toUpperCase();
      if (!KIND_NAMES.has(kind)) throw malformed(fileName, `line ${lineNo}: unknown block kind "${kindName}" (expected TEXT, TABLE or IMAGE)`);
      if (!page) throw malformed(fileName, `line ${lineNo}: block ${id} comes before any page header (## СТРАНИЦА N)`);
      if (!BLOCK_ID.test(id)) throw malformed(fileName, `line ${lineNo}: block id "${id}" is not of the form XXXX-XXXX-XXX`);
      const first = seen.get(id);
      if (first !== undefined) throw malformed(fileName, `line ${lineNo}: duplicate block id ${id} (first at line ${first})`);
      seen.set(id, lineNo);
      block = { draft: { id, kind: kind as ImportedBlock["kind"], page: page.number, text: "" }, body: [] };
      return;
    }
    if (block) block.body.push(line);
    else if (preamble) preamble.push(line);
    else if (inHeader) header.push(line);
  });
  closeBlock();
  closePreamble();

  if (blocks.length === 0) throw malformed(fileName, "no block headers (### BLOCK [TEXT|TABLE|IMAGE]: ID) found");
  const document: ImportedDocument = { format: "document-md", pages: [...pages.values()].sort((a, b) => a.number - b.number), blocks };
  // kept even when empty, so that a file without one exports without one
  document.header = blockBody(header);
  const heading = document.header.split("\n").find((l) => /^#\s+\S/u.test(l));
  if (heading) {
    document.heading = heading.replace(/^#\s+/u, "").trim();
    // a heading of one part is a file name, not a tree path
    const path = splitTreePath(document.heading);
    if (path.length > 1) document.projectPath = path;
  }
  const stampLine = document.header.split("\n").find((l) => /шифр/iu.test(l));
  if (stampLine) document.stampLine = stampLine.trim();
  return document;
}

/** Block content as the format carries it: the lines between headers without the blank lines around them. */
function blockBody(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

/**
 * Lines a reader would take for a header: ours, and the reference parser's, which ends a block at any `## ` line
 * (and takes one that ends with a number for a page header).
 */
const HEADER_LIKE = /^(?:##(?:\s|$)|###\s+BLOCK\s+\[?[A-Za-z]+\]?\s*:)/u;
const readsAsHeader = (line: string) => HEADER_LIKE.test(line) || PAGE_HEADER.test(line);

/**
 * True when `text` survives a trip through a block body unchanged: no line that would read as a header, no blank
 * lines at its edges, no CR. Text that does not is carried exactly in blocks.json instead.
 */
export function documentMdCarries(text: string): boolean {
  const lines = text.split("\n");
  return !text.includes("\r") && blockBody(lines) === text && !lines.some(readsAsHeader);
}

/**
 * The stem of an export's file names, as the reference names its files (`<stem>_document.md`, `<stem>_blocks.json`):
 * the document's name without its extension, with what a file name cannot hold replaced.
 */
export function exportStemOf(name: string): string {
  const stem = [...name.replace(/\.(pdf|md|markdown|html?|txt)$/iu, "")]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '/\\:*?"<>|'.includes(ch) ? "_" : ch))
    .join("")
    .replace(/^[\s.]+|\s+$/gu, "");
  return stem || "document";
}

/** Keys of `DocumentRecord.meta` the format reads and writes. */
export const HEADER_META = "documentMdHeader";
export const PREAMBLES_META = "documentMdPagePreambles";
/** Pages the imported document.md had a header for but no blocks on. */
export const EMPTY_PAGES_META = "documentMdEmptyPages";

/** The document's header: the imported one verbatim, else H1 tree path and file name, timestamp, stamp line, `---`. */
function headerOf(document: DocumentRecord): string {
  const kept = document.meta?.[HEADER_META];
  if (typeof kept === "string") return kept;
  const path = (document.projectPath?.length ? document.projectPath.join(" / ") : document.name).replace(/\s+/g, " ");
  const stampLine = document.stampLine ?? stampLineOf(document.pages);
  return [`# ${path}`, "", `Сгенерировано: ${generatedAt(document.createdAt)}`, ...(stampLine ? [stampLine] : []), "", "---"].join("\n");
}

/** `2026-01-27 14:29:46 UTC`, as the reference stamps its files. */
function generatedAt(createdAt: string): string {
  const time = new Date(createdAt);
  return Number.isNaN(time.getTime()) ? createdAt : `${time.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The document's stamp line from its sheets' stamps: the first cipher and stage found. */
function stampLineOf(pages: readonly Page[]): string | undefined {
  const cipher = pages.find((p) => p.stamp?.cipher)?.stamp?.cipher;
  const stage = pages.find((p) => p.stamp?.stage)?.stamp?.stage;
  const fields = [cipher && `Шифр: ${cipher}`, stage && `Стадия: ${stage}`].filter(Boolean);
  return fields.length > 0 ? `**Штамп:** ${fields.join(" | ")}` : undefined;
}

/** The lines under a page header: the imported ones verbatim, else the sheet lines of the page's stamp. */
export function pagePreambleOf(document: DocumentRecord, pageNumber: number): string | undefined {
  const kept = (document.meta?.[PREAMBLES_META] as Record<string, string> | undefined)?.[String(pageNumber)];
  if (kept !== undefined) return kept;
  const stamp = document.pages.find((p) => p.number === pageNumber)?.stamp;
  return stamp && sheetLinesOf(stamp);
}

/**
 * Writes a document in the reference's `document.md` layout (see the top of this file). Pages appear in block
 * order (a page whose blocks are not contiguous gets its header again). A page without blocks gets a header of
 * its own when something is known of it (a sheet of an ingested PDF) or the imported document.md had one; other
 * pages, as an import of a file that skips them fills in, stay out. Text the format cannot carry exactly is
 * written too (readers see it), but blocks.json holds the exact copy.
 */
export function formatDocumentMd(document: DocumentRecord, blocks: readonly Block[]): string {
  const header = headerOf(document);
  const sections: string[] = header ? [header] : [];
  const emitted = new Set<number>();
  const listed = new Set((document.meta?.[EMPTY_PAGES_META] as number[] | undefined) ?? []);
  const headed = document.pages.filter((p) => listed.has(p.number) || !isBlank(p)).map((p) => p.number);
  const pageNumbers = [...new Set([...headed, ...blocks.map((b) => b.page)])].sort((a, b) => a - b);
  const pageHeader = (number: number) => {
    const preamble = emitted.has(number) ? undefined : pagePreambleOf(document, number);
    sections.push(preamble ? `## СТРАНИЦА ${number}\n${preamble}` : `## СТРАНИЦА ${number}`);
    emitted.add(number);
  };
  let current: number | undefined;
  for (const block of [...blocks].sort((a, b) => a.ordinal - b.ordinal)) {
    if (block.page !== current) {
      for (const number of pageNumbers) if (number < block.page && !emitted.has(number)) pageHeader(number);
      pageHeader(block.page);
      current = block.page;
    }
    const body = blockBody(neutralized(block.text));
    const head = `### BLOCK [${block.kind}]: ${block.id}`;
    sections.push(body ? `${head}\n${body}` : head);
  }
  for (const number of pageNumbers) if (!emitted.has(number)) pageHeader(number);
  return `${sections.join("\n\n")}\n`;
}

/** A page record that says nothing: what an import fills in for a page it has no header for. */
function isBlank(page: Page): boolean {
  return page.width === 0 && page.height === 0 && page.rotation === 0 && !page.needsOcr && !page.ocrEngine && !page.stamp;
}

/** Keeps header-like lines of a block from being read as headers (the exact text travels in blocks.json). */
function neutralized(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split("\n")
    .map((l) => (readsAsHeader(l) ? `\\${l}` : l));
}
