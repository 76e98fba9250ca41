import { type BBoxNorm, roundBBox } from "./geometry.js";

export interface RenderCacheKeyParts {
  /** sha256 of the source PDF bytes. */
  sourceVersion: string;
  page: number;
  region: BBoxNorm;
  dpi: number;
  grid: boolean;
  /** The part of the region the grid's sectors divide (0..1 of the region), when not all of it. */
  gridSectors?: BBoxNorm;
  format: "png" | "jpeg" | "webp";
}

/**
 * The render cache key: source version + page + region + DPI + grid + format. Regions are rounded to 4 decimals
 * and DPI to 2, so the same region reached by different paths (a sector, or the equivalent bbox) shares one entry.
 * `grid-margin` names how the grid is drawn, so a persistent cache never serves an image whose grid was drawn over
 * the picture under the key of one framed by it; sectors that divide part of the region are named after it.
 */
export function renderCacheKey(parts: RenderCacheKeyParts): string {
  const region = roundBBox(parts.region).join(",");
  const dpi = Math.round(parts.dpi * 100) / 100;
  const grid = parts.grid ? `grid-margin${parts.gridSectors ? `@${roundBBox(parts.gridSectors).join(",")}` : ""}` : "plain";
  return `${parts.sourceVersion}/p${parts.page}/${region}/${dpi}dpi/${grid}.${parts.format}`;
}
