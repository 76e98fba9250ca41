import { describe, expect, it } from "vitest";
import { sectorBBox, sectorPathBBox } from "./sector.js";
import { DomainError } from "./errors.js";

describe("sector paths", () => {
  it("maps grid labels to ninths, columns left to right and rows top to bottom", () => {
    expect(sectorBBox("A1")).toEqual([0, 0, 1 / 3, 1 / 3]);
    expect(sectorBBox("c3")).toEqual([2 / 3, 2 / 3, 1, 1]);
  });

  it("nests: a sector of a sector is a ninth of a ninth", () => {
    const [x1, y1, x2, y2] = sectorPathBBox("B2.A1");
    expect(x1).toBeCloseTo(1 / 3);
    expect(y1).toBeCloseTo(1 / 3);
    expect(x2 - x1).toBeCloseTo(1 / 9);
    expect(y2 - y1).toBeCloseTo(1 / 9);
  });

  it("resolves inside a parent region", () => {
    const r = sectorPathBBox("A1", [0.5, 0.5, 0.8, 0.8]);
    [0.5, 0.5, 0.6, 0.6].forEach((v, i) => expect(r[i]).toBeCloseTo(v));
  });

  it("rejects labels outside the grid with a validation error", () => {
    expect(() => sectorPathBBox("D4")).toThrowError(DomainError);
    expect(() => sectorPathBBox("")).toThrow(/empty/);
  });
});
