import { describe, expect, it } from "vitest";
import { LABEL_BOXES_META, ocrDrawingLabels, packLabelBoxes } from "../domain/drawing-labels.js";
import { type Block, BLOCK_ID, BlockIdAllocator } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import type { BBoxNorm } from "../domain/geometry.js";
import { FakeTextRecognizer, type GlyphScene, type SceneWord } from "../ports/testing/fake-text-recognizer.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { ScenePageRenderer } from "../ports/testing/scene-page-renderer.js";
import type { Progress } from "./aizoomdoc-api.js";
import { OcrService } from "./ocr-service.js";

const W = 1000;
const H = 700;
/** 1 px = 1 pt; 400 px tiles overlapping by 60 px: seams near x 340 and 680, y 320. */
const SETTINGS = { dpi: 72, tilePixels: 400, overlapPixels: 60, surveyDpi: 36, concurrency: 1 };

const box = (x: number, y: number, w: number, h = 10): BBoxNorm => [x / W, y / H, (x + w) / W, (y + h) / H];
const at = (page: number, text: string, x: number, y: number): SceneWord => ({ text, page, bbox: box(x, y, text.length * 6) });

/** A page with labels (one across a seam), a note the text layer already has, and a ruled specification table. */
function sheetWords(page: number): SceneWord[] {
  return [
    at(page, "Помещение", 330, 100),
    at(page, "В2", 120, 200),
    at(page, "В21", 160, 200),
    at(page, "А3-13*", 700, 200),
    at(page, "Примечание", 100, 600),
    at(page, "Поз.", 305, 455),
    at(page, "Наименование", 355, 455),
    at(page, "Кол.", 505, 455),
    at(page, "1", 305, 475),
    at(page, "Перемычка", 355, 475),
    at(page, "4", 505, 475),
    at(page, "2", 305, 495),
    at(page, "Окно", 355, 495),
    at(page, "12", 505, 495),
  ];
}

/** Table rules as word-less ink: 4 horizontal rules, 4 vertical ones, x 300..600, y 450..510. */
function tableInk(): Array<[number, number, number, number]> {
  const rules: Array<[number, number, number, number]> = [];
  for (const y of [450, 470, 490, 510]) rules.push([300 / W, y / H, 600 / W, (y + 1) / H]);
  for (const x of [300, 350, 500, 600]) rules.push([x / W, 450 / H, (x + 1) / W, 511 / H]);
  return rules;
}

function world(pages: number) {
  const scene: GlyphScene = { pages: {}, words: [] };
  for (let n = 1; n <= pages; n++) {
    scene.pages[n] = { width: W, height: H };
    scene.words.push(...sheetWords(n));
  }
  const renderer = new ScenePageRenderer(scene);
  for (let n = 1; n <= pages; n++) renderer.ink.set(n, tableInk());
  return { scene, renderer };
}

const page = (number: number, needsOcr = true): Page => ({ number, width: W, height: H, rotation: 0, needsOcr });

