import { describe, expect, it } from "vitest";
import { planTiles } from "./tiling.js";

const A1 = { pageWidth: 2384, pageHeight: 1684 };

describe("planTiles", () => {
  it("covers an A1 sheet at 300 DPI with overlapping tiles no larger than the tile side", () => {
    const tiles = planTiles({ ...A1, dpi: 300, tilePixels: 2400, overlapPixels: 160, maxTilePixels: 9_000_000 });
    const width = (2384 * 300) / 72;
    const height = (1684 * 300) / 72;
    expect(tiles).toHaveLength(5 * 4);
    for (const t of tiles) {
      expect(t.width).toBeLessThanOrEqual(2400);
      expect(t.height).toBeLessThanOrEqual(2400);
    }
    const xs = [...new Set(tiles.map((t) => t.region[0]))].sort((a, b) => a - b);
    expect(xs[0]).toBe(0);
    expect(Math.max(...tiles.map((t) => t.region[2]))).toBe(1);
    expect(Math.max(...tiles.map((t) => t.region[3]))).toBe(1);
    // neighbours overlap by the requested pixels
    const first = tiles[0]!;
    const right = tiles[1]!;
    expect(Math.round((first.region[2] - right.region[0]) * width)).toBe(160);
    const below = tiles[5]!;
    expect(Math.round((first.region[3] - below.region[1]) * height)).toBe(160);
  });

  it("keeps every tile under the pixel cap even when the tile side asks for more", () => {
    const tiles = planTiles({ ...A1, dpi: 300, tilePixels: 8000, overlapPixels: 100, maxTilePixels: 4_000_000 });
    for (const t of tiles) expect(t.width * t.height).toBeLessThanOrEqual(4_000_000);
  });

  it("uses one tile for a page smaller than a tile", () => {
    const tiles = planTiles({ pageWidth: 200, pageHeight: 100, dpi: 300, tilePixels: 2400, overlapPixels: 160, maxTilePixels: 9_000_000 });
    expect(tiles).toEqual([{ region: [0, 0, 1, 1], width: 833, height: 417 }]);
  });
});
