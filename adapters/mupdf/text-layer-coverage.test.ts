import { describe, expect, it } from "vitest";
import { assessTextLayer } from "./text-layer-coverage.js";

const page = { pageArea: 1000 * 1000, textChars: 0, vectorPaths: 0, imageArea: 0 };

describe("assessTextLayer", () => {
  it.each([
    ["a blank page", page, false],
    ["a scan without text", { ...page, imageArea: 900_000 }, true],
    ["a scan with a sparse text layer", { ...page, imageArea: 900_000, textChars: 40 }, true],
    ["a scan with a full text layer", { ...page, imageArea: 900_000, textChars: 2000 }, false],
    ["a vector drawing without text", { ...page, vectorPaths: 50 }, true],
    ["a dense drawing with two labels", { ...page, vectorPaths: 5000, textChars: 6 }, true],
    ["a drawing with a real text layer", { ...page, vectorPaths: 5000, textChars: 800 }, false],
    ["a text page with a few rules", { ...page, vectorPaths: 5, textChars: 300 }, false],
  ])("%s", (_name, ink, needsOcr) => {
    const result = assessTextLayer(ink);
    expect(result.needsOcr).toBe(needsOcr);
    expect(result.reason.length).toBeGreaterThan(0);
  });
});
