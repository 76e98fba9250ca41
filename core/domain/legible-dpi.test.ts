import { describe, expect, it } from "vitest";
import { LEGIBLE_PIXELS_PER_EM, MAX_RENDER_DPI, legibleDpi, legibleDpiFloor } from "./legible-dpi.js";

describe("legibleDpi", () => {
  it("renders the given size at 32 px per em, rounding the DPI up", () => {
    expect(LEGIBLE_PIXELS_PER_EM).toBe(32);
    expect(legibleDpi(8)).toBe(288);
    expect(legibleDpi(10)).toBe(231); // 230.4 rounded up: never below 32 px per em
    expect(legibleDpi(3)).toBe(768);
    // text of each size comes out at least 32 px per em at the DPI chosen for it
    for (const size of [1, 2.5, 5, 7, 9, 12, 18]) expect((size * legibleDpi(size)) / 72).toBeGreaterThanOrEqual(32);
  });

  it("never asks for more than the highest DPI a render accepts", () => {
    expect(legibleDpi(0.5)).toBe(MAX_RENDER_DPI);
  });
});

describe("legibleDpiFloor", () => {
  const block = (kind: "TEXT" | "TABLE" | "IMAGE", textSize?: unknown) => ({ kind, ...(textSize === undefined ? {} : { meta: { textSize } }) });

  it("floors a drawing's zoomed regions at the block's smallest text, and TEXT and TABLE blocks shown whole", () => {
    expect(legibleDpiFloor(block("IMAGE", 5), "roi")).toBe(461);
    expect(legibleDpiFloor(block("TABLE", 6), "overview")).toBe(384);
    expect(legibleDpiFloor(block("TEXT", 12), "overview")).toBe(192);
  });

  it("leaves a drawing's overview and quadrants, a page without a block and a block without a known text size alone", () => {
    expect(legibleDpiFloor(block("IMAGE", 5), "overview")).toBeUndefined();
    expect(legibleDpiFloor(block("IMAGE", 5), "quadrant")).toBeUndefined();
    expect(legibleDpiFloor(undefined, "roi")).toBeUndefined();
    expect(legibleDpiFloor(block("TABLE"), "overview")).toBeUndefined();
    expect(legibleDpiFloor(block("TABLE", "7"), "overview")).toBeUndefined();
    expect(legibleDpiFloor(block("TABLE", 0), "overview")).toBeUndefined();
  });
});
