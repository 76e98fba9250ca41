import type { BlockKind } from "../domain/block.js";
import { PAGE_HEADER } from "./document-md.js";
import { malformed, type ImportedBlock, type ImportedDocument } from "./imported-document.js";

/**
 * Splits a plain markdown OCR export (no block headers) into blocks: headings open TEXT blocks that collect the
 * paragraphs after them (up to about `TEXT_BLOCK_CHARS`), each table is a TABLE block, and each fenced JSON image
 * record (`{"doc_metadata": {"page": N}, …}`) is an IMAGE block on its page. Every line of the file ends up in
 * exactly one block.
 *
 * Pages come from explicit markers: `## СТРАНИЦА N` / `<!-- page N -->` lines (for what follows them) and the
 * page of each image record. Other blocks take the page of the next marked block, stepping back one sheet for
 * each sheet end (the frame label `Формат А1`) that separates them from it by more text; after the last marker
 * they step forward. Such blocks carry `meta.pageInferred`.
 */
const TEXT_BLOCK_CHARS = 1500;
const COMMENT_PAGE = /^<!--\s*page\s+(\d+)\s*-->\s*$/iu;
/** The format label printed under a sheet's frame: the last line of each sheet in an OCR export. */
const SHEET_END = /^\s*Формат\s+[АA]\d(?:[хx]\d+)?\s*$/u;

interface Draft {
  kind: BlockKind;
  lines: string[];
  page?: number;
  endsSheet: boolean;
  description?: string;
}

export function parsePlainMarkdown(text: string, fileName: string): ImportedDocument {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let markedPage: number | undefined;
  const close = () => {
    if (current && current.lines.some((l) => l.trim() !== "")) drafts.push(current);
    current = undefined;
  };
  const open = (kind: BlockKind): Draft => {
    close();
    current = { kind, lines: [], endsSheet: false, ...(markedPage !== undefined ? { page: markedPage } : {}) };
    return current;
  };
  const textBlock = (adding: number): Draft => {
    if (!current || current.kind !== "TEXT" || current.lines.join("\n").length + adding > TEXT_BLOCK_CHARS) return open("TEXT");
    return current;
  };
  const append = (draft: Draft, chunk: string[]) => {
    if (draft.lines.length > 0) draft.lines.push("");
    draft.lines.push(...chunk);
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const marker = line.match(PAGE_HEADER) ?? line.match(COMMENT_PAGE);
    if (marker) {
      close();
      markedPage = Number(marker[1]);
      if (markedPage < 1) throw malformed(fileName, `line ${i + 1}: page number ${marker[1]} is not a positive integer`);
      i++;
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = line.match(/^\s*(`{3,}|~{3,})\s*([\w-]*)/u);
    if (fence) {
      const start = i;
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) i++;
      if (i >= lines.length) throw malformed(fileName, `line ${start + 1}: code fence ${fence[1]} is never closed`);
      const chunk = lines.slice(start, ++i);
      const image = fence[2]!.toLowerCase() === "json" ? imageRecord(chunk.slice(1, -1).join("\n")) : undefined;
      if (image) {
        const draft = open("IMAGE");
        append(draft, chunk);
        draft.page = image.page;
        if (image.description) draft.description = image.description;
        close();
      } else {
        append(textBlock(chunk.join("\n").length), chunk);
      }
      continue;
    }
    if (line.trimStart().startsWith("|")) {
      const start = i;
      while (i < lines.length && lines[i]!.trimStart().startsWith("|")) i++;
      append(open("TABLE"), lines.slice(start, i));
      close();
      continue;
    }
    const start = i;
    i++;
    // a paragraph runs to a blank line or to the start of another element
    while (i < lines.length && lines[i]!.trim() !== "" && !/^\s*(#{1,6}\s|\||`{3}|~{3})/u.test(lines[i]!) && !SHEET_END.test(lines[i - 1]!) && !SHEET_END.test(lines[i]!))
      i++;
    const chunk = lines.slice(start, i);
    const draft = /^#{1,6}\s/u.test(line) ? (current?.kind === "TEXT" && current.lines.every((l) => /^#{1,6}\s|^$/u.test(l)) ? current : open("TEXT")) : textBlock(chunk.join("\n").length);
    append(draft, chunk);
    if (SHEET_END.test(chunk[chunk.length - 1]!)) {
      draft.endsSheet = true;
      close();
    }
  }
  close();
  if (drafts.length === 0) throw malformed(fileName, "has no text to import");

  const pages = assignPages(drafts);
  const blocks: ImportedBlock[] = drafts.map((d, index) => ({
    kind: d.kind,
    page: pages[index]!.page,
    text: d.lines.join("\n"),
    ...(d.description ? { description: d.description } : {}),
    ...(pages[index]!.inferred ? { meta: { pageInferred: true } } : {}),
  }));
  const pageCount = Math.max(...blocks.map((b) => b.page));
  const heading = lines.find((l) => /^#\s+\S/u.test(l))?.replace(/^#\s+/u, "").trim();
  return {
    format: "markdown",
    ...(heading ? { heading } : {}),
    pages: Array.from({ length: pageCount }, (_, n) => ({ number: n + 1 })),
    blocks,
  };
}

/** A fenced JSON image record of the OCR export, when the fence holds one. */
function imageRecord(json: string): { page: number; description?: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const record = value as { doc_metadata?: { page?: unknown }; analysis?: { content_summary?: unknown; analysis?: { content_summary?: unknown } } };
  const page = record?.doc_metadata?.page;
  if (typeof page !== "number" || !Number.isSafeInteger(page) || page < 1) return undefined;
  const summary = record.analysis?.analysis?.content_summary ?? record.analysis?.content_summary;
  return { page, ...(typeof summary === "string" && summary ? { description: summary } : {}) };
}

function assignPages(drafts: readonly Draft[]): Array<{ page: number; inferred: boolean }> {
  const next: Array<number | undefined> = new Array(drafts.length);
  for (let i = drafts.length - 1, after: number | undefined; i >= 0; i--) {
    next[i] = after;
    if (drafts[i]!.page !== undefined) after = i;
  }
  let previous: number | undefined;
  return drafts.map((draft, i) => {
    if (draft.page !== undefined) {
      previous = i;
      return { page: draft.page, inferred: false };
    }
    const j = next[i];
    if (j !== undefined) {
      // a sheet end counts when more unmarked text follows it before the marked block (else it closes that block's own sheet)
      let sheets = 0;
      for (let b = i; b < j; b++) if (drafts[b]!.endsSheet && drafts.slice(b + 1, j).some((d) => d.page === undefined)) sheets++;
      return { page: Math.max(1, drafts[j]!.page! - sheets), inferred: true };
    }
    const from = previous ?? -1;
    const base = previous !== undefined ? drafts[previous]!.page! : 1;
    let sheets = 0;
    for (let b = from + 1; b < i; b++) if (drafts[b]!.endsSheet) sheets++;
    return { page: base + sheets, inferred: true };
  });
}
