import { describe, expect, it } from "vitest";
import { quadrantsOf } from "./quadrants.js";
import { renderCacheKey } from "./render-cache-key.js";
import { sectorPathBBox } from "./sector.js";

const base = { sourceVersion: "abc", page: 2, region: [0.1, 0.2, 0.3, 0.4] as const, dpi: 300, grid: false, format: "png" as const };

describe("renderCacheKey", () => {
  it("is the same for the same region reached by a sector path or by its rounded bbox", () => {
    const viaSector = renderCacheKey({ ...base, region: sectorPathBBox("B2") });
    const viaBBox = renderCacheKey({ ...base, region: [0.33333, 0.33333, 0.66667, 0.66667] });
    expect(viaSector).toBe(viaBBox);
  });

  it("differs in every part that changes the image", () => {
    const key = renderCacheKey(base);
    const variants = [
      { sourceVersion: "abd" },
      { page: 3 },
      { region: [0.1, 0.2, 0.3, 0.41] as const },
      { dpi: 301 },
      { grid: true },
      { format: "jpeg" as const },
    ].map((change) => renderCacheKey({ ...base, ...change }));
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });
});

describe("quadrantsOf", () => {
  it("splits a region into four nested halves, top row first", () => {
    expect(quadrantsOf([0.2, 0.2, 0.6, 0.4])).toEqual([
      [0.2, 0.2, 0.4, 0.30000000000000004],
      [0.4, 0.2, 0.6, 0.30000000000000004],
      [0.2, 0.30000000000000004, 0.4, 0.4],
      [0.4, 0.30000000000000004, 0.6, 0.4],
    ]);
  });
});
