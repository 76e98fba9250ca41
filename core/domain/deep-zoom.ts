import { DomainError } from "./errors.js";
import type { BBoxNorm } from "./geometry.js";

/** A Deep Zoom (DZI) image: the full-resolution size and how its levels are cut into tiles. */
export interface DeepZoomImage {
  /** Full-resolution size in pixels (the deepest level). */
  width: number;
  height: number;
  /** Side of a tile in pixels, overlap excluded. */
  tileSize: number;
  /** Pixels a tile shares with each neighbour, on each side that has one. */
  overlap: number;
  format: "png";
}

/** A tile's box in the pixels of its level, overlap included. */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Levels of the pyramid, 0 (1×1 px) to the full size: ceil(log2(max(w, h))) + 1. */
export function levelCount(image: Pick<DeepZoomImage, "width" | "height">): number {
  return Math.ceil(Math.log2(Math.max(image.width, image.height))) + 1;
}

/** The size of a level: the full size scaled by 2^(level − maxLevel), rounded up, as the DZI spec and viewers do. */
export function levelSize(image: DeepZoomImage, level: number): { width: number; height: number } {
  const scale = 2 ** (level - (levelCount(image) - 1));
  return { width: Math.ceil(image.width * scale), height: Math.ceil(image.height * scale) };
}

/** Columns and rows of tiles at a level. */
export function tileGrid(image: DeepZoomImage, level: number): { columns: number; rows: number } {
  const { width, height } = levelSize(image, level);
  return { columns: Math.ceil(width / image.tileSize), rows: Math.ceil(height / image.tileSize) };
}

/**
 * The box of tile (`column`, `row`) at `level` in that level's pixels: `tileSize` pixels, plus `overlap` on each side
 * that has a neighbour, and smaller at the right and bottom edges. `REGION.INVALID` for a level or tile outside the
 * pyramid.
 */
export function tileRect(image: DeepZoomImage, level: number, column: number, row: number): TileRect {
  const levels = levelCount(image);
  if (!Number.isInteger(level) || level < 0 || level >= levels) throw new DomainError("REGION.INVALID", `level ${level} is outside the pyramid (0…${levels - 1})`);
  const { columns, rows } = tileGrid(image, level);
  if (!Number.isInteger(column) || !Number.isInteger(row) || column < 0 || row < 0 || column >= columns || row >= rows) {
    throw new DomainError("REGION.INVALID", `tile ${column}_${row} is outside level ${level} (${columns}×${rows} tiles)`);
  }
  const size = levelSize(image, level);
  const span = (index: number, extent: number) => {
    const start = Math.max(0, index * image.tileSize - image.overlap);
    const end = Math.min(extent, (index + 1) * image.tileSize + image.overlap);
    return [start, end - start] as const;
  };
  const [x, width] = span(column, size.width);
  const [y, height] = span(row, size.height);
  return { x, y, width, height };
}

/** The part of the whole image (0..1, y down) that a tile box of `level` shows. */
export function tileRegion(image: DeepZoomImage, level: number, rect: TileRect): BBoxNorm {
  const { width, height } = levelSize(image, level);
  return [rect.x / width, rect.y / height, (rect.x + rect.width) / width, (rect.y + rect.height) / height];
}

/** The DZI descriptor (XML) OpenSeadragon and other deep-zoom viewers read. */
export function deepZoomXml(image: DeepZoomImage): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="${image.format}" Overlap="${image.overlap}" TileSize="${image.tileSize}">`,
    `  <Size Width="${image.width}" Height="${image.height}"/>`,
    "</Image>",
    "",
  ].join("\n");
}
