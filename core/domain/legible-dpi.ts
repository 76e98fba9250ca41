import type { Block } from "./block.js";
import type { EvidenceKind } from "./evidence.js";

/**
 * Pixels per em at which the smallest text of an image is rendered. Tesseract's own guidance is that accuracy
 * "drops off below 10pt × 300 dpi, rapidly below 8pt × 300 dpi": 8 pt at 300 DPI is 33 px per em, an x-height of
 * about 16 px, well above the 10 px under which little is read at all. 32 px per em keeps the smallest label at
 * that edge for OCR (strokes about 3 px wide), and a vision model that scales the image down by half still sees
 * 16 px per em. Much more only spends the pixel cap on area the question did not ask about.
 */
export const LEGIBLE_PIXELS_PER_EM = 32;

/** Highest DPI a render may ask for; the pixel cap bounds the image long before it on any real region. */
export const MAX_RENDER_DPI = 2400;

/** The DPI at which text of `textSizePt` points is `LEGIBLE_PIXELS_PER_EM` pixels per em, at most `MAX_RENDER_DPI`. */
export function legibleDpi(textSizePt: number): number {
  return Math.min(MAX_RENDER_DPI, Math.ceil((LEGIBLE_PIXELS_PER_EM * 72) / textSizePt));
}

/**
 * The lowest DPI an image of `block` may get so its smallest text (`meta.textSize`, points, recorded by the
 * parser) is legible; undefined when nothing needs reading at a known size. A zoomed region (ROI) of a drawing is
 * asked for to be read, and so is a TEXT or TABLE block in any image; a drawing's overview and quadrants are for
 * finding where to zoom, and rendering them at the smallest label's DPI would only fill the pixel cap four times.
 */
export function legibleDpiFloor(block: Pick<Block, "kind" | "meta"> | undefined, kind: EvidenceKind): number | undefined {
  const size = block?.meta?.textSize;
  if (typeof size !== "number" || !(size > 0)) return undefined;
  if (block!.kind === "IMAGE" && kind !== "roi") return undefined;
  return legibleDpi(size);
}
