import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { type StextPage, textLines } from "./stext-json.js";
import { mupdfWasm } from "./mupdf-wasm.js";
import { readStructuredText, walkStructuredText, walkStructuredTextApi } from "./stext-walk.js";
import { SamplePdf } from "./testing/sample-pdf.js";

/** Both readings of one page's structured text: the walk and MuPDF's own JSON printer. */
function readBoth(pdf: Uint8Array, index: number) {
  const document = mupdf.Document.openDocument(pdf, "application/pdf");
  const page = document.loadPage(index);
  const text = page.toStructuredText("preserve-whitespace,preserve-images");
  try {
    return { walked: walkStructuredText(text), printed: textLines((JSON.parse(text.asJSON()) as StextPage).blocks) };
  } finally {
    text.destroy();
    page.destroy();
    document.destroy();
  }
}

describe("walkStructuredText", () => {
  it("reads the same lines (text, printed box, size, block) as the JSON printer on a generated sheet", () => {
    const { walked, printed } = readBoth(generateDrawingSet({ sheets: 1, seed: "walk" }).pdf, 0);
    expect(printed.length).toBeGreaterThan(50);
    expect(walked.lines).toEqual(printed);
  });

  it("truncates fractional boxes and font sizes as the printer does", () => {
    const pdf = new SamplePdf().page(600, 400, (p) => p.text(100.7, 200.6, "Спецификация перемычек", 12.6)).bytes();
    const { walked, printed } = readBoth(pdf, 0);
    expect(walked.lines).toEqual(printed);
    expect(walked.lines[0]).toMatchObject({ text: "Спецификация перемычек", size: 12 });
    expect(walked.lines[0]!.bbox.every(Number.isInteger)).toBe(true);
  });

  it("reads MuPDF's accessors directly to the same lines, glyphs, images and vectors as walk() on a CAD-weight sheet", () => {
    const wasm = mupdfWasm();
    // the test setup loads MuPDF through the hook, as the CLI and the server do
    expect(wasm).toBeDefined();
    const document = mupdf.Document.openDocument(generateDrawingSet({ sheets: 1, heavy: true, seed: "walk" }).pdf, "application/pdf");
    const page = document.loadPage(0);
    const text = page.toStructuredText("vectors,preserve-whitespace,preserve-images");
    try {
      const origin = [3.5, -2] as const;
      const read = readStructuredText(wasm!, text, origin);
      expect(read.vectors.count).toBeGreaterThan(10_000);
      expect(read.lines.length).toBeGreaterThan(500);
      expect(read).toEqual(walkStructuredTextApi(text, origin));
    } finally {
      text.destroy();
      page.destroy();
      document.destroy();
    }
  });
});
