import { createHash, randomUUID } from "node:crypto";
import { basename } from "node:path";
import { BLOCK_ID, BlockIdAllocator, type Block, type BlockSource } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";
import { DomainError, invalidInput } from "../domain/errors.js";
import {
  CATEGORY_META,
  CROP_URL_META,
  documentEntryOf,
  formatBlocksJson,
  looksLikeBlocksJson,
  NOT_IN_INDEX_META,
  ONLY_IN_INDEX_META,
  parseBlocksJson,
  type BlocksJson,
  type BlocksJsonDocument,
} from "../formats/blocks-json.js";
import {
  EMPTY_PAGES_META,
  exportStemOf,
  formatDocumentMd,
  HEADER_META,
  looksLikeDocumentMd,
  pagePreambleOf,
  parseDocumentMd,
  PREAMBLES_META,
} from "../formats/document-md.js";
import { imageDescriptionIn, linksIn, malformed, splitTreePath, type ImportedDocument } from "../formats/imported-document.js";
import { parsePlainMarkdown } from "../formats/plain-markdown.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { OcrHtmlReader } from "../ports/ocr-html-reader.js";
import type { AizoomdocApi, DocumentExport, InputFile } from "./aizoomdoc-api.js";

export interface DocumentTransferDeps {
  ownerId: string;
  store: DocumentStore;
  blobs: BlobStorage;
  html: OcrHtmlReader;
  now?: () => Date;
}

type MainFormat = ImportedDocument["format"];
interface Classified {
  main: { file: InputFile; text: string; format: MainFormat };
  index?: { file: InputFile; text: string };
  crops: Map<string, InputFile>;
}

/** Blob key of an imported document's source text and of its crop PDFs. */
export const importSourceKeyOf = (documentId: string, format: MainFormat) => `sources/${documentId}.${format === "ocr-html" ? "html" : "md"}`;
export const cropKeyOf = (documentId: string, blockId: string) => `crops/${documentId}/${blockId}.pdf`;

const CONTENT_TYPES: Record<MainFormat, string> = { "document-md": "text/markdown", markdown: "text/markdown", "ocr-html": "text/html" };

/**
 * Import of the existing OCR formats (document.md + blocks.json + crop PDFs, ocr.html, plain markdown) and export
 * of any document back to document.md + blocks.json. Formats are told apart by content, not by file name.
 * An import either saves the whole document (crops included) or nothing.
 */
export class DocumentTransferService implements Pick<AizoomdocApi, "importDocument" | "exportDocument"> {
  constructor(private readonly deps: DocumentTransferDeps) {}

  async importDocument(files: InputFile[], options: { name?: string } = {}): Promise<DocumentRecord> {
    const input = classify(files);
    const sourceVersion = versionOf(input);
    const existing = await this.deps.store.findDocumentBySourceVersion(this.deps.ownerId, sourceVersion);
    if (existing) return existing;

    const imported = this.read(input.main);
    const index = input.index && parseBlocksJson(input.index.text, input.index.file.name);
    const documentId = randomUUID();
    const blocks = mergeBlocks(imported, index, input, documentId, sourceVersion);
    for (const id of input.crops.keys()) {
      if (!blocks.some((b) => b.id === id)) throw malformed(input.crops.get(id)!.name, `crop for block ${id}, which the document does not have`);
    }
    const document = documentRecord(imported, savedDocumentOf(index), blocks, {
      id: documentId,
      ownerId: this.deps.ownerId,
      sourceVersion,
      name: options.name,
      fileName: input.main.file.name,
      cropIds: [...input.crops.keys()],
      createdAt: (this.deps.now?.() ?? new Date()).toISOString(),
    });

    const written: string[] = [];
    try {
      await this.deps.blobs.put(document.sourceKey!, input.main.file.bytes, { contentType: CONTENT_TYPES[imported.format] });
      written.push(document.sourceKey!);
      for (const [id, file] of input.crops) {
        await this.deps.blobs.put(document.crops![id]!, file.bytes, { contentType: "application/pdf" });
        written.push(document.crops![id]!);
      }
      await this.deps.store.saveDocument(document, blocks);
    } catch (error) {
      // nothing half-imported: the blobs written so far go again
      await Promise.all(written.map((key) => this.deps.blobs.delete(key).catch(() => undefined)));
      throw error;
    }
    return document;
  }

