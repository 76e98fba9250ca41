import { describe, expect, it } from "vitest";
import { levelCount, levelSize, tileGrid, tileRect, tileRegion } from "../domain/deep-zoom.js";
import type { DocumentRecord } from "../domain/document.js";
import { decodePng } from "../ports/testing/decode-png.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { InMemoryRenderCache } from "../ports/testing/in-memory-render-cache.js";
import { ScenePageRenderer } from "../ports/testing/scene-page-renderer.js";
import { PageTileService, TILE_MAX_DPI, TILE_MAX_SIDE_PX, exactDpi } from "./page-tile-service.js";

/** 20×14 in: 8000×5600 px at 400 DPI, so the deepest level is the page at exactly 400 DPI. */
const SHEET = { width: 1440, height: 1008 };
const A1 = { width: 2384, height: 1684 };
/** Longer than the full image may be at 400 DPI (the PDF limit is 14 400 pt). */
const BANNER = { width: 14_400, height: 700 };

async function setup() {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const sizes = [SHEET, A1, BANNER];
  // words straddling tile borders, so a tile that is cut or placed wrong shows different pixels
  const renderer = new ScenePageRenderer({
    pages: { 1: SHEET, 2: A1, 3: BANNER },
    words: [
      { text: "ОВ1", page: 1, bbox: [0.02, 0.03, 0.05, 0.06] },
      { text: "+4,950", page: 1, bbox: [0.5, 0.5, 0.53, 0.52] },
      { text: "А3-13", page: 1, bbox: [0.97, 0.95, 0.999, 0.999] },
    ],
  });
  const cache = new InMemoryRenderCache({ maxBytes: 50e6, ttlMs: 60_000 });
  const document: DocumentRecord = {
    id: "doc-1",
    ownerId: "alice",
    name: "АР.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/doc-1.pdf",
    sourceVersion: "v1",
    pageCount: 3,
    pages: sizes.map((size, index) => ({ number: index + 1, ...size, rotation: 0, needsOcr: false })),
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  const imported: DocumentRecord = { ...document, id: "doc-md", sourceKind: "document-md", sourceKey: "sources/doc-md.md", sourceVersion: "v2", pageCount: 1, pages: [{ number: 1, width: 0, height: 0, rotation: 0, needsOcr: false }] };
  await store.saveDocument(document, []);
  await store.saveDocument(imported, []);
  await blobs.put("sources/doc-1.pdf", new Uint8Array([0x25]));
  const tiles = (ownerId: string) => new PageTileService({ ownerId, store, blobs, renderer, cache });
  return { service: tiles("alice"), tiles, renderer };
}

describe("PageTileService", () => {
  it("describes a page as a Deep Zoom image at 400 DPI, in 256 px tiles sharing one pixel", async () => {
    const { service } = await setup();
    expect(await service.pageTiles("doc-1", 1)).toEqual({ dpi: TILE_MAX_DPI, image: { width: 8000, height: 5600, tileSize: 256, overlap: 1, format: "png" } });
    expect((await service.pageTiles("doc-1", 2)).image).toMatchObject({ width: 13244, height: 9356 });
  });

  it("lowers the DPI of a page too long for the full image's side limit", async () => {
    const { service } = await setup();
    const { dpi, image } = await service.pageTiles("doc-1", 3);
    expect(image.width).toBe(TILE_MAX_SIDE_PX);
    expect(dpi).toBeCloseTo((TILE_MAX_SIDE_PX * 72) / BANNER.width, 9);
    expect(image.height).toBe(Math.round((700 * dpi) / 72));
  });

  it("renders a tile of the deepest level as the same region rendered alone at 400 DPI, without the grid", async () => {
    const { service, renderer } = await setup();
    const { image } = await service.pageTiles("doc-1", 1);
    const deepest = levelCount(image) - 1;
    // the tile holding the word at the page's centre (4000, 2800 px), and the bottom-right edge tile
    for (const [column, row] of [
      [15, 10],
      [31, 21],
    ] as const) {
      const tile = await service.pageTile("doc-1", 1, deepest, column, row);
      const rect = tileRect(image, deepest, column, row);
      const alone = await renderer.render(new Uint8Array(), "v1", { page: 1, region: tileRegion(image, deepest, rect), dpi: 400, maxPixels: 1e7 });
      expect(renderer.requests.at(-2)).toMatchObject({ page: 1, dpi: 400, grid: false, format: "png" });
      const decoded = decodePng(tile.image.bytes);
      expect({ width: decoded.width, height: decoded.height }).toEqual({ width: rect.width, height: rect.height });
      expect(decoded.pixels).toEqual(decodePng(alone.bytes).pixels);
      // the words are really in these tiles: an empty tile would match anything
      expect(decoded.pixels.some((value) => value < 255)).toBe(true);
    }
    expect(tileRect(image, deepest, 31, 21)).toEqual({ x: 7935, y: 5375, width: 65, height: 225 });
  });

  it("renders every tile of a coarser level to its box at the level's DPI, and the level shows the whole page", async () => {
    const { service, renderer } = await setup();
    const { image } = await service.pageTiles("doc-1", 2);
    const level = levelCount(image) - 5;
    const { columns, rows } = tileGrid(image, level);
    expect({ columns, rows }).toEqual({ columns: 4, rows: 3 });
    for (let column = 0; column < columns; column++) {
      for (let row = 0; row < rows; row++) {
        const tile = await service.pageTile("doc-1", 2, level, column, row);
        const rect = tileRect(image, level, column, row);
        expect([tile.image.width, tile.image.height, tile.image.capped], `${column}_${row}`).toEqual([rect.width, rect.height, false]);
        expect(renderer.requests.at(-1)!.dpi).toBeCloseTo((72 * levelSize(image, level).width) / A1.width, 9);
      }
    }
    expect(renderer.requests.at(-1)!.region[2]).toBe(1);
    expect(renderer.requests.at(-1)!.region[3]).toBe(1);
  });

  it("serves a tile again from the render cache, with the same tag; another tile has another tag", async () => {
    const { service, renderer } = await setup();
    const first = await service.pageTile("doc-1", 1, 10, 1, 1);
    const renders = renderer.requests.length;
    const again = await service.pageTile("doc-1", 1, 10, 1, 1);
    expect(renderer.requests.length).toBe(renders);
    expect(again.image.bytes).toEqual(first.image.bytes);
    expect(again.tag).toBe(first.tag);
    expect((await service.pageTile("doc-1", 1, 10, 0, 1)).tag).not.toBe(first.tag);
    expect((await service.pageTile("doc-1", 1, 11, 1, 1)).tag).not.toBe(first.tag);
  });

  it("is the owner's only: another user's document is not found, as an id of nobody's", async () => {
    const { tiles } = await setup();
    expect(await errorCodeOf(tiles("bob").pageTiles("doc-1", 1))).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(tiles("bob").pageTile("doc-1", 1, 0, 0, 0))).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(tiles("alice").pageTiles("doc-none", 1))).toBe("DOCUMENT.NOT_FOUND");
  });

  it("refuses pages, levels and tiles outside the document, and pages with no PDF to show, before rendering anything", async () => {
    const { service, renderer } = await setup();
    for (const page of [0, 4, 1.5]) expect(await errorCodeOf(service.pageTiles("doc-1", page)), `page ${page}`).toBe("REGION.INVALID");
    expect(await errorCodeOf(service.pageTile("doc-1", 1, 14, 0, 0))).toBe("REGION.INVALID");
    expect(await errorCodeOf(service.pageTile("doc-1", 1, 13, 32, 0))).toBe("REGION.INVALID");
    expect(await errorCodeOf(service.pageTile("doc-1", 1, 13, 0, 22))).toBe("REGION.INVALID");
    expect(await errorCodeOf(service.pageTiles("doc-md", 1))).toBe("REGION.INVALID");
    expect(renderer.requests).toEqual([]);
  });
});

