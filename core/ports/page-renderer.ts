import type { BBoxNorm } from "../domain/geometry.js";

export interface RenderRequest {
  /** 1-based page number within the source PDF. */
  page: number;
  /** Region of the page in 0..1; only this region is rasterised. */
  region: BBoxNorm;
  /** Requested resolution; lowered to fit `maxPixels` (the result says so). */
  dpi: number;
  /** Cap on width×height of the output. */
  maxPixels: number;
  /** Draw the labelled 3×3 grid (A1…C3) over the image. */
  grid?: boolean;
  format?: "png" | "jpeg" | "webp";
}

export interface RenderedImage {
  bytes: Uint8Array;
  mimeType: "image/png" | "image/jpeg" | "image/webp";
  width: number;
  height: number;
  /** The DPI actually used. */
  dpi: number;
  capped: boolean;
}

export const PageRenderer = Symbol.for("aizoomdoc.PageRenderer");

/**
 * Rasterises a region of a PDF page.
 *
 * Contract: only the requested region is rasterised (never the whole sheet at high DPI to crop it);
 * the output never exceeds `maxPixels`; `sourceVersion` identifies the bytes so an adapter may keep
 * the parsed document open between calls. Errors: `DOCUMENT.INVALID_FILE`, `REGION.INVALID` (page out of range).
 */
export interface PageRenderer {
  render(pdf: Uint8Array, sourceVersion: string, request: RenderRequest): Promise<RenderedImage>;
  /** Raw grayscale pixels of a region, for OCR (no encoding cost). */
  renderGray?(pdf: Uint8Array, sourceVersion: string, request: RenderRequest): Promise<{ pixels: Uint8Array; width: number; height: number; dpi: number }>;
}
