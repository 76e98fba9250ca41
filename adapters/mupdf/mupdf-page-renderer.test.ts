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

  it("draws the grid in the margin: red column letters above and below each third, row numbers beside, ticks at the borders", async () => {
    const request = { page: 2, region: [0, 0, 1, 1] as const, dpi: 150, maxPixels: 1e7 };
    const plain = await renderer.render(pdf, "v1", request);
    const framed = await renderer.render(pdf, "v1", { ...request, grid: true });
    const margin = framed.margin!;
    const grid = await pixels(framed.bytes);
    const [width, height] = [plain.width, plain.height];
    const inkIn = (x0: number, y0: number, x1: number, y1: number) => {
      let ink = 0;
      for (let y = Math.round(y0); y < y1; y++) for (let x = Math.round(x0); x < x1; x++) if (darkness(grid.at(x, y)) > 60) ink++;
      return ink;
    };
    // a label in the middle of each third of every side, none in the margin's stretch between two of them
    for (let third = 0; third < 3; third++) {
      const cx = margin + ((third + 0.5) * width) / 3;
      const cy = margin + ((third + 0.5) * height) / 3;
      expect(inkIn(cx - margin / 2, 0, cx + margin / 2, margin * 0.9), `column ${third} above`).toBeGreaterThan(20);
      expect(inkIn(cx - margin / 2, margin + height + margin * 0.1, cx + margin / 2, 2 * margin + height), `column ${third} below`).toBeGreaterThan(20);
      expect(inkIn(0, cy - margin / 2, margin * 0.9, cy + margin / 2), `row ${third} left`).toBeGreaterThan(20);
      expect(inkIn(margin + width + margin * 0.1, cy - margin / 2, 2 * margin + width, cy + margin / 2), `row ${third} right`).toBeGreaterThan(20);
      const between = margin + ((third + 0.25) * width) / 3;
      expect(inkIn(between - 4, 0, between + 4, margin * 0.5)).toBe(0);
    }
    // the marks are red; the content of the blank page is all paper
    const label = [...Array(margin).keys()].flatMap((y) => [...Array(margin).keys()].map((x) => grid.at(Math.round(margin + width / 6 - margin / 2) + x, y)));
    const reddest = label.reduce((a, b) => (b[0] - b[1] > a[0] - a[1] ? b : a));
    expect(reddest[0] - reddest[1]).toBeGreaterThan(100);
    expect(inkIn(margin, margin, margin + width, margin + height)).toBe(0);
    // a tick where the border between A and B meets the top margin
    expect(darkness(grid.at(Math.round(margin + width / 3), Math.round(margin * 0.8)))).toBeGreaterThan(60);
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
