import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageRenderer, RenderRequest, RenderedImage } from "../page-renderer.js";
import { decodePng } from "./decode-png.js";
import { errorCodeOf } from "./domain-error-of.js";

/**
 * A renderer and the one source the suite renders: page 1 is 600×400 pt with solid black ink over x 300–400,
 * y 100–200 pt (the region `INKED` of the page), page 2 is 600×400 pt and blank; there is no page 3.
 */
export interface PageRendererHarness {
  renderer: PageRenderer;
  pdf: Uint8Array;
  sourceVersion: string;
  close?(): void | Promise<void>;
}

export interface PageRendererCapabilities {
  /** Formats besides PNG the renderer encodes. */
  formats: Array<"jpeg" | "webp">;
  /** `renderGray` is implemented. */
  grayPixels: boolean;
  /** The renderer reads the PDF bytes (a fake that paints a scene ignores them, so it cannot refuse bad ones). */
  readsPdf: boolean;
}

/** Where page 1 of the harness source carries its ink, in 0..1 of the page. */
export const INKED = [300 / 600, 100 / 400, 400 / 600, 200 / 400] as const;

const MAGIC: Record<RenderedImage["mimeType"], (bytes: Uint8Array) => boolean> = {
  "image/png": (b) => Buffer.from(b.subarray(0, 8)).toString("hex") === "89504e470d0a1a0a",
  "image/jpeg": (b) => Buffer.from(b.subarray(0, 3)).toString("hex") === "ffd8ff",
  "image/webp": (b) => Buffer.from(b.subarray(0, 4)).toString("latin1") === "RIFF" && Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP",
};

/** Width and height a PNG's IHDR chunk declares. */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

