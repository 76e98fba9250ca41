/** Darker than this is ink. */
const INK = 140;

export interface FilteredTile {
  /** A copy of the tile with drawing strokes painted white. */
  pixels: Uint8Array;
  /** Ink pixels left: glyph-like shapes. */
  inkLeft: number;
}

/**
 * Keep only glyph-like ink (on white): connected shapes larger than about half an inch that are thin (rules, dimension and
 * leader lines) or sparse (hatching, frames, grids), and shapes over a fifth of an inch that are almost empty
 * (circles around axis labels, arcs), are painted white. Tesseract's layout analysis gives up on
 * tiles where such graphics dominate and then misses the text right beside them; glyphs, and words whose
 * letters touch, are small or dense and stay.
 */
export function eraseGraphics(pixels: Uint8Array, width: number, height: number, dpi: number): FilteredTile {
  const maxGlyph = dpi * 0.5;
  const midGlyph = dpi * 0.2;
  const thin = Math.max(2, dpi * 0.04);
  const labels = new Int32Array(width * height).fill(-1);
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // first pass: provisional labels with 8-connectivity
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (pixels[i]! >= INK) continue;
      let label = -1;
      const neighbours = [x > 0 ? i - 1 : -1, y > 0 && x > 0 ? i - width - 1 : -1, y > 0 ? i - width : -1, y > 0 && x < width - 1 ? i - width + 1 : -1];
      for (const n of neighbours) {
        if (n < 0 || labels[n]! < 0) continue;
        if (label < 0) label = labels[n]!;
        else join(label, labels[n]!);
      }
      if (label < 0) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  // second pass: extent and ink of each shape
  const count = parent.length;
  const minX = new Int32Array(count).fill(width);
  const minY = new Int32Array(count).fill(height);
  const maxX = new Int32Array(count).fill(-1);
  const maxY = new Int32Array(count).fill(-1);
  const ink = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0) continue;
    const root = (labels[i] = find(labels[i]!));
    const x = i % width;
    const y = (i - x) / width;
    if (x < minX[root]!) minX[root] = x;
    if (x > maxX[root]!) maxX[root] = x;
    if (y < minY[root]!) minY[root] = y;
    if (y > maxY[root]!) maxY[root] = y;
    ink[root]!++;
  }
  const graphic = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    if (maxX[r]! < 0) continue;
    const w = maxX[r]! - minX[r]! + 1;
    const h = maxY[r]! - minY[r]! + 1;
    const side = Math.max(w, h);
    const density = ink[r]! / (w * h);
    // long and thin or sparse: rules, frames, hatching; mid-sized and very sparse: axis bubbles, door swings
    if ((side > maxGlyph && (Math.min(w, h) <= thin || density < 0.25)) || (side > midGlyph && density < 0.12)) graphic[r] = 1;
  }
  // only glyph ink survives: light strokes (hairline hatching) and the anti-aliased halo of erased shapes would
  // otherwise come back as lines when the engine binarises the tile
  const out = new Uint8Array(pixels.length).fill(255);
  let inkLeft = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0 || graphic[labels[i]!]) continue;
    out[i] = pixels[i]!;
    inkLeft++;
  }
  return { pixels: out, inkLeft };
}
