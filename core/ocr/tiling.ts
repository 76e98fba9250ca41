import type { BBoxNorm } from "../domain/geometry.js";

export interface Tile {
  /** The tile's area in 0..1 of the page. */
  region: BBoxNorm;
  /** Size in pixels at the planned DPI. */
  width: number;
  height: number;
}

export interface TilePlan {
  /** Page size in points. */
  pageWidth: number;
  pageHeight: number;
  dpi: number;
  tilePixels: number;
  overlapPixels: number;
  maxTilePixels: number;
}

/** Split `length` pixels into the fewest spans of at most `side` that overlap by `overlap`, evenly spaced. */
function spans(length: number, side: number, overlap: number): Array<[number, number]> {
  if (length <= side) return [[0, length]];
  const count = Math.ceil((length - overlap) / (side - overlap));
  const span = (length + (count - 1) * overlap) / count;
  return Array.from({ length: count }, (_, i) => {
    const start = i * (span - overlap);
    return [start, i === count - 1 ? length : start + span] as [number, number];
  });
}

/**
 * Overlapping tiles covering the page at `dpi`. Tiles never exceed `tilePixels` on a side nor `maxTilePixels`
 * in area; the overlap is kept below half a tile so tiles always advance.
 */
export function planTiles(plan: TilePlan): Tile[] {
  const side = Math.max(64, Math.min(plan.tilePixels, Math.floor(Math.sqrt(plan.maxTilePixels))));
  const overlap = Math.min(plan.overlapPixels, Math.floor(side / 2) - 1);
  const scale = plan.dpi / 72;
  const width = plan.pageWidth * scale;
  const height = plan.pageHeight * scale;
  const tiles: Tile[] = [];
  for (const [y0, y1] of spans(height, side, overlap)) {
    for (const [x0, x1] of spans(width, side, overlap)) {
      tiles.push({
        region: [x0 / width, y0 / height, Math.min(1, x1 / width), Math.min(1, y1 / height)],
        width: Math.round(x1 - x0),
        height: Math.round(y1 - y0),
      });
    }
  }
  return tiles;
}
