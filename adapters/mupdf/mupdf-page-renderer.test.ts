import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { describePageRendererContract } from "../../core/ports/testing/page-renderer.contract.js";
import { MupdfPageRenderer } from "./mupdf-page-renderer.js";
import { SamplePdf } from "./testing/sample-pdf.js";

/** 600×400 pt page with a solid black square at x 300–400, y 100–200 pt, and a blank page: the contract's source. */
const pdf = new SamplePdf()
  .page(600, 400, (p) => {
    for (let y = 100; y < 200; y += 1) p.line(300, y + 0.5, 400, y + 0.5, 1.2);
  })
  .page(600, 400, () => undefined)
  .bytes();

describePageRendererContract(
  "MupdfPageRenderer",
  async () => {
    const renderer = new MupdfPageRenderer();
    return { renderer, pdf, sourceVersion: "v1", close: () => renderer.close() };
  },
  { formats: ["jpeg", "webp"], grayPixels: true, readsPdf: true },
);

async function pixels(png: Uint8Array) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!] as const;
  };
  return { info, at };
}

const darkness = (rgb: readonly number[]) => 255 - (rgb[0]! + rgb[1]! + rgb[2]!) / 3;

describe("MupdfPageRenderer", () => {
  const renderer = new MupdfPageRenderer();

  it("encodes the region's own content: the square fills the left two thirds of the decoded PNG", async () => {
    const image = await renderer.render(pdf, "v1", { page: 1, region: [0.5, 0.25, 0.75, 0.5], dpi: 144, maxPixels: 10_000_000 });
    const { info, at } = await pixels(image.bytes);
    expect([info.width, info.height]).toEqual([300, 200]);
    // the square covers the left two thirds of this region (x 300–400 of 300–450 pt)
    expect(darkness(at(20, 100))).toBeGreaterThan(200);
    expect(darkness(at(180, 100))).toBeGreaterThan(200);
    expect(darkness(at(250, 100))).toBeLessThan(10);
  });

  it("draws the A1…C3 grid with readable labels in each sector's top-left corner", async () => {
    const plain = await pixels((await renderer.render(pdf, "v1", { page: 2, region: [0, 0, 1, 1], dpi: 150, maxPixels: 1e7 })).bytes);
    const grid = await pixels((await renderer.render(pdf, "v1", { page: 2, region: [0, 0, 1, 1], dpi: 150, maxPixels: 1e7, grid: true })).bytes);
    const { width, height } = grid.info;
    const inkIn = (image: typeof grid, x0: number, y0: number, x1: number, y1: number) => {
      let ink = 0;
      for (let y = Math.round(y0); y < y1; y += 2) for (let x = Math.round(x0); x < x1; x += 2) if (darkness(image.at(x, y)) > 60) ink++;
      return ink;
    };
    const size = Math.max(14, Math.min(width, height) / 20);
    for (const [col, row] of [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
    ]) {
      const x0 = (col! * width) / 3 + 4;
      const y0 = (row! * height) / 3 + 4;
      expect(inkIn(grid, x0, y0, x0 + size * 1.6, y0 + size * 1.4)).toBeGreaterThan(20);
      expect(inkIn(plain, x0, y0, x0 + size * 1.6, y0 + size * 1.4)).toBe(0);
    }
    // labels are red-on-white: the label's ink is coloured, not black
    const [r, g] = grid.at(Math.round(size * 0.55), Math.round(size * 0.9));
    expect(r).toBeGreaterThan(g);
    // grid lines at one third of the width
    expect(darkness(grid.at(Math.round(width / 3), Math.round(height / 2)))).toBeGreaterThan(60);
  });

  it("keeps the document open per source version", async () => {
    const fresh = new MupdfPageRenderer({ openDocuments: 1 });
    await fresh.render(pdf, "v1", { page: 1, region: [0, 0, 0.1, 0.1], dpi: 72, maxPixels: 1e6 });
    // the same version is served from the open document, whatever bytes come along
    const again = await fresh.render(new Uint8Array(0), "v1", { page: 1, region: [0, 0, 0.2, 0.2], dpi: 72, maxPixels: 1e6 });
    expect(again.width).toBe(120);
    await expect(fresh.render(new Uint8Array(0), "v2", { page: 1, region: [0, 0, 1, 1], dpi: 72, maxPixels: 1e6 })).rejects.toMatchObject({
      code: "DOCUMENT.INVALID_FILE",
    });
    fresh.close();
  });

  it("names the document's page range when a page is outside it", async () => {
    await expect(renderer.render(pdf, "v1", { page: 3, region: [0, 0, 1, 1], dpi: 72, maxPixels: 1e6 })).rejects.toMatchObject({
      code: "REGION.INVALID",
      message: "page 3 is outside the document (1…2)",
    });
  });
});
