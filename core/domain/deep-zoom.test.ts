import { describe, expect, it } from "vitest";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { type DeepZoomImage, deepZoomXml, levelCount, levelSize, tileGrid, tileRect, tileRegion } from "./deep-zoom.js";

/** An A1 sheet at 400 DPI, tiled as the tile route does. */
const sheet: DeepZoomImage = { width: 13244, height: 9356, tileSize: 256, overlap: 1, format: "png" };

describe("Deep Zoom pyramid", () => {
  it("has ceil(log2(max side)) + 1 levels, from 1×1 to the full size", () => {
    expect(levelCount(sheet)).toBe(15);
    expect(levelCount({ width: 256, height: 100 })).toBe(9);
    expect(levelCount({ width: 257, height: 100 })).toBe(10);
    expect(levelCount({ width: 1, height: 1 })).toBe(1);
    expect(levelSize(sheet, 14)).toEqual({ width: 13244, height: 9356 });
    expect(levelSize(sheet, 0)).toEqual({ width: 1, height: 1 });
  });

  it("halves each level, rounding up, as the DZI spec and its viewers do", () => {
    expect(levelSize(sheet, 13)).toEqual({ width: 6622, height: 4678 });
    expect(levelSize(sheet, 12)).toEqual({ width: 3311, height: 2339 });
    expect(levelSize(sheet, 11)).toEqual({ width: Math.ceil(13244 / 8), height: Math.ceil(9356 / 8) });
    expect(tileGrid(sheet, 14)).toEqual({ columns: Math.ceil(13244 / 256), rows: Math.ceil(9356 / 256) });
    expect(tileGrid(sheet, 8)).toEqual({ columns: 1, rows: 1 });
  });

  it("adds the overlap on the sides that have a neighbour and makes edge tiles smaller", () => {
    expect(tileRect(sheet, 14, 0, 0)).toEqual({ x: 0, y: 0, width: 257, height: 257 });
    expect(tileRect(sheet, 14, 1, 2)).toEqual({ x: 255, y: 511, width: 258, height: 258 });
    // the last column starts at 51·256 and ends at the image's edge, with the overlap on its left only
    expect(tileRect(sheet, 14, 51, 36)).toEqual({ x: 51 * 256 - 1, y: 36 * 256 - 1, width: 13244 - 51 * 256 + 1, height: 9356 - 36 * 256 + 1 });
    const noOverlap = { ...sheet, overlap: 0 };
    expect(tileRect(noOverlap, 14, 1, 1)).toEqual({ x: 256, y: 256, width: 256, height: 256 });
    expect(tileRect(noOverlap, 14, 51, 36)).toEqual({ x: 13056, y: 9216, width: 188, height: 140 });
    // a level smaller than a tile is one tile of its whole size
    expect(tileRect(sheet, 8, 0, 0)).toEqual({ x: 0, y: 0, width: 207, height: 147 });
  });

  it("covers every level exactly: tiles without their overlap tile the level with no gap and no double pixel", () => {
    for (let level = 0; level < levelCount(sheet); level++) {
      const { columns, rows } = tileGrid(sheet, level);
      let width = 0;
      for (let column = 0; column < columns; column++) width += tileRect({ ...sheet, overlap: 0 }, level, column, 0).width;
      let height = 0;
      for (let row = 0; row < rows; row++) height += tileRect({ ...sheet, overlap: 0 }, level, 0, row).height;
      expect({ width, height }).toEqual(levelSize(sheet, level));
    }
  });

  it("maps a tile to its part of the page in 0..1", () => {
    expect(tileRegion(sheet, 8, tileRect(sheet, 8, 0, 0))).toEqual([0, 0, 1, 1]);
    const [x0, y0, x1, y1] = tileRegion(sheet, 14, tileRect(sheet, 14, 1, 2));
    expect(x0).toBeCloseTo(255 / 13244, 12);
    expect(y0).toBeCloseTo(511 / 9356, 12);
    expect(x1).toBeCloseTo(513 / 13244, 12);
    expect(y1).toBeCloseTo(769 / 9356, 12);
    expect(tileRegion(sheet, 14, tileRect(sheet, 14, 51, 36)).slice(2)).toEqual([1, 1]);
  });

  it("refuses levels and tiles outside the pyramid", async () => {
    for (const [level, column, row] of [
      [15, 0, 0],
      [-1, 0, 0],
      [1.5, 0, 0],
      [14, 52, 0],
      [14, 0, 37],
      [8, 1, 0],
      [14, -1, 0],
    ] as const) {
      expect(await errorCodeOf(() => tileRect(sheet, level, column, row)), `${level}/${column}_${row}`).toBe("REGION.INVALID");
    }
  });

  it("writes the DZI descriptor viewers read", () => {
    expect(deepZoomXml(sheet)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" Overlap="1" TileSize="256">\n  <Size Width="13244" Height="9356"/>\n</Image>\n',
    );
  });
});