function documentOf(pages: Page[]): DocumentRecord {
  return {
    id: "doc-1",
    ownerId: "local",
    name: "set.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/doc-1.pdf",
    sourceVersion: "v1",
    pageCount: pages.length,
    pages,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

/** The text layer holds only the note on each page. */
function textLayer(pages: number, ids: BlockIdAllocator): Block[] {
  return Array.from({ length: pages }, (_, i) => ({
    id: ids.next(i + 1, "TEXT", "note"),
    documentId: "doc-1",
    kind: "TEXT" as const,
    page: i + 1,
    bboxNorm: box(98, 598, 64, 14),
    text: "Примечание",
    source: "text-layer" as const,
    ordinal: i,
  }));
}

const ocrWords = (blocks: Block[]) => blocks.filter((b) => b.source === "ocr:fake").flatMap((b) => b.text.split(/[\s|]+/).filter((t) => t && t !== "---"));

const TABLE = ["| Поз. | Наименование | Кол. |", "| --- | --- | --- |", "| 1 | Перемычка | 4 |", "| 2 | Окно | 12 |"].join("\n");

describe("OcrService.ingestionStep", () => {
  it("adds TEXT and TABLE blocks for what only the ink shows: once across seams, nothing the text layer has", async () => {
    const { scene, renderer } = world(2);
    const service = new OcrService({ ownerId: "local", store: new InMemoryDocumentStore(), blobs: new InMemoryBlobStorage(), renderer, recognizer: new FakeTextRecognizer(scene), settings: SETTINGS });
    const run = async () => {
      const ids = new BlockIdAllocator("v1");
      const progress: Progress[] = [];
      const result = await service.ingestionStep({ document: documentOf([page(1), page(2, false)]), blocks: textLayer(2, ids), pdf: new Uint8Array(), mode: "auto", ids, onProgress: (p) => progress.push(p) });
      return { ...result, progress };
    };
    const { pages, blocks, progress } = await run();

    expect(pages.map((p) => p.ocrEngine)).toEqual(["fake", undefined]);
    expect(ocrWords(blocks).sort()).toEqual(["Помещение", "В2", "В21", "А3-13*", ...TABLE.split(/[\s|]+/).filter((t) => t && t !== "---")].sort());
    const table = blocks.find((b) => b.kind === "TABLE")!;
    expect(table).toMatchObject({ page: 1, text: TABLE, source: "ocr:fake" });
    expect(table.bboxNorm![0]).toBeCloseTo(0.3, 2);
    expect(table.bboxNorm![3]).toBeCloseTo(510 / H, 2);
    const label = blocks.find((b) => b.text === "А3-13*")!;
    expect(label.kind).toBe("TEXT");
    expect(label.confidence).toBeCloseTo(0.95);
    label.bboxNorm!.forEach((v, i) => expect(v).toBeCloseTo(box(700, 200, 36)[i]!, 2));
    // each line keeps its box, so the labels of an OCR'd drawing have their places
    expect(ocrDrawingLabels({ bboxNorm: [0, 0, 1, 1] }, [label])).toEqual([{ text: "А3-13*", bbox: label.bboxNorm }]);
    expect(label.meta?.[LABEL_BOXES_META]).toBe(packLabelBoxes([label.bboxNorm!]));
    // page 1's OCR blocks follow its text layer, page 2 keeps its text-layer block only
    expect(blocks.map((b) => [b.page, b.source === "text-layer"])).toEqual([[1, true], ...blocks.filter((b) => b.source !== "text-layer").map(() => [1, false]), [2, true]]);
    expect(blocks.map((b) => b.ordinal)).toEqual(blocks.map((_, i) => i));
    for (const b of blocks) expect(b.id).toMatch(BLOCK_ID);
    expect(new Set(blocks.map((b) => b.id)).size).toBe(blocks.length);
    expect(progress.at(-1)).toMatchObject({ phase: "ocr", current: 1, total: 1 });
    // the same input gives the same ids
    expect((await run()).blocks.map((b) => b.id)).toEqual(blocks.map((b) => b.id));
  });

  it("reads only inked tiles the text layer does not explain", async () => {
    const scene: GlyphScene = { pages: { 1: { width: W, height: H } }, words: [at(1, "Примечание", 100, 600)] };
    const renderer = new ScenePageRenderer(scene);
    const recognizer = new FakeTextRecognizer(scene);
    const service = new OcrService({ ownerId: "local", store: new InMemoryDocumentStore(), blobs: new InMemoryBlobStorage(), renderer, recognizer, settings: SETTINGS });
    const ids = new BlockIdAllocator("v1");
    const result = await service.ingestionStep({ document: documentOf([page(1)]), blocks: textLayer(1, ids), pdf: new Uint8Array(), mode: "always", ids });
    expect(recognizer.calls).toBe(0);
    expect(result.blocks).toHaveLength(1);
    expect(result.pages[0]!.ocrEngine).toBe("fake");
  });

  it("ingests without OCR, saying why, when no language data is there", async () => {
    const { scene, renderer } = world(1);
    const service = new OcrService({ ownerId: "local", store: new InMemoryDocumentStore(), blobs: new InMemoryBlobStorage(), renderer, recognizer: new FakeTextRecognizer(scene, { languages: [] }), settings: SETTINGS });
    const ids = new BlockIdAllocator("v1");
    const progress: Progress[] = [];
    const blocks = textLayer(1, ids);
    const result = await service.ingestionStep({ document: documentOf([page(1)]), blocks, pdf: new Uint8Array(), mode: "auto", ids, onProgress: (p) => progress.push(p) });
    expect(result.blocks).toEqual(blocks);
    expect(result.pages[0]!.ocrEngine).toBeUndefined();
    expect(progress.at(-1)!.message).toMatch(/^OCR skipped: no language data/);
  });
});

describe("OcrService.ocr", () => {
  async function stored(pages: number) {
    const { scene, renderer } = world(pages);
    const store = new InMemoryDocumentStore();
    const blobs = new InMemoryBlobStorage();
    const ids = new BlockIdAllocator("v1");
    await store.saveDocument(documentOf(Array.from({ length: pages }, (_, i) => page(i + 1))), textLayer(pages, ids));
    await blobs.put("sources/doc-1.pdf", new TextEncoder().encode("%PDF-1.7"));
    return { scene, renderer, store, blobs };
  }

  it("resumes an interrupted run at the first unread page and never duplicates blocks", async () => {
    const { scene, renderer, store, blobs } = await stored(3);
    let interrupt = true;
    const recognizer = new FakeTextRecognizer(scene, {
      failWhen: () => (interrupt && renderer.requests.at(-1)!.page === 2 ? new DomainError("OPERATION.CANCELLED", "interrupted") : undefined),
    });
    const service = new OcrService({ ownerId: "local", store, blobs, renderer, recognizer, settings: SETTINGS });
    await expect(service.ocr("doc-1")).rejects.toMatchObject({ code: "OPERATION.CANCELLED" });
    let document = await store.getDocument("local", "doc-1");
    expect(document.pages.map((p) => p.ocrEngine)).toEqual(["fake", undefined, undefined]);
    const firstPage = await store.getBlocks("local", "doc-1", { page: 1 });

    interrupt = false;
    renderer.requests.length = 0;
    expect(await service.ocr("doc-1")).toEqual({ pages: 2, blocks: 2 * (firstPage.length - 1) });
    expect(renderer.requests.some((r) => r.page === 1)).toBe(false);
    document = await store.getDocument("local", "doc-1");
    expect(document.pages.map((p) => p.ocrEngine)).toEqual(["fake", "fake", "fake"]);
    const all = await store.getBlocks("local", "doc-1");
    for (const n of [1, 2, 3]) expect(ocrWords(all.filter((b) => b.page === n)).filter((w) => w === "Помещение")).toHaveLength(1);
    expect(new Set(all.map((b) => b.id)).size).toBe(all.length);

    // nothing left to do; reading page 1 again replaces its blocks with the same ones
    expect(await service.ocr("doc-1")).toEqual({ pages: 0, blocks: 0 });
    await service.ocr("doc-1", { pages: [1] });
    const again = await store.getBlocks("local", "doc-1");
    expect(again.map((b) => b.id).sort()).toEqual(all.map((b) => b.id).sort());
  });

  it("keeps one OCR reading per page: a second engine's run replaces the first engine's blocks", async () => {
    const { scene, renderer, store, blobs } = await stored(2);
    await new OcrService({ ownerId: "local", store, blobs, renderer, recognizer: new FakeTextRecognizer(scene), settings: SETTINGS }).ocr("doc-1");
    const first = await store.getBlocks("local", "doc-1");
    expect(first.some((b) => b.source === "ocr:fake")).toBe(true);

    const second = new OcrService({ ownerId: "local", store, blobs, renderer, recognizer: new FakeTextRecognizer(scene, { engine: "other" }), settings: SETTINGS });
    const result = await second.ocr("doc-1", { pages: [1] });
    const blocks = await store.getBlocks("local", "doc-1");
    expect(blocks.filter((b) => b.page === 1).map((b) => b.source).sort()).toEqual(["text-layer", ...Array(result.blocks).fill("ocr:other")].sort());
    // page 2 was not named: its first reading stays
    expect(blocks.filter((b) => b.page === 2 && b.source === "ocr:fake")).toHaveLength(first.filter((b) => b.page === 2 && b.source === "ocr:fake").length);
    expect((await store.getDocument("local", "doc-1")).pages.map((p) => p.ocrEngine)).toEqual(["other", "fake"]);
    expect(new Set(blocks.map((b) => b.id)).size).toBe(blocks.length);
  });

  it("skips a noise page and a page whose worker crashed with one line each, and reads the rest", async () => {
    const { scene, renderer, store, blobs } = await stored(4);
    renderer.noise.add(2);
    const recognizer = new FakeTextRecognizer(scene, {
      failWhen: () => (renderer.requests.at(-1)!.page === 3 ? new DomainError("OCR.FAILED", "the OCR worker stopped: exit code 1") : undefined),
    });
    const progress: Progress[] = [];
    const service = new OcrService({ ownerId: "local", store, blobs, renderer, recognizer, settings: SETTINGS });
    const result = await service.ocr("doc-1", { onProgress: (p) => progress.push(p) });
    expect(result.pages).toBe(2);
    const messages = progress.map((p) => p.message ?? "");
    expect(messages).toContain("page 2 skipped: page 2 looks like noise: 0 of 6 words read with confidence");
    expect(messages).toContain("page 3 skipped: the OCR worker stopped: exit code 1");
    for (const m of messages) expect(m).not.toContain("\n");
    const document = await store.getDocument("local", "doc-1");
    expect(document.pages.map((p) => p.ocrEngine)).toEqual(["fake", undefined, undefined, "fake"]);
    expect(await store.getBlocks("local", "doc-1", { page: 2 })).toHaveLength(1);
  });

  it("refuses pages outside the document and documents without a PDF", async () => {
    const { scene, renderer, store, blobs } = await stored(1);
    const service = new OcrService({ ownerId: "local", store, blobs, renderer, recognizer: new FakeTextRecognizer(scene), settings: SETTINGS });
    await expect(service.ocr("doc-1", { pages: [2] })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT", message: "set.pdf: page 2 is outside 1…1" });
    await store.saveDocument({ ...documentOf([page(1)]), id: "doc-2", sourceKind: "document-md", sourceKey: undefined }, []);
    await expect(service.ocr("doc-2")).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(service.ocr("missing")).rejects.toMatchObject({ code: "DOCUMENT.NOT_FOUND" });
  });
});
