import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DocumentTransferService } from "../../core/application/document-transfer-service.js";
import type { Block } from "../../core/domain/block.js";
import { documentMdCarries } from "../../core/formats/document-md.js";
import { cropUrlLikeReference, readDocumentMdLikeReference } from "../../core/formats/testing/reference-reader.js";
import { InMemoryBlobStorage } from "../../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../../core/ports/testing/in-memory-document-store.js";
import { NodeHtmlOcrReader } from "./node-html-ocr-reader.js";

/**
 * Imports the real OCR exports of ../shared/corpus (AIZOOMDOC_CORPUS, set by .ci/run) and checks the result
 * against counts taken from the raw files independently of the importers, then that the reference reads the export
 * block for block, and the export → import round trip.
 */
const corpus = process.env.AIZOOMDOC_CORPUS;
if (!corpus) throw new Error("the corpus tier needs AIZOOMDOC_CORPUS pointing at the corpus folder (.ci/run sets it)");
const HTML = "95_24-ГК-СТ-АР.КРВ (вер6)_ocr.html";
const MARKDOWN = "133-23-ГК-АР1 (17)_подготовленный.md";

function setup() {
  const store = new InMemoryDocumentStore();
  const service = new DocumentTransferService({ ownerId: "local", store, blobs: new InMemoryBlobStorage(), html: new NodeHtmlOcrReader() });
  return { store, service };
}

const utf8 = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const countBy = <T>(items: readonly T[], key: (item: T) => string | number) =>
  items.reduce<Record<string, number>>((acc, item) => ((acc[key(item)] = (acc[key(item)] ?? 0) + 1), acc), {});

async function roundTrip(service: DocumentTransferService, store: InMemoryDocumentStore, documentId: string) {
  const first = await service.exportDocument(documentId);
  const blocks = await store.getBlocks("local", documentId);
  // the reference's own reading of our document.md: every block, with its id, kind and page, and its text
  const read = readDocumentMdLikeReference(first.documentMd);
  expect(read.map((b) => [b.id, b.kind, b.page])).toEqual(blocks.map((b) => [b.id, b.kind, b.page]));
  const carried = blocks.filter((b) => documentMdCarries(b.text));
  const byId = new Map(read.map((b) => [b.id, b]));
  expect(carried.map((b) => byId.get(b.id)!.content)).toEqual(carried.map((b) => b.text));
  for (const block of blocks.filter((b) => typeof b.meta?.cropUrl === "string")) expect(cropUrlLikeReference(first.blocksJson, block.id)).toBe(block.meta!.cropUrl);
  console.log(`  the reference reads ${read.length} of ${blocks.length} blocks; ${blocks.length - carried.length} carry their exact text in blocks.json (header-like lines escaped)`);
  const again = await service.importDocument([utf8(`${first.stem}_document.md`, first.documentMd), utf8(`${first.stem}_blocks.json`, first.blocksJson)]);
  const strip = (blocks: Block[]) => blocks.map(({ documentId: _, ...b }) => b);
  expect(strip(await store.getBlocks("local", again.id))).toEqual(strip(await store.getBlocks("local", documentId)));
  const original = await store.getDocument("local", documentId);
  expect(again.pages).toEqual(original.pages);
  expect([again.name, again.projectPath, again.stampLine]).toEqual([original.name, original.projectPath, original.stampLine]);
  const second = await service.exportDocument(again.id);
  expect(second.documentMd).toBe(first.documentMd);
  expect(second.blocksJson).toBe(first.blocksJson);
}

describe("corpus: *_ocr.html", () => {
  const raw = readFileSync(join(corpus, HTML), "utf8");
  // independent counts: every block header, its page and type, and the BLOCK: ids in file order
  const headers = [...raw.matchAll(/<div class="block-header">Блок #\d+ \(стр\. (\d+)\) \| Тип: (\w+)/g)].map((m) => ({ page: Number(m[1]), type: m[2]!.toUpperCase() }));
  const ids = [...raw.matchAll(/<p>BLOCK: ([A-Z0-9-]+)<\/p>/g)].map((m) => m[1]);

  it("imports every block with its id, kind and page", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([{ name: HTML, bytes: readFileSync(join(corpus, HTML)) }]);
    const blocks = await store.getBlocks("local", doc.id);
    expect(raw.match(/<div class="block block-type-/g)).toHaveLength(headers.length);
    expect(blocks).toHaveLength(headers.length);
    expect(blocks.map((b) => b.id)).toEqual(ids);
    expect(blocks.map((b) => ({ page: b.page, type: b.kind }))).toEqual(headers);
    expect(doc.pageCount).toBe(Math.max(...headers.map((h) => h.page)));
    expect(countBy(blocks, (b) => b.page)).toEqual(countBy(headers, (h) => h.page));
    expect(blocks.filter((b) => b.kind === "IMAGE").every((b) => typeof b.meta?.cropUrl === "string" && b.description)).toBe(true);
    expect(doc.pages.filter((p) => p.stamp?.sheet).length).toBeGreaterThan(0);
    console.log(`${HTML}: ${blocks.length} blocks (${JSON.stringify(countBy(blocks, (b) => b.kind))}) on ${doc.pageCount} pages`);
    await roundTrip(service, store, doc.id);
  });
});

describe("corpus: plain markdown", () => {
  const raw = readFileSync(join(corpus, MARKDOWN), "utf8");
  const lines = raw.split(/\r?\n/);
  // independent counts: fenced JSON image records (with their pages) and runs of table lines outside fences
  let inFence = false;
  let tables = 0;
  const imagePages: number[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith("```")) inFence = !inFence;
    else if (inFence && /^ {4}"page": \d+/.test(line) && lines[i - 2]?.includes('"doc_metadata"')) imagePages.push(Number(line.match(/\d+/)![0]));
    else if (!inFence && line.startsWith("|") && !lines[i - 1]?.startsWith("|")) tables++;
  });

  it("keeps every line, makes each image record an IMAGE block on its page and each table a TABLE block", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([{ name: MARKDOWN, bytes: readFileSync(join(corpus, MARKDOWN)) }]);
    // named after its file: its first heading is the organisation, a title rather than a name
    expect(doc.name).toBe(MARKDOWN.replace(/\.md$/u, ""));
    const blocks = await store.getBlocks("local", doc.id);
    const images = blocks.filter((b) => b.kind === "IMAGE");
    expect(images.map((b) => b.page)).toEqual(imagePages);
    expect(images.every((b) => b.meta?.pageInferred === undefined)).toBe(true);
    expect(blocks.filter((b) => b.kind === "TABLE")).toHaveLength(tables);
    expect(blocks.flatMap((b) => b.text.split("\n")).filter((l) => l.trim())).toEqual(lines.filter((l) => l.trim()));
    expect(new Set(blocks.map((b) => b.id)).size).toBe(blocks.length);
    const pages = blocks.map((b) => b.page);
    expect(doc.pageCount).toBe(Math.max(...imagePages));
    expect(pages.every((p) => p >= 1 && p <= doc.pageCount)).toBe(true);
    console.log(`${MARKDOWN}: ${blocks.length} blocks (${JSON.stringify(countBy(blocks, (b) => b.kind))}) on ${doc.pageCount} pages`);
    await roundTrip(service, store, doc.id);
  });
});
