import { type BBoxNorm, roundBBox } from "./geometry.js";

export interface RenderCacheKeyParts {
  /** sha256 of the source PDF bytes. */
  sourceVersion: string;
  page: number;
  region: BBoxNorm;
  dpi: number;
  grid: boolean;
  format: "png" | "jpeg" | "webp";
}

/**
 * The render cache key: source version + page + region + DPI + grid + format. Regions are rounded to 4 decimals
 * and DPI to 2, so the same region reached by different paths (a sector, or the equivalent bbox) shares one entry.
 * `grid-margin` names how the grid is drawn, so a persistent cache never serves an image whose grid was drawn over
 * the picture under the key of one framed by it.
 */
export function renderCacheKey(parts: RenderCacheKeyParts): string {
  const region = roundBBox(parts.region).join(",");
  const dpi = Math.round(parts.dpi * 100) / 100;
  return `${parts.sourceVersion}/p${parts.page}/${region}/${dpi}dpi/${parts.grid ? "grid-margin" : "plain"}.${parts.format}`;
}
