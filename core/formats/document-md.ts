import { BLOCK_ID, type Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { linksIn, malformed, sheetLineOf, splitTreePath, stampFromLine, type ImportedBlock, type ImportedDocument, type ImportedPage } from "./imported-document.js";

/**
 * The `*_document.md` format of the existing OCR pipeline (DESIGN §4):
 *
 *     # Проект / Раздел / файл.pdf          ← tree path
 *     Сгенерировано: …                      ← timestamp, stamp line, then `---`
 *     ## СТРАНИЦА 3                         ← page header, maybe followed by a sheet line
 *     ### BLOCK IMAGE: 7RAM-K36Y-9KY        ← block header; content runs to the next header
 *
 * Only `## СТРАНИЦА N` lines are page headers (other `## ` lines are content, unlike the reference parser, which
 * cut blocks short at any `## ` line).
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

  if (blocks.length === 0) throw malformed(fileName, "no block headers (### BLOCK TEXT|TABLE|IMAGE: ID) found");
  const document: ImportedDocument = { format: "document-md", pages: [...pages.values()].sort((a, b) => a.number - b.number), blocks };
  const headerText = blockBody(header);
  if (headerText) {
    document.header = headerText;
    const heading = headerText.split("\n").find((l) => /^#\s+\S/u.test(l));
    if (heading) {
      document.heading = heading.replace(/^#\s+/u, "").trim();
      document.projectPath = splitTreePath(document.heading);
    }
    const stampLine = headerText.split("\n").find((l) => /шифр/iu.test(l));
    if (stampLine) document.stampLine = stampLine.trim();
  }
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
 * True when `text` survives a trip through a block body unchanged: no line that would read as a header, no blank
 * lines at its edges, no CR. Text that does not is carried exactly in blocks.json instead.
 */
export function documentMdCarries(text: string): boolean {
  const lines = text.split("\n");
  return !text.includes("\r") && blockBody(lines) === text && !lines.some((l) => PAGE_HEADER.test(l) || BLOCK_HEADER.test(l));
}

/** Keys of `DocumentRecord.meta` the format reads and writes. */
export const HEADER_META = "documentMdHeader";
export const PREAMBLES_META = "documentMdPagePreambles";

/** The document's header: the imported one verbatim, else H1 tree path, timestamp, stamp line and `---`. */
function headerOf(document: DocumentRecord): string {
  const kept = document.meta?.[HEADER_META];
  if (typeof kept === "string") return kept;
  const path = document.projectPath?.length ? document.projectPath.join(" / ") : document.name;
  return [`# ${path}`, "", `Сгенерировано: ${document.createdAt}`, ...(document.stampLine ? ["", document.stampLine] : []), "", "---"].join("\n");
}

/** The text under a page header: the imported sheet line, else one made from the page's stamp. */
export function pagePreambleOf(document: DocumentRecord, pageNumber: number): string | undefined {
  const kept = (document.meta?.[PREAMBLES_META] as Record<string, string> | undefined)?.[String(pageNumber)];
  if (kept !== undefined) return kept;
  const stamp = document.pages.find((p) => p.number === pageNumber)?.stamp;
  return stamp && sheetLineOf(stamp);
}

/**
 * Writes a document in the `document.md` format. Pages appear in block order (a page whose blocks are not
 * contiguous gets its header again), pages without blocks get an empty header, so the page count survives.
 * Text the format cannot carry exactly is written too (readers see it) but blocks.json holds the exact copy.
 */
export function formatDocumentMd(document: DocumentRecord, blocks: readonly Block[]): string {
  const out: string[] = [headerOf(document), ""];
  const emitted = new Set<number>();
  const pageNumbers = [...new Set([...document.pages.map((p) => p.number), ...blocks.map((b) => b.page)])].sort((a, b) => a - b);
  const pageHeader = (number: number) => {
    out.push(`## СТРАНИЦА ${number}`, "");
    if (!emitted.has(number)) {
      const preamble = pagePreambleOf(document, number);
      if (preamble) out.push(preamble, "");
    }
    emitted.add(number);
  };
  let current: number | undefined;
  for (const block of [...blocks].sort((a, b) => a.ordinal - b.ordinal)) {
    if (block.page !== current) {
      for (const number of pageNumbers) if (number < block.page && !emitted.has(number)) pageHeader(number);
      pageHeader(block.page);
      current = block.page;
    }
    out.push(`### BLOCK ${block.kind}: ${block.id}`, "");
    if (block.text) out.push(neutralized(block.text), "");
  }
  for (const number of pageNumbers) if (!emitted.has(number)) pageHeader(number);
  return out.join("\n");
}

/** Keeps header-like lines of a block from being read as headers (the exact text travels in blocks.json). */
function neutralized(text: string): string {
  return text
    .replace(/\r/g, "")
    .split("\n")
    .map((l) => (PAGE_HEADER.test(l) || BLOCK_HEADER.test(l) ? `\\${l}` : l))
    .join("\n");
}
