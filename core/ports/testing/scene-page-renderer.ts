import { DomainError } from "../../domain/errors.js";
import { isValidBBox } from "../../domain/geometry.js";
import { encodeGrayPng } from "../../ocr/gray-png.js";
import type { PageRenderer, RenderRequest, RenderedImage } from "../page-renderer.js";
import { type GlyphScene, SCENE_INK, paintScene } from "./fake-text-recognizer.js";

/**
 * Verified fake of `PageRenderer` for OCR and evidence tests that paints a `GlyphScene` instead of a PDF (the `pdf`
 * bytes are ignored): the pixels carry which words are where, so `FakeTextRecognizer` can read them back. Always
 * encodes PNG; the grid is a white margin of `SCENE_MARGIN` pixels with ink ticks at the sector borders, without
 * labels. Records every request.
 */
export class ScenePageRenderer implements PageRenderer {
  readonly requests: RenderRequest[] = [];
  /** Extra ink painted over a page (dark strokes a drawing or a scan would add), in 0..1 boxes. */
  readonly ink = new Map<number, Array<[number, number, number, number]>>();
  /** Pages whose every pixel is random grey noise. */
  readonly noise = new Set<number>();

  constructor(readonly scene: GlyphScene) {}

  async render(_pdf: Uint8Array, _sourceVersion: string, request: RenderRequest): Promise<RenderedImage> {
    const margin = request.grid === true ? SCENE_MARGIN : 0;
    const { pixels, width, height, dpi } = this.paint(request, margin);
    const capped = dpi < request.dpi;
    if (margin === 0) return { bytes: encodeGrayPng(pixels, width, height), mimeType: "image/png", width, height, dpi, capped };
    const framed = frameWithTicks(pixels, width, height, margin, request.gridSectors);
    return { bytes: encodeGrayPng(framed, width + 2 * margin, height + 2 * margin), mimeType: "image/png", width: width + 2 * margin, height: height + 2 * margin, dpi, capped, margin };
  }

  async renderGray(_pdf: Uint8Array, _sourceVersion: string, request: RenderRequest) {
    return this.paint(request, 0);
  }

  /** The region's grey pixels at the DPI that keeps it, with `margin` pixels on each side, within the cap. */
  private paint(request: RenderRequest, margin: number) {
    this.requests.push(request);
    const size = this.scene.pages[request.page];
    if (!size) throw new DomainError("REGION.INVALID", `page ${request.page} is not in the scene`);
    if (!isValidBBox(request.region)) throw new DomainError("REGION.INVALID", `region ${JSON.stringify(request.region)} is not inside the page`);
    if (!(request.dpi > 0) || !(request.maxPixels > 0)) throw new DomainError("REGION.INVALID", "dpi and maxPixels must be positive");
    const [x0, y0, x1, y1] = request.region;
    // the pixel count paintScene will produce at `dpi`, rounding as it does
    const pixelsAt = (dpi: number) =>
      (Math.max(1, Math.round(((x1 - x0) * size.width * dpi) / 72)) + 2 * margin) * (Math.max(1, Math.round(((y1 - y0) * size.height * dpi) / 72)) + 2 * margin);
    let dpi = request.dpi;
    if (pixelsAt(dpi) > request.maxPixels) {
      dpi *= Math.sqrt(request.maxPixels / pixelsAt(dpi));
      while (pixelsAt(dpi) > request.maxPixels && dpi > 0.01) dpi *= 0.999;
    }
    const painted = paintScene(this.scene, request.page, request.region, dpi);
    for (const box of this.ink.get(request.page) ?? []) paintBox(painted, request.region, box);
    if (this.noise.has(request.page)) painted.pixels.forEach((_, i) => (painted.pixels[i] = (i * 2654435761) >>> 24));
    return { ...painted, dpi };
  }
}

/** Grid margin of the fake on each side, in pixels. */
export const SCENE_MARGIN = 6;

/** `pixels` inside a white margin with ink ticks where the borders of `sectors` (0..1 of them) meet it (the real grid's labels aside). */
function frameWithTicks(pixels: Uint8Array, width: number, height: number, margin: number, sectors: readonly number[] = [0, 0, 1, 1]): Uint8Array {
  const outer = width + 2 * margin;
  const framed = new Uint8Array(outer * (height + 2 * margin)).fill(255);
  for (let i = 0; i <= 3; i++) {
    const x = margin + Math.min(width - 1, Math.floor((sectors[0]! + (i * (sectors[2]! - sectors[0]!)) / 3) * width));
    const y = margin + Math.min(height - 1, Math.floor((sectors[1]! + (i * (sectors[3]! - sectors[1]!)) / 3) * height));
    for (let m = 0; m < margin; m++) {
      framed[m * outer + x] = SCENE_INK;
      framed[(margin + height + m) * outer + x] = SCENE_INK;
      framed[y * outer + m] = SCENE_INK;
      framed[y * outer + margin + width + m] = SCENE_INK;
    }
  }
  for (let row = 0; row < height; row++) framed.set(pixels.subarray(row * width, (row + 1) * width), (margin + row) * outer + margin);
  return framed;
}

/** Fill `box` (0..1 of the page) with word-less ink where it falls inside `region`. */
function paintBox(image: { pixels: Uint8Array; width: number; height: number }, region: readonly number[], box: readonly number[]): void {
  const sx = image.width / (region[2]! - region[0]!);
  const sy = image.height / (region[3]! - region[1]!);
  // a hairline is at least one pixel wide, as a rasteriser draws it
  const left = Math.max(0, Math.floor((box[0]! - region[0]!) * sx));
  const right = Math.min(image.width, Math.max(left + 1, Math.round((box[2]! - region[0]!) * sx)));
  const top = Math.max(0, Math.floor((box[1]! - region[1]!) * sy));
  const bottom = Math.min(image.height, Math.max(top + 1, Math.round((box[3]! - region[1]!) * sy)));
  if (box[2]! <= region[0]! || box[0]! >= region[2]! || box[3]! <= region[1]! || box[1]! >= region[3]!) return;
  for (let y = top; y < bottom; y++) if (right > left) image.pixels.fill(SCENE_INK, y * image.width + left, y * image.width + right);
}
