import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { InMemoryRenderCache } from "../ports/testing/in-memory-render-cache.js";
import { SCENE_MARGIN, ScenePageRenderer } from "../ports/testing/scene-page-renderer.js";
import { EvidenceService, MAX_AUTO_DPI, MIN_AUTO_DPI, chooseDpi } from "./evidence-service.js";

const A1 = { width: 2384, height: 1684 };
/** Two blank A1 sheets, painted by a verified fake that records every request. */
const sheets = () => new ScenePageRenderer({ pages: { 1: A1, 2: A1 }, words: [] });

async function setup(more: Block[] = [], ocrPages: number[] = []) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const renderer = sheets();
  const cache = new InMemoryRenderCache({ maxBytes: 1e6, ttlMs: 60_000 });
  const document: DocumentRecord = {
    id: "doc-1",
    ownerId: "local",
    name: "АР.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/doc-1.pdf",
    sourceVersion: "v1",
    pageCount: 2,
    pages: [1, 2].map((number) => ({ number, ...A1, rotation: 0, needsOcr: false, ...(ocrPages.includes(number) ? { ocrEngine: "tesseract" } : {}) })),
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  const block: Block = {
    id: "AAAA-BBBB-CCC",
    documentId: "doc-1",
    kind: "IMAGE",
    page: 2,
    bboxNorm: [0.5, 0.5, 0.8, 0.8],
    text: "",
    source: "text-layer",
    ordinal: 0,
  };
  await store.saveDocument(document, [block, ...more]);
  await blobs.put("sources/doc-1.pdf", new Uint8Array([0x25]));
  const service = new EvidenceService({ ownerId: "local", store, blobs, renderer, cache });
  return { service, renderer, blobs, store };
}

