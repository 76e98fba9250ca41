/** Darker than this is ink (as in the graphics filter). */
const INK = 140;

/** A pixel box `[x0, y0, x1, y1)` in the tile. */
export type PixelBox = [number, number, number, number];

export interface UnreadCluster {
  box: PixelBox;
  /** Ink pixels in the cluster. */
  ink: number;
}

/** What counts as small text, in inches: an 11-pt axis letter is about 0.11 in tall, a 5-pt label 0.05 in. */
const MIN_HEIGHT = 0.02;
const MAX_HEIGHT = 0.2;
const MAX_WIDTH = 1.2;
/** Letters of one label are closer than this (inches); the gap between two labels is wider. */
const LETTER_GAP = 0.025;

/**
 * Clusters of glyph ink that no confident word explains: the tile's glyph image with the `read` boxes painted
 * white, its ink binned into cells of about 0.01 in, cells joined across letter gaps, and the joined shapes kept
 * when they are the size of one short line of small text (axis letters, level marks, 5-pt labels). Clusters
 * touching the tile's edge are left out: a neighbouring tile sees them whole. Linear in the tile's pixels.
 */
export function unreadClusters(pixels: Uint8Array, width: number, height: number, dpi: number, read: readonly PixelBox[]): UnreadCluster[] {
  const cell = Math.max(2, Math.round(dpi / 100));
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const cleared = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of read) {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) cleared.fill(1, y * width + Math.max(0, x0), y * width + Math.min(width, x1));
  }
  const inkOf = new Int32Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const row = ((y / cell) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (pixels[i]! < INK && !cleared[i]) inkOf[row + ((x / cell) | 0)]!++;
    }
  }
  // a cell is joined to inked cells up to the letter gap to its right (and one cell below), which bridges the
  // white between the letters of one label but not the wider gap to the next label
  const reach = Math.max(1, Math.round((dpi * LETTER_GAP) / cell));
  const label = new Int32Array(cols * rows).fill(-1);
  const clusters: Array<{ x0: number; y0: number; x1: number; y1: number; ink: number }> = [];
  const stack: number[] = [];
  for (let start = 0; start < inkOf.length; start++) {
    if (inkOf[start] === 0 || label[start]! >= 0) continue;
    const id = clusters.length;
    const c = { x0: cols, y0: rows, x1: -1, y1: -1, ink: 0 };
    clusters.push(c);
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const at = stack.pop()!;
      const cx = at % cols;
      const cy = (at - cx) / cols;
      c.ink += inkOf[at]!;
      c.x0 = Math.min(c.x0, cx);
      c.x1 = Math.max(c.x1, cx);
      c.y0 = Math.min(c.y0, cy);
      c.y1 = Math.max(c.y1, cy);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = cy + dy;
        if (ny < 0 || ny >= rows) continue;
        for (let dx = -reach; dx <= reach; dx++) {
          const nx = cx + dx;
          if (nx < 0 || nx >= cols) continue;
          const n = ny * cols + nx;
          if (inkOf[n] === 0 || label[n]! >= 0) continue;
          label[n] = id;
          stack.push(n);
        }
      }
    }
  }
  const minInk = Math.max(12, (dpi * MIN_HEIGHT) ** 2);
  return clusters
    .map((c): UnreadCluster => ({ box: [c.x0 * cell, c.y0 * cell, Math.min(width, (c.x1 + 1) * cell), Math.min(height, (c.y1 + 1) * cell)], ink: c.ink }))
    .filter(({ box: [x0, y0, x1, y1], ink }) => {
      const h = y1 - y0;
      const edge = x0 <= 0 || y0 <= 0 || x1 >= width || y1 >= height;
      return !edge && ink >= minInk && h >= dpi * MIN_HEIGHT && h <= dpi * MAX_HEIGHT && x1 - x0 <= dpi * MAX_WIDTH;
    });
}