  async exportDocument(documentId: string): Promise<DocumentExport> {
    const document = await this.deps.store.getDocument(this.deps.ownerId, documentId);
    const blocks = await this.deps.store.getBlocks(this.deps.ownerId, documentId);
    const stem = exportStemOf(document.name);
    const documentMd = formatDocumentMd(document, blocks);
    // what an import of document.md alone would make of the document; blocks.json carries the rest
    const { id, ownerId, sourceVersion, createdAt } = document;
    const implied = documentRecord(parseDocumentMd(documentMd, `${stem}_document.md`), undefined, blocks, { id, ownerId, sourceVersion, createdAt, fileName: `${stem}_document.md`, cropIds: [] });
    const crops = await Promise.all(
      Object.entries(document.crops ?? {}).map(async ([blockId, key]) => ({ blockId, bytes: await this.deps.blobs.getBytes(key) })),
    );
    return {
      stem,
      documentMd,
      blocksJson: formatBlocksJson(blocks, documentEntryOf(document, implied)),
      ...(crops.length > 0 ? { crops: crops.sort((a, b) => a.blockId.localeCompare(b.blockId)) } : {}),
    };
  }

  private read(main: Classified["main"]): ImportedDocument {
    switch (main.format) {
      case "document-md":
        return parseDocumentMd(main.text, main.file.name);
      case "ocr-html":
        return this.deps.html.read(main.text, main.file.name);
      case "markdown":
        return parsePlainMarkdown(main.text, main.file.name);
    }
  }
}