describe("EvidenceService.render", () => {
  it("renders a block overview with the grid, recording block, page, region, DPI and pixel size", async () => {
    const { service, renderer } = await setup();
    const { image, bytes } = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC" });
    expect(renderer.requests[0]).toMatchObject({ page: 2, region: [0.5, 0.5, 0.8, 0.8], grid: true, format: "png" });
    expect(image).toMatchObject({ kind: "overview", blockId: "AAAA-BBBB-CCC", page: 2, bboxNorm: [0.5, 0.5, 0.8, 0.8], mimeType: "image/png" });
    // the grid frames the region: the image is the region at its DPI plus the margin on both sides
    expect(image.margin).toBe(SCENE_MARGIN);
    expect(image.width).toBe(Math.round((0.3 * 2384 * image.dpi) / 72) + 2 * SCENE_MARGIN);
    expect(Buffer.from(bytes.subarray(1, 4)).toString("latin1")).toBe("PNG");
  });

  it("nests sectors inside the block region and raises the DPI as the region shrinks", async () => {
    const { service, renderer } = await setup();
    const overview = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC" });
    const sector = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC", sector: "B2" });
    const nested = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC", sector: "B2.A1" });
    const [bx0, by0, bx1] = sector.image.bboxNorm;
    expect(bx0).toBeCloseTo(0.6);
    expect(by0).toBeCloseTo(0.6);
    expect(bx1).toBeCloseTo(0.7);
    expect(nested.image.bboxNorm[0]).toBeCloseTo(0.6);
    expect(nested.image.bboxNorm[2] - nested.image.bboxNorm[0]).toBeCloseTo(0.1 / 3, 3);
    expect(sector.image).toMatchObject({ kind: "roi", sector: "B2" });
    expect(overview.image.dpi).toBeLessThan(sector.image.dpi);
    expect(sector.image.dpi).toBeLessThan(nested.image.dpi);
    expect(renderer.requests.map((r) => r.grid)).toEqual([true, false, false]);
  });

  it("grows a zoomed region to take in whole the drawing labels its edges cut, the overview not", async () => {
    // a room's area straddles the left edge of sector B2 (0.6…0.7 of the page); its number lies well inside
    const drawing: Block = { id: "DRAW-EEEE-003", documentId: "doc-1", kind: "IMAGE", page: 1, bboxNorm: [0.5, 0.5, 0.8, 0.8], text: "2.04\n40,51", source: "text-layer", ordinal: 3, meta: { labelBoxes: [[0.62, 0.62, 0.63, 0.625], [0.595, 0.64, 0.61, 0.645]] } };
    const { service, renderer } = await setup([drawing]);
    const sector = await service.render({ documentId: "doc-1", blockId: drawing.id, sector: "B2" });
    // the area's box and 0.3 of its height in white beside it
    expect(sector.image.bboxNorm[0]).toBeCloseTo(0.5935);
    expect(sector.image.bboxNorm.slice(1)).toEqual([0.6, 0.7, 0.7].map((v) => expect.closeTo(v, 6)));
    expect(renderer.requests[0]!.region[0]).toBeCloseTo(0.5935);
    const overview = await service.render({ documentId: "doc-1", blockId: drawing.id });
    expect(overview.image.bboxNorm).toEqual([0.5, 0.5, 0.8, 0.8]);
  });

  it("on an OCR'd page, takes in whole the OCR line its edge cuts, not the line's whole block", async () => {
    // OCR read the room's number and area as one block wider than a third of the sector; its area line crosses the
    // sector's left edge (0.6), its number lies inside
    const drawing: Block = { id: "DRAW-EEEE-004", documentId: "doc-1", kind: "IMAGE", page: 1, bboxNorm: [0.5, 0.5, 0.8, 0.8], text: "", source: "text-layer", ordinal: 3 };
    const room: Block = {
      id: "TEXT-EEEE-006", documentId: "doc-1", kind: "TEXT", page: 1, bboxNorm: [0.56, 0.62, 0.65, 0.645], text: "2.04\n40,51", source: "ocr:tesseract", ordinal: 4,
      meta: { labelBoxes: "0.62,0.62,0.65,0.625;0.595,0.64,0.61,0.645" },
    };
    const { service } = await setup([drawing, room], [1]);
    const sector = await service.render({ documentId: "doc-1", blockId: drawing.id, sector: "B2" });
    // the area line's box and 0.3 of its height in white beside it: neither the block's box nor the region as asked
    expect(sector.image.bboxNorm[0]).toBeCloseTo(0.5935);
    expect(sector.image.bboxNorm.slice(1)).toEqual([0.6, 0.7, 0.7].map((v) => expect.closeTo(v, 6)));
  });

  it("keeps the sectors of the region asked for on the grid of a region grown for a label", async () => {
    const drawing: Block = { id: "DRAW-EEEE-005", documentId: "doc-1", kind: "IMAGE", page: 1, bboxNorm: [0.5, 0.5, 0.8, 0.8], text: "40,51", source: "text-layer", ordinal: 3, meta: { labelBoxes: [[0.595, 0.64, 0.61, 0.645]] } };
    const { service, renderer } = await setup([drawing]);
    const sector = await service.render({ documentId: "doc-1", blockId: drawing.id, sector: "B2", grid: true });
    const [x0, , x1] = sector.image.bboxNorm;
    expect(x0).toBeLessThan(0.6);
    // the ticks divide 0.6…0.7 of the page, which starts (0.6 − x0)/(x1 − x0) into the grown region
    const sectors = renderer.requests[0]!.gridSectors!;
    expect(sectors[0]).toBeCloseTo((0.6 - x0) / (x1 - x0), 3);
    expect(sectors.slice(1)).toEqual([0, 1, 1]);
    // so sector A1 of this image, asked for next, is the first third of 0.6…0.7, not of the grown region
    await service.render({ documentId: "doc-1", blockId: drawing.id, sector: "B2.A1", grid: true });
    expect(renderer.requests[1]!.region[2]).toBeCloseTo(0.6 + 0.1 / 3, 4);
    // a region that did not grow has its sectors in thirds of itself
    await service.render({ documentId: "doc-1", blockId: drawing.id });
    expect(renderer.requests[2]!.gridSectors).toBeUndefined();
  });

  it("gives TEXT and TABLE blocks no grid, even when asked, and drawings the grid they ask for", async () => {
    const table: Block = { id: "TABL-EEEE-001", documentId: "doc-1", kind: "TABLE", page: 1, bboxNorm: [0.1, 0.1, 0.5, 0.3], text: "| Поз. | Кол. |", source: "text-layer", ordinal: 1 };
    const text: Block = { ...table, id: "TEXT-EEEE-002", kind: "TEXT", bboxNorm: [0.1, 0.4, 0.5, 0.5], text: "Примечания", ordinal: 2 };
    const { service, renderer } = await setup([table, text]);
    for (const blockId of [table.id, text.id]) {
      const overview = await service.render({ documentId: "doc-1", blockId });
      const asked = await service.render({ documentId: "doc-1", blockId, sector: "B2", grid: true });
      expect([overview.image.margin, asked.image.margin]).toEqual([undefined, undefined]);
    }
    const drawing = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC", sector: "B2", grid: true });
    expect(drawing.image.margin).toBe(SCENE_MARGIN);
    expect(renderer.requests.map((r) => r.grid)).toEqual([false, false, false, false, true]);
  });

  it("renders a region at the DPI where the block's smallest text is 32 px per em, within the pixel cap", async () => {
    const table: Block = { id: "TABL-EEEE-003", documentId: "doc-1", kind: "TABLE", page: 1, bboxNorm: [0.1, 0.1, 0.3, 0.2], text: "| Поз. |", source: "text-layer", ordinal: 1, meta: { textSize: 3 } };
    const drawing: Block = { ...table, id: "DRAW-EEEE-004", kind: "IMAGE", bboxNorm: [0, 0, 1, 1], ordinal: 2 };
    const { service } = await setup([table, drawing]);
    // a 3-pt schedule needs 768 DPI: 3 × 768 / 72 = 32 px per em
    expect((await service.render({ documentId: "doc-1", blockId: table.id })).image.dpi).toBe(768);
    // a drawing's overview is for navigation and keeps the zoom's DPI (capped on a whole A1 sheet)
    const overview = await service.render({ documentId: "doc-1", blockId: drawing.id });
    expect(overview.image.dpi).toBeLessThanOrEqual(MIN_AUTO_DPI);
    // its sectors are read: the floor applies, and the cap still holds where the floor would exceed it
    expect((await service.render({ documentId: "doc-1", blockId: drawing.id, sector: "B2.A1" })).image.dpi).toBe(768);
    const quarter = await service.render({ documentId: "doc-1", blockId: drawing.id, bbox: [0, 0, 0.5, 0.5] });
    expect(quarter.image.capped).toBe(true);
    expect(quarter.image.width * quarter.image.height).toBeLessThanOrEqual(12_000_000);
    // the capped DPI is recorded whole (evidence stores keep integers), never above the one used
    expect(Number.isInteger(quarter.image.dpi)).toBe(true);
    expect(quarter.image.dpi).toBeLessThan(768);
  });

  it("applies a bbox inside the block, then a sector inside that bbox", async () => {
    const { service } = await setup();
    const { image } = await service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC", bbox: [0, 0, 0.5, 0.5], sector: "C3" });
    [0.6, 0.6, 0.65, 0.65].forEach((v, i) => expect(image.bboxNorm[i]).toBeCloseTo(v, 3));
  });

  it("serves a repeated render from the cache and keeps one record per image", async () => {
    const { service, renderer } = await setup();
    const first = await service.render({ documentId: "doc-1", page: 1, bbox: [0.1, 0.1, 0.2, 0.2], dpi: 300 });
    const second = await service.render({ documentId: "doc-1", page: 1, bbox: [0.1, 0.1, 0.2, 0.2], dpi: 300 });
    expect(renderer.requests).toHaveLength(1);
    expect(second.image.id).toBe(first.image.id);
    const fetched = await service.getEvidenceImage(first.image.id);
    expect(fetched.image).toEqual(first.image);
    expect(Buffer.from(fetched.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it("keeps the whole-sheet overview within the pixel cap and says it was capped", async () => {
    const { service, renderer } = await setup();
    const { image } = await service.render({ documentId: "doc-1", page: 1 });
    expect(renderer.requests[0]?.dpi).toBe(MIN_AUTO_DPI);
    expect(image.width * image.height).toBeLessThanOrEqual(12_000_000);
    expect(image.capped).toBe(true);
  });

  it("renders the four quadrants of a page", async () => {
    const { service } = await setup();
    const quadrants = await service.renderQuadrants({ documentId: "doc-1", page: 1 });
    expect(quadrants.map((q) => q.image.kind)).toEqual(["quadrant", "quadrant", "quadrant", "quadrant"]);
    expect(quadrants.map((q) => q.image.bboxNorm)).toEqual([
      [0, 0, 0.5, 0.5],
      [0.5, 0, 1, 0.5],
      [0, 0.5, 0.5, 1],
      [0.5, 0.5, 1, 1],
    ]);
  });

  it("rejects missing targets, pages out of range, a block on another page and bad sectors", async () => {
    const { service } = await setup();
    await expect(service.render({ documentId: "doc-1" })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(service.render({ documentId: "doc-1", page: 3 })).rejects.toMatchObject({ code: "REGION.INVALID" });
    await expect(service.render({ documentId: "doc-1", blockId: "AAAA-BBBB-CCC", page: 1 })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(service.render({ documentId: "doc-1", blockId: "ZZZZ-ZZZZ-ZZZ" })).rejects.toMatchObject({ code: "BLOCK.NOT_FOUND" });
    await expect(service.render({ documentId: "nope", page: 1 })).rejects.toMatchObject({ code: "DOCUMENT.NOT_FOUND" });
    await expect(service.render({ documentId: "doc-1", page: 1, sector: "D4" })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(service.getEvidenceImage("../../etc/passwd")).rejects.toMatchObject({ code: "STORAGE.NOT_FOUND" });
  });

  it("does not show one owner's evidence image to another", async () => {
    const { service, store, blobs } = await setup();
    const { image } = await service.render({ documentId: "doc-1", page: 1, bbox: [0, 0, 0.1, 0.1] });
    const stranger = new EvidenceService({ ownerId: "other", store, blobs, renderer: sheets(), cache: new InMemoryRenderCache({ maxBytes: 1e6, ttlMs: 1e6 }) });
    await expect(stranger.getEvidenceImage(image.id)).rejects.toMatchObject({ code: "STORAGE.NOT_FOUND" });
  });
});

describe("chooseDpi", () => {
  it("rises monotonically as the region shrinks, between the floor and the ceiling", () => {
    const sizes = [1, 1 / 3, 1 / 9, 1 / 81].map((f) => chooseDpi(2384 * f, 1684 * f));
    expect(sizes[0]).toBe(MIN_AUTO_DPI);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThanOrEqual(sizes[i - 1]!);
    expect(sizes[1]).toBeGreaterThan(MIN_AUTO_DPI);
    expect(sizes[3]).toBe(MAX_AUTO_DPI);
  });

  it("rises to the legible floor, past the zoom ceiling, and keeps a higher zoom DPI", () => {
    expect(chooseDpi(2384 / 9, 1684 / 9, 768)).toBe(768);
    expect(chooseDpi(2384 / 81, 1684 / 81, 1152)).toBe(1152);
    expect(chooseDpi(2384 / 81, 1684 / 81, 231)).toBe(MAX_AUTO_DPI);
    expect(chooseDpi(0, 0, 384)).toBe(384);
  });
});
