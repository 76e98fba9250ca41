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
  /** Frame the region with the labelled 3×3 grid (A1…C3) in a margin around it; the region's pixels stay as rendered. */
  grid?: boolean;
  /**
   * With `grid`: the part of the region, in 0..1 of the region, whose thirds are the sectors (default the whole
   * region). A region grown to take in whole labels keeps the sectors of the region that was asked for, so the
   * sector a reader names on the image is the one the next zoom renders.
   */
  gridSectors?: BBoxNorm;
  /** Encoding wanted (default png); an adapter without it encodes PNG, and `mimeType` says which it used. */
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
  /**
   * Pixels of grid margin on each side (absent or 0 without the grid). The region is the content area that starts
   * `margin` pixels from the left and the top and is `width − 2·margin` × `height − 2·margin` pixels.
   */
  margin?: number;
}

export const PageRenderer = Symbol.for("aizoomdoc.PageRenderer");

/**
 * Rasterises a region of a PDF page.
 *
 * Contract:
 * - Only the requested region is rasterised (never the whole sheet at high DPI to crop it): the image's content
 *   area is the region's size at the DPI used (region width in pt × dpi / 72, rounded), and the result's `dpi` is
 *   that DPI. Without the grid the content area is the whole image.
 * - The output never exceeds `maxPixels`, margin included: the DPI is lowered to fit and `capped` says so.
 * - `mimeType` names the encoding of `bytes`: the requested `format` (PNG by default) when the adapter encodes it.
 * - `grid` adds a margin of `margin` > 0 pixels on every side, so the image grows by 2·margin each way, and draws
 *   the sector grid there: column letters A–C over and under the thirds of the width, row numbers 1–3 beside the
 *   thirds of the height, and ticks at the sector borders. Nothing is drawn over the content area: its pixels are
 *   exactly those of the same request without the grid, so a grid never hides a table row or a plan mark. The
 *   sectors are thirds of the content area (of `gridSectors` within it, when given), not of the image.
 * - The same request on the same source renders the same bytes. `sourceVersion` identifies the bytes, so an
 *   adapter may keep the parsed document open between calls.
 * - `renderGray`, when offered, returns the same region at the same size and DPI as one grey byte per pixel; it
 *   never draws the grid (it is for OCR), whatever `grid` says.
 * - Errors: `DOCUMENT.INVALID_FILE` (bytes that are no readable PDF; `DOCUMENT.ENCRYPTED` for a password),
 *   `REGION.INVALID` (a page out of range, a region not inside the page, a dpi or maxPixels not positive).
 */
export interface PageRenderer {
  render(pdf: Uint8Array, sourceVersion: string, request: RenderRequest): Promise<RenderedImage>;
  /** Raw grayscale pixels of a region, for OCR (no encoding cost). */
  renderGray?(pdf: Uint8Array, sourceVersion: string, request: RenderRequest): Promise<{ pixels: Uint8Array; width: number; height: number; dpi: number }>;
}