/** Sorts the given files into the document, its blocks.json index and crop PDFs, by content. */
function classify(files: readonly InputFile[]): Classified {
  if (files.length === 0) throw invalidInput("nothing to import: give a document.md (with blocks.json and crops), an ocr.html or a markdown file");
  const mains: Array<Classified["main"]> = [];
  const indexes: Array<NonNullable<Classified["index"]>> = [];
  const crops = new Map<string, InputFile>();
  for (const file of files) {
    if (startsWith(file.bytes, "%PDF-")) {
      const id = basename(file.name).replace(/\.pdf$/iu, "");
      if (!BLOCK_ID.test(id)) throw malformed(file.name, "is a PDF but not a crop named after its block id (XXXX-XXXX-XXX.pdf); a drawing set is added as a document of its own, not imported");
      if (crops.has(id)) throw malformed(file.name, `second crop for block ${id}`);
      crops.set(id, file);
      continue;
    }
    const text = decodeText(file);
    // block headers first: a document.md may quote HTML from the OCR output, an ocr.html never has `### BLOCK` lines
    if (looksLikeDocumentMd(text)) mains.push({ file, text, format: "document-md" });
    else if (/^\s*(<!doctype html|<html|<div)/iu.test(text) || /<div[^>]*class=["'][^"']*\bblock\b/iu.test(text)) mains.push({ file, text, format: "ocr-html" });
    else if (looksLikeBlocksJson(text)) indexes.push({ file, text });
    else if (/^\s*[{[]/u.test(text)) parseBlocksJson(text, file.name); // throws the precise reason
    else mains.push({ file, text, format: "markdown" });
  }
  if (mains.length === 0) throw invalidInput(`no document among ${files.map((f) => f.name).join(", ")}: give a document.md, an ocr.html or a markdown file`);
  if (mains.length > 1) throw invalidInput(`several documents given (${mains.map((m) => m.file.name).join(", ")}); import one at a time`);
  if (indexes.length > 1) throw invalidInput(`several blocks.json files given (${indexes.map((i) => i.file.name).join(", ")})`);
  return { main: mains[0]!, ...(indexes[0] ? { index: indexes[0] } : {}), crops };
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return bytes.length >= prefix.length && [...prefix].every((ch, i) => bytes[i] === ch.charCodeAt(0));
}

function decodeText(file: InputFile): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    throw new DomainError("DOCUMENT.UNSUPPORTED_FORMAT", `${file.name}: not UTF-8 text, a blocks.json or a crop PDF`, { details: { file: file.name } });
  }
  if (text.includes("\u0000")) throw new DomainError("DOCUMENT.UNSUPPORTED_FORMAT", `${file.name}: binary content, not a text export`, { details: { file: file.name } });
  if (text.trim() === "") throw new DomainError("DOCUMENT.EMPTY", `${file.name}: the file is empty`, { details: { file: file.name } });
  return text;
}

/** The identity of an import: its document, index and crops by content (names do not matter). */
function versionOf(input: Classified): string {
  const hash = createHash("sha256").update("import\u0001").update(input.main.file.bytes);
  if (input.index) hash.update("\u0001index\u0001").update(input.index.file.bytes);
  for (const id of [...input.crops.keys()].sort()) hash.update(`\u0001crop:${id}\u0001`).update(input.crops.get(id)!.bytes);
  return hash.digest("hex");
}

/**
 * Blocks in document order with their original ids (stable derived ids where the format has none), merged with
 * the blocks.json entries by id. An entry that disagrees with the document about a block's page or kind is an
 * error, never silently resolved; an entry for a block the document lacks becomes a block of its own.
 */
function mergeBlocks(imported: ImportedDocument, index: BlocksJson | undefined, input: Classified, documentId: string, sourceVersion: string): Block[] {
  const ids = new BlockIdAllocator(sourceVersion);
  for (const b of imported.blocks) if (b.id) ids.reserve(b.id);
  const entries = new Map((index?.blocks ?? []).map((e) => [e.id, e]));
  const indexName = input.index?.file.name ?? "";
  const blocks: Block[] = imported.blocks.map((b, ordinal) => {
    const id = b.id ?? ids.next(b.page, b.kind, b.text);
    const entry = entries.get(id);
    if (entry) {
      entries.delete(id);
      if (entry.page_index + 1 !== b.page) throw malformed(indexName, `block ${id} is on page ${entry.page_index + 1} here but on page ${b.page} in ${input.main.file.name}`);
      if (entry.block_type.toUpperCase() !== b.kind) throw malformed(indexName, `block ${id} is ${entry.block_type} here but ${b.kind} in ${input.main.file.name}`);
    }
    const meta = index && !entry ? { ...b.meta, [NOT_IN_INDEX_META]: true } : b.meta;
    return blockOf(documentId, ordinal, { id, kind: b.kind, page: b.page, text: b.text, description: b.description, meta }, entry);
  });
  for (const entry of entries.values()) {
    if (!BLOCK_ID.test(entry.id)) throw malformed(indexName, `block id "${entry.id}" is not of the form XXXX-XXXX-XXX`);
    const kind = entry.block_type.toUpperCase() as Block["kind"];
    blocks.push(blockOf(documentId, blocks.length, { id: entry.id, kind, page: entry.page_index + 1, text: "", meta: { [ONLY_IN_INDEX_META]: true } }, entry));
  }
  return blocks;
}

function blockOf(
  documentId: string,
  ordinal: number,
  base: Pick<Block, "id" | "kind" | "page" | "text" | "description" | "meta">,
  entry: BlocksJson["blocks"][number] | undefined,
): Block {
  const text = entry?.text ?? base.text;
  const links = entry?.links ?? linksIn(text);
  const description =
    entry?.description === null ? undefined : (entry?.description ?? (base.kind === "IMAGE" ? (imageDescriptionIn(text) ?? base.description) : base.description));
  const meta: Record<string, unknown> = {
    ...base.meta,
    ...entry?.meta,
    ...(entry?.category_code ? { [CATEGORY_META]: entry.category_code } : {}),
    ...(entry?.crop_url ? { [CROP_URL_META]: entry.crop_url } : {}),
  };
  return {
    id: base.id,
    documentId,
    kind: base.kind,
    page: base.page,
    ...(entry?.bbox_norm ? { bboxNorm: entry.bbox_norm as unknown as Block["bboxNorm"] } : {}),
    text,
    ...(description !== undefined ? { description } : {}),
    ...(links.length > 0 ? { links } : {}),
    source: (entry?.source ?? "import") as BlockSource,
    ...(entry?.confidence !== undefined ? { confidence: entry.confidence } : {}),
    ordinal,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
}

/** The document section of an index: on its first entry that has one. */
function savedDocumentOf(index: BlocksJson | undefined): BlocksJsonDocument | undefined {
  return index?.blocks.find((entry) => entry.document)?.document;
}

/** The document record of an import: what the main file says, overridden by what its blocks.json saved. */
function documentRecord(
  imported: ImportedDocument,
  saved: BlocksJsonDocument | undefined,
  blocks: readonly Block[],
  base: { id: string; ownerId: string; sourceVersion: string; name?: string; fileName: string; cropIds: readonly string[]; createdAt: string },
): DocumentRecord {
  const highest = Math.max(saved?.page_count ?? 1, ...imported.pages.map((p) => p.number), ...blocks.map((b) => b.page));
  const known = new Map<number, Page>(
    (saved?.pages ?? []).map((p) => [
      p.number,
      {
        number: p.number,
        width: p.width,
        height: p.height,
        rotation: p.rotation,
        needsOcr: p.needs_ocr,
        ...(p.ocr_engine ? { ocrEngine: p.ocr_engine } : {}),
        ...(p.stamp ? { stamp: p.stamp } : {}),
      },
    ]),
  );
  const fromDocument = new Map(imported.pages.map((p) => [p.number, p]));
  const pages: Page[] = Array.from({ length: highest }, (_, i) => {
    const number = i + 1;
    const stamp = fromDocument.get(number)?.stamp;
    return known.get(number) ?? { number, width: 0, height: 0, rotation: 0, needsOcr: false, ...(stamp ? { stamp } : {}) };
  });
  const draft: DocumentRecord = {
    id: base.id,
    ownerId: base.ownerId,
    name: base.name ?? saved?.name ?? nameOf(imported, base.fileName),
    sourceKind: imported.format,
    sourceKey: importSourceKeyOf(base.id, imported.format),
    sourceVersion: base.sourceVersion,
    pageCount: highest,
    pages,
    createdAt: base.createdAt,
  };
  const projectPath = saved?.project_path ?? imported.projectPath;
  if (projectPath?.length) draft.projectPath = projectPath;
  const stampLine = saved?.stamp_line ?? imported.stampLine;
  if (stampLine) draft.stampLine = stampLine;
  if (base.cropIds.length > 0) draft.crops = Object.fromEntries([...base.cropIds].sort().map((id) => [id, cropKeyOf(base.id, id)]));
  // keep the header and only the sheet lines that the page stamps would not reproduce
  const preambles = Object.fromEntries(
    imported.pages.filter((p) => p.preamble !== undefined && p.preamble !== pagePreambleOf(draft, p.number)).map((p) => [String(p.number), p.preamble!]),
  );
  const emptyPages = imported.format === "document-md" ? imported.pages.filter((p) => !blocks.some((b) => b.page === p.number)).map((p) => p.number) : [];
  const meta: Record<string, unknown> = {
    ...(imported.header !== undefined ? { [HEADER_META]: imported.header } : {}),
    ...(Object.keys(preambles).length > 0 ? { [PREAMBLES_META]: preambles } : {}),
    ...(emptyPages.length > 0 ? { [EMPTY_PAGES_META]: emptyPages } : {}),
    ...saved?.meta,
  };
  if (Object.keys(meta).length > 0) draft.meta = meta;
  return draft;
}

/**
 * The document's name: the last part of the tree path in its heading (the file name; a heading of one part is the
 * file name alone), else the imported file's name. A plain markdown's heading is a title, not a name.
 */
function nameOf(imported: ImportedDocument, fileName: string): string {
  const last = imported.format !== "markdown" && imported.heading ? splitTreePath(imported.heading).at(-1) : undefined;
  if (last) return last;
  return basename(fileName).replace(/(_document)?\.md$|(_ocr)?\.html?$/iu, "") || fileName;
}
