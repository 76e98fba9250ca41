import type { BBoxNorm } from "../domain/geometry.js";

/** A low-resolution grey rendering of a whole page. */
export interface Survey {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** Darker than this counts as ink (anti-aliased thin lines at survey resolution are light grey). */
const INK = 200;

/**
 * For each region, whether it holds ink that the `explained` boxes (text-layer text and tables) do not cover:
 * the places where the page shows something its text layer does not say.
 */
export function unexplainedInk(survey: Survey, regions: readonly BBoxNorm[], explained: readonly BBoxNorm[], minPixels = 3): boolean[] {
  const { pixels, width, height } = survey;
  const covered = new Uint8Array(width * height);
  for (const box of explained) {
    // one pixel of margin: anti-aliased glyph edges spill just outside the text layer's boxes
    const [x0, y0, x1, y1] = pixelBox(box, width, height, 1);
    for (let y = y0; y < y1; y++) covered.fill(1, y * width + x0, y * width + x1);
  }
  return regions.map((region) => {
    const [x0, y0, x1, y1] = pixelBox(region, width, height);
    let ink = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * width + x;
        if (pixels[i]! < INK && covered[i] === 0 && ++ink >= minPixels) return true;
      }
    }
    return false;
  });
}

function pixelBox(box: BBoxNorm, width: number, height: number, margin = 0): [number, number, number, number] {
  return [
    Math.max(0, Math.floor(box[0] * width) - margin),
    Math.max(0, Math.floor(box[1] * height) - margin),
    Math.min(width, Math.ceil(box[2] * width) + margin),
    Math.min(height, Math.ceil(box[3] * height) + margin),
  ];
}
