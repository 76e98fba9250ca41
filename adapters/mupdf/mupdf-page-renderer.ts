// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import * as mupdf from "mupdf";
import { LRUCache } from "lru-cache";
import { DomainError } from "../../core/domain/errors.js";
import { isValidBBox } from "../../core/domain/geometry.js";
import type { PageRenderer, RenderRequest, RenderedImage } from "../../core/ports/page-renderer.js";
import { MupdfConfig } from "./mupdf.config.js";
import { withMupdf } from "./mupdf-errors.js";
import { openPdf } from "./open-pdf.js";
import { frameWithGrid, gridMargin } from "./grid-overlay.js";
import { packedCopy } from "./packed-copy.js";

interface Raster {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 1 | 3;
  dpi: number;
  capped: boolean;
  /** Grid margin on each side, already included in `width` and `height`. */
  margin: number;
}

interface PageContent {
  list: mupdf.DisplayList;
  bounds: mupdf.Rect;
}

/**
 * PageRenderer over MuPDF: rasterises only the requested region (a pixmap the size of the region and a matrix
 * that moves the region to its origin), encodes with sharp. Open documents and page display lists are kept in
 * small LRUs keyed by source version, so zooming into one sheet again costs only the rasterisation.
 */
export class MupdfPageRenderer implements PageRenderer {
  private readonly config: MupdfConfig;
  private readonly documents: LRUCache<string, mupdf.PDFDocument>;
  private readonly pages: LRUCache<string, PageContent>;

  constructor(config: Partial<MupdfConfig> = {}) {
    this.config = MupdfConfig.parse(config);
    this.pages = new LRUCache<string, PageContent>({
      max: this.config.cachedPages,
      dispose: (content) => content.list.destroy(),
    });
    this.documents = new LRUCache<string, mupdf.PDFDocument>({
      max: this.config.openDocuments,
      dispose: (document, sourceVersion) => {
        for (const key of [...this.pages.keys()]) if (key.startsWith(`${sourceVersion}#`)) this.pages.delete(key);
        document.destroy();
      },
    });
  }

  async render(pdf: Uint8Array, sourceVersion: string, request: RenderRequest): Promise<RenderedImage> {
    const raster = this.rasterize(pdf, sourceVersion, request, mupdf.ColorSpace.DeviceRGB, request.grid === true);
    const format = request.format ?? "png";
    // loaded on the first render, not with the deployment: commands that never render (docs add, docs list) skip its 100 ms
    const { default: sharp } = await import("sharp");
    const image = sharp(raster.pixels, { raw: { width: raster.width, height: raster.height, channels: raster.channels } }).withMetadata({
      density: raster.dpi,
    });
    const bytes =
      format === "jpeg"
        ? await image.jpeg({ quality: 90 }).toBuffer()
        : format === "webp"
          ? await image.webp({ quality: 90 }).toBuffer()
          : await image.png({ compressionLevel: this.config.pngCompressionLevel }).toBuffer();
    return {
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      mimeType: `image/${format}`,
      width: raster.width,
      height: raster.height,
      dpi: raster.dpi,
      capped: raster.capped,
      ...(raster.margin > 0 ? { margin: raster.margin } : {}),
    };
  }

  async renderGray(pdf: Uint8Array, sourceVersion: string, request: RenderRequest) {
    const { pixels, width, height, dpi } = this.rasterize(pdf, sourceVersion, request, mupdf.ColorSpace.DeviceGray, false);
    return { pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height, dpi };
  }

  /** Release every open document and display list. */
  close(): void {
    this.documents.clear();
    this.pages.clear();
  }