/** The behaviour every `PageRenderer` adapter must show (core/ports/page-renderer.ts), the fakes included. */
export function describePageRendererContract(name: string, make: () => Promise<PageRendererHarness>, capabilities: PageRendererCapabilities): void {
  describe(`PageRenderer contract: ${name}`, () => {
    let harness: PageRendererHarness;
    const render = (request: RenderRequest) => harness.renderer.render(harness.pdf, harness.sourceVersion, request);

    beforeAll(async () => {
      harness = await make();
    });
    afterAll(async () => {
      await harness?.close?.();
    });

    it("rasterises only the requested region, at the requested DPI", async () => {
      // x 300–450, y 100–200 pt at 2 px/pt
      const image = await render({ page: 1, region: [0.5, 0.25, 0.75, 0.5], dpi: 144, maxPixels: 10_000_000 });
      expect(image).toMatchObject({ width: 300, height: 200, dpi: 144, capped: false, mimeType: "image/png" });
      expect(pngSize(image.bytes)).toEqual([300, 200]);
    });

    it("lowers the DPI to stay within the pixel cap, and says so", async () => {
      const whole = await render({ page: 1, region: [0, 0, 1, 1], dpi: 600, maxPixels: 100_000 });
      expect(whole.capped).toBe(true);
      expect(whole.width * whole.height).toBeLessThanOrEqual(100_000);
      expect(whole.dpi).toBeLessThan(600);
      expect(whole.width).toBe(Math.round((600 * whole.dpi) / 72));
      expect(pngSize(whole.bytes)).toEqual([whole.width, whole.height]);
      const corner = await render({ page: 2, region: [0, 0, 0.5, 0.5], dpi: 300, maxPixels: 5_000 });
      expect(corner.capped).toBe(true);
      expect(corner.width * corner.height).toBeLessThanOrEqual(5_000);
      // the grid's margin counts against the cap; the region keeps its size at the DPI used
      const framed = await render({ page: 1, region: [0, 0, 1, 1], dpi: 600, maxPixels: 100_000, grid: true });
      const margin = framed.margin ?? 0;
      expect(framed.capped).toBe(true);
      expect(framed.width * framed.height).toBeLessThanOrEqual(100_000);
      expect(framed.width - 2 * margin).toBe(Math.round((600 * framed.dpi) / 72));
      expect(framed.height - 2 * margin).toBe(Math.round((400 * framed.dpi) / 72));
    });

    it("names the bytes' encoding in mimeType: the requested format when it encodes that one, PNG by default", async () => {
      const region = [0.4, 0.2, 0.7, 0.6] as const;
      expect((await render({ page: 1, region, dpi: 36, maxPixels: 1e6 })).mimeType).toBe("image/png");
      for (const format of ["png", "jpeg", "webp"] as const) {
        const image = await render({ page: 1, region, dpi: 36, maxPixels: 1e6, format });
        expect(MAGIC[image.mimeType](image.bytes), `${format} bytes labelled ${image.mimeType}`).toBe(true);
        if (format === "png" || capabilities.formats.includes(format)) expect(image.mimeType).toBe(`image/${format}`);
      }
    });

    it("draws the grid in a margin around the region, whose pixels stay exactly those rendered without the grid", async () => {
      // x 240–420 pt, y 80–240 pt at 1 px/pt: the ink's left edge runs through the content, paper around it
      const request: RenderRequest = { page: 1, region: [0.4, 0.2, 0.7, 0.6], dpi: 72, maxPixels: 1e6 };
      const plain = await render(request);
      const framed = await render({ ...request, grid: true });
      expect(plain.margin ?? 0).toBe(0);
      const margin = framed.margin ?? 0;
      expect(margin).toBeGreaterThan(0);
      expect([framed.width, framed.height, framed.dpi]).toEqual([plain.width + 2 * margin, plain.height + 2 * margin, plain.dpi]);
      const [without, withGrid] = [decodePng(plain.bytes), decodePng(framed.bytes)];
      expect([without.width, without.height, withGrid.width, withGrid.height]).toEqual([180, 160, framed.width, framed.height]);
      expect(withGrid.channels).toBe(without.channels);
      const channels = without.channels;
      let differing = 0;
      let ink = 0;
      for (let y = 0; y < without.height; y++) {
        for (let x = 0; x < without.width * channels; x++) {
          const value = without.pixels[y * without.width * channels + x]!;
          if (value < 128) ink++;
          if (withGrid.pixels[((y + margin) * withGrid.width + margin) * channels + x] !== value) differing++;
        }
      }
      expect(ink, "the content has ink to compare").toBeGreaterThan(1000);
      expect(differing, "content pixels that differ with the grid").toBe(0);
      // the grid itself is drawn: its ticks and labels put ink in the margin above the content
      const top = withGrid.pixels.subarray(0, margin * withGrid.width * channels);
      expect(top.some((v) => v < 160)).toBe(true);
    });

    it("puts the sector ticks at the thirds of gridSectors when given, of the whole region otherwise", async () => {
      const request: RenderRequest = { page: 1, region: [0.4, 0.2, 0.7, 0.6], dpi: 72, maxPixels: 1e6, grid: true };
      /** The x of each run of ink in the margin's row just above the content, relative to the content's left edge. */
      const tickColumns = async (image: RenderedImage) => {
        const { pixels, width, channels } = decodePng(image.bytes);
        const margin = image.margin ?? 0;
        const row = (margin - 3) * width * channels;
        const centres: number[] = [];
        let start = -1;
        for (let x = 0; x <= width; x++) {
          const inked = x < width && Math.min(...pixels.subarray(row + x * channels, row + (x + 1) * channels)) < 160;
          if (inked && start < 0) start = x;
          if (!inked && start >= 0) centres.push((start + x - 1) / 2 - margin);
          if (!inked) start = -1;
        }
        return centres;
      };
      const near = (actual: number[], expected: number[]) => {
        expect(actual.length, JSON.stringify(actual)).toBe(expected.length);
        actual.forEach((x, i) => expect(Math.abs(x - expected[i]!), `tick ${i} at ${x}, not ${expected[i]}`).toBeLessThanOrEqual(2));
      };
      // 180 px of content: thirds of it, then thirds of its middle half
      near(await tickColumns(await render(request)), [0, 60, 120, 180]);
      const sectors = await render({ ...request, gridSectors: [0.25, 0, 0.75, 1] });
      expect(sectors.width).toBe(180 + 2 * (sectors.margin ?? 0));
      near(await tickColumns(sectors), [45, 75, 105, 135]);
    });

    it("renders the same bytes for the same request again", async () => {
      const request: RenderRequest = { page: 1, region: [0.25, 0.1, 0.9, 0.9], dpi: 50, maxPixels: 1e6, grid: true };
      const first = await render(request);
      const again = await render(request);
      expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      expect(again).toMatchObject({ width: first.width, height: first.height, dpi: first.dpi, capped: first.capped });
    });

    if (capabilities.grayPixels) {
      it("returns raw grey pixels of exactly the region, the same size as render's image", async () => {
        const gray = (request: RenderRequest) => harness.renderer.renderGray!(harness.pdf, harness.sourceVersion, request);
        // x 300–450 pt at 1 px/pt: ink in the left two thirds of the image, paper in the right third
        const half = await gray({ page: 1, region: [0.5, 0.25, 0.75, 0.5], dpi: 72, maxPixels: 1e7 });
        expect([half.width, half.height, half.pixels.length, half.dpi]).toEqual([150, 100, 15_000, 72]);
        expect(half.pixels[50 * 150 + 10]).toBeLessThan(50);
        expect(half.pixels[50 * 150 + 140]).toBeGreaterThan(200);
        const inkedOnly = await gray({ page: 1, region: INKED, dpi: 72, maxPixels: 1e7 });
        expect(Math.max(...inkedOnly.pixels.subarray(inkedOnly.width * 10, inkedOnly.width * 90))).toBeLessThan(50);
        // the top-left corner of page 1 has no ink, whatever lies elsewhere on the sheet
        const corner = await gray({ page: 1, region: [0, 0, 0.25, 0.25], dpi: 72, maxPixels: 1e7 });
        expect(Math.min(...corner.pixels)).toBeGreaterThan(200);
        const capped: RenderRequest = { page: 1, region: [0, 0, 1, 1], dpi: 600, maxPixels: 100_000 };
        const [grayCapped, image] = [await gray(capped), await render(capped)];
        expect([grayCapped.width, grayCapped.height, grayCapped.dpi]).toEqual([image.width, image.height, image.dpi]);
      });
    } else {
      it("leaves renderGray undefined when it offers no raw pixels", () => {
        expect(harness.renderer.renderGray).toBeUndefined();
      });
    }

    it("refuses pages outside the document, regions outside the page and a non-positive dpi or cap with REGION.INVALID", async () => {
      const base: RenderRequest = { page: 1, region: [0, 0, 1, 1], dpi: 72, maxPixels: 1e6 };
      const bad: Array<[string, RenderRequest]> = [
        ["page 3", { ...base, page: 3 }],
        ["page 0", { ...base, page: 0 }],
        ["page 1.5", { ...base, page: 1.5 }],
        ["a reversed region", { ...base, region: [0.5, 0, 0.2, 1] }],
        ["a region left of the page", { ...base, region: [-0.1, 0, 0.5, 0.5] }],
        ["a region below the page", { ...base, region: [0, 0, 1, 1.2] }],
        ["dpi 0", { ...base, dpi: 0 }],
        ["maxPixels 0", { ...base, maxPixels: 0 }],
      ];
      for (const [what, request] of bad) {
        expect(await errorCodeOf(() => render(request), `render of ${what}`), what).toBe("REGION.INVALID");
        const gray = harness.renderer.renderGray?.bind(harness.renderer);
        if (gray) expect(await errorCodeOf(() => gray(harness.pdf, harness.sourceVersion, request), `renderGray of ${what}`), what).toBe("REGION.INVALID");
      }
    });

    if (capabilities.readsPdf) {
      it("refuses bytes that are no PDF with DOCUMENT.INVALID_FILE", async () => {
        const html = new TextEncoder().encode("<html>not a drawing</html>");
        const request: RenderRequest = { page: 1, region: [0, 0, 1, 1], dpi: 72, maxPixels: 1e6 };
        expect(await errorCodeOf(() => harness.renderer.render(html, `${harness.sourceVersion}-html`, request))).toBe("DOCUMENT.INVALID_FILE");
        expect(await errorCodeOf(() => harness.renderer.render(harness.pdf.subarray(0, 40), `${harness.sourceVersion}-cut`, request))).toBe("DOCUMENT.INVALID_FILE");
      });
    }
  });
}
