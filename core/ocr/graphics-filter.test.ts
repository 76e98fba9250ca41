import { describe, expect, it } from "vitest";
import { eraseGraphics } from "./graphics-filter.js";

describe("eraseGraphics", () => {
  it("paints rules and hatching white, keeps glyph-sized shapes and drops light halos", () => {
    const width = 600;
    const height = 240;
    const pixels = new Uint8Array(width * height).fill(255);
    const set = (x: number, y: number, v = 0) => (pixels[y * width + x] = v);
    for (let x = 10; x < 590; x++) set(x, 20); // a long rule
    for (let x = 10; x < 590; x++) set(x, 21, 200); // its anti-aliased edge
    for (let k = 0; k < 180; k++) for (const offset of [0, 12, 24]) set(400 + k, 30 + k + offset); // hatch strokes longer than half an inch
    for (let y = 60; y < 90; y++) for (let x = 300; x < 320; x++) set(x, y); // a glyph 20×30
    for (let y = 120; y < 150; y++) for (let x = 10; x < 250; x++) if ((x + y) % 3) set(x, y); // a dense word blob, letters touching
    for (let a = 0; a < 720; a++) set(Math.round(250 + 35 * Math.cos((a * Math.PI) / 360)), Math.round(200 + 35 * Math.sin((a * Math.PI) / 360))); // an axis bubble, 70 px across
    const { pixels: out, inkLeft } = eraseGraphics(pixels, width, height, 300);
    const at = (x: number, y: number) => out[y * width + x];
    expect(at(200, 20)).toBe(255);
    expect(at(200, 21)).toBe(255);
    expect(at(400, 30)).toBe(255);
    expect(at(285, 200)).toBe(255);
    expect(at(310, 70)).toBe(0);
    expect(at(11, 120)).toBe(0);
    expect(inkLeft).toBe(20 * 30 + [...Array(30 * 240).keys()].filter((i) => (10 + (i % 240) + 120 + Math.floor(i / 240)) % 3).length);
  });
});