  /** The region as packed pixels; `grid` (RGB only) frames it with the grid margin, counted in the pixel cap. */
  private rasterize(pdf: Uint8Array, sourceVersion: string, request: RenderRequest, colorSpace: mupdf.ColorSpace, grid: boolean): Raster {
    if (!isValidBBox(request.region)) throw new DomainError("REGION.INVALID", `region ${JSON.stringify(request.region)} is not inside the page`);
    if (!(request.dpi > 0) || !(request.maxPixels > 0)) throw new DomainError("REGION.INVALID", "dpi and maxPixels must be positive");
    const { list, bounds } = this.pageContent(pdf, sourceVersion, request.page);
    const pageWidth = bounds[2] - bounds[0];
    const pageHeight = bounds[3] - bounds[1];
    const [r0, r1, r2, r3] = request.region;
    const x0 = bounds[0] + r0 * pageWidth;
    const y0 = bounds[1] + r1 * pageHeight;
    const widthPt = (r2 - r0) * pageWidth;
    const heightPt = (r3 - r1) * pageHeight;
    const size = (dpi: number) => {
      const width = Math.max(1, Math.round((widthPt * dpi) / 72));
      const height = Math.max(1, Math.round((heightPt * dpi) / 72));
      const margin = grid ? gridMargin(width, height) : 0;
      return { width, height, margin, pixels: (width + 2 * margin) * (height + 2 * margin) };
    };
    let dpi = request.dpi;
    let { width, height, margin, pixels } = size(dpi);
    const capped = pixels > request.maxPixels;
    if (capped) {
      dpi = Math.floor(dpi * Math.sqrt(request.maxPixels / pixels) * 100) / 100;
      ({ width, height, margin, pixels } = size(dpi));
      while (pixels > request.maxPixels && dpi > 0.01) ({ width, height, margin, pixels } = size((dpi = Math.round((dpi - 0.01) * 100) / 100)));
    }
    const scale = dpi / 72;
    const matrix = mupdf.Matrix.concat(mupdf.Matrix.scale(scale, scale), mupdf.Matrix.translate(-x0 * scale, -y0 * scale));
    return withMupdf(`rendering page ${request.page} failed`, "RENDER.FAILED", () => {
      const pixmap = new mupdf.Pixmap(colorSpace, [0, 0, width, height], false);
      try {
        pixmap.clear(255);
        const device = new mupdf.DrawDevice(matrix, pixmap);
        try {
          list.run(device, mupdf.Matrix.identity);
        } finally {
          device.close();
          device.destroy();
        }
        pixmap.setResolution(Math.round(dpi), Math.round(dpi));
        const channels = colorSpace === mupdf.ColorSpace.DeviceGray ? 1 : 3;
        const content = packedCopy(pixmap, width, height, channels);
        if (margin === 0) return { pixels: content, width, height, channels, dpi, capped, margin };
        // the grid goes around the content, never over it (a red line through a table row hides the row)
        return { pixels: frameWithGrid(content, width, height, margin, request.gridSectors), width: width + 2 * margin, height: height + 2 * margin, channels, dpi, capped, margin };
      } finally {
        pixmap.destroy();
      }
    });
  }

  private pageContent(pdf: Uint8Array, sourceVersion: string, pageNumber: number): PageContent {
    const key = `${sourceVersion}#${pageNumber}`;
    const cached = this.pages.get(key);
    if (cached) return cached;
    let document = this.documents.get(sourceVersion);
    if (!document) {
      document = openPdf(pdf);
      if (document.needsPassword()) {
        document.destroy();
        throw new DomainError("DOCUMENT.ENCRYPTED", "the PDF is encrypted with a password");
      }
      this.documents.set(sourceVersion, document);
    }
    const open = document;
    const count = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => open.countPages());
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > count) {
      throw new DomainError("REGION.INVALID", `page ${pageNumber} is outside the document (1…${count})`);
    }
    const content = withMupdf(`page ${pageNumber} could not be read`, "DOCUMENT.INVALID_FILE", () => {
      const page = open.loadPage(pageNumber - 1);
      try {
        return { list: page.toDisplayList(true), bounds: page.getBounds() };
      } finally {
        page.destroy();
      }
    });
    this.pages.set(key, content);
    return content;
  }
}
