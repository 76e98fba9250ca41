import { describe, expect, it } from "vitest";
import { parsePageList } from "./ocr.js";

describe("docs ocr --pages", () => {
  it("expands lists and ranges", () => {
    expect(parsePageList("1,3-5, 4")).toEqual([1, 3, 4, 5]);
  });

  it("refuses anything else with a one-line usage error", () => {
    for (const bad of ["", "0", "3-1", "a", "1,,2", "1-2-3"]) expect(() => parsePageList(bad)).toThrow(/--pages .*use page numbers and ranges like 1,3-5/);
  });
});
