import { describe, expect, it } from "vitest";
import { findRulings, joinRulings } from "./rulings.js";

describe("findRulings", () => {
  it("finds long horizontal and vertical lines (a 3 px thick rule counts once) and ignores short strokes", () => {
    const width = 200;
    const height = 100;
    const pixels = new Uint8Array(width * height).fill(255);
    for (let y = 20; y < 23; y++) pixels.fill(0, y * width + 10, y * width + 190); // thick horizontal rule
    for (let y = 10; y < 90; y++) pixels[y * width + 50] = 0; // vertical rule
    pixels.fill(0, 60 * width + 100, 60 * width + 120); // a short stroke of a glyph
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    const rulings = findRulings(pixels, width, height, [0, 0, 0.5, 1], 50).map((r) => ({ ...r, at: round(r.at), from: round(r.from), to: round(r.to) }));
    expect(rulings).toEqual([
      { orientation: "h", at: 0.215, from: 0.025, to: 0.475 },
      { orientation: "v", at: 0.12625, from: 0.1, to: 0.9 },
    ]);
  });
});

describe("joinRulings", () => {
  it("joins pieces of one rule cut at a tile seam and keeps parallel rules apart", () => {
    const joined = joinRulings(
      [
        { orientation: "h", at: 0.5, from: 0.1, to: 0.4 },
        { orientation: "h", at: 0.5005, from: 0.38, to: 0.7 },
        { orientation: "h", at: 0.6, from: 0.1, to: 0.7 },
      ],
      0.002,
    );
    expect(joined).toEqual([
      { orientation: "h", at: 0.5, from: 0.1, to: 0.7 },
      { orientation: "h", at: 0.6, from: 0.1, to: 0.7 },
    ]);
  });
});