describe("exactDpi", () => {
  it("keeps every tile of real sheet sizes exactly its box, mostly at the level's own DPI; a level of one tile at most a pixel off", () => {
    // ISO A0–A4, the long A3×3, A4×5, A1×2 and A2×4 formats, both ways up, and a Letter page
    const sheets = [[3370, 2384], [2384, 1684], [1684, 1191], [1191, 842], [842, 595], [842, 1783], [595, 2106], [2384, 5053], [1191, 4768], [612, 792]].flatMap(([w, h]) => [[w!, h!], [h!, w!]]);
    let tiles = 0;
    let atLevelDpi = 0;
    for (const tileSize of [256, 512]) {
      for (const [widthPt, heightPt] of sheets) {
        const image = { width: Math.round((widthPt! * 400) / 72), height: Math.round((heightPt! * 400) / 72), tileSize, overlap: 1, format: "png" as const };
        for (let level = 0; level < levelCount(image); level++) {
          const { columns, rows } = tileGrid(image, level);
          const size = levelSize(image, level);
          const levelDpi = widthPt! >= heightPt! ? (72 * size.width) / widthPt! : (72 * size.height) / heightPt!;
          for (let column = 0; column < columns; column++) {
            for (let row = 0; row < rows; row++) {
              const rect = tileRect(image, level, column, row);
              const [x0, y0, x1, y1] = tileRegion(image, level, rect);
              const dpi = exactDpi((x1 - x0) * widthPt!, (y1 - y0) * heightPt!, rect.width, rect.height, levelDpi);
              // the renderer's rounding (PageRenderer contract): region size in pt × dpi / 72, to whole pixels
              const rendered = [Math.max(1, Math.round(((x1 - x0) * widthPt! * dpi) / 72)), Math.max(1, Math.round(((y1 - y0) * heightPt! * dpi) / 72))];
              const where = `${widthPt}×${heightPt} ${tileSize} ${level}/${column}_${row}`;
              if (columns * rows > 1) expect(rendered, where).toEqual([rect.width, rect.height]);
              else expect(Math.abs(rendered[0]! - rect.width) + Math.abs(rendered[1]! - rect.height), where).toBeLessThanOrEqual(1);
              tiles++;
              if (dpi === levelDpi) atLevelDpi++;
            }
          }
        }
      }
    }
    expect(atLevelDpi / tiles).toBeGreaterThan(0.99);
  });

  it("prefers the given DPI, then the middle of the range that renders the box exactly", () => {
    expect(exactDpi(72, 72, 100, 100, 100)).toBe(100);
    // 100 px wide needs 99.5..100.5 DPI, 50 px high 99..101: 100.2 fits both
    expect(exactDpi(72, 36, 100, 50, 100.2)).toBe(100.2);
    expect(exactDpi(72, 36, 100, 50, 90)).toBe(100);
    // no DPI gives 10×6 px from a 2:1 region: the region's longer side wins
    expect(exactDpi(7.2, 3.6, 10, 6, 1)).toBe(100);
    expect(exactDpi(3.6, 7.2, 6, 10, 1)).toBe(100);
  });
});
