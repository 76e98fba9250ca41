// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import * as mupdf from "mupdf";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { openPdf } from "./open-pdf.js";
import type { VectorBoxes } from "./page-layout.js";
import { walkStructuredText } from "./stext-walk.js";
import { textWithoutPaths } from "./text-without-paths.js";

const OPTIONS = "vectors,preserve-whitespace,preserve-images";
const CAP = 256 * 2 ** 20;

const boxesOf = (vectors: VectorBoxes) =>
  Array.from({ length: vectors.count }, (_, i) => [...Array.from(vectors.boxes.subarray(4 * i, 4 * i + 4), (v) => Math.fround(v)), vectors.flags[i]]);

/** The page read by MuPDF alone (every path through its interpreter) and through the scan, side by side. */
function bothWays(document: mupdf.PDFDocument, index: number) {
  const page = document.loadPage(index) as mupdf.PDFPage;
  try {
    const [x0, y0] = page.getBounds();
    const whole = page.toStructuredText(OPTIONS);
    const byMupdf = walkStructuredText(whole, [x0, y0]);
    whole.destroy();
    const scanned = textWithoutPaths(document, page, OPTIONS, [x0, y0], CAP);
    if (!scanned) return { byMupdf, scanned: undefined };
    const lines = walkStructuredText(scanned.text, [x0, y0], { vectors: false });
    scanned.text.destroy();
    return { byMupdf, scanned: { ...lines, vectors: scanned.vectors } };
  } finally {
    page.destroy();
  }
}

/** A one-page PDF of `content` on a 400×400 pt page, with Helvetica as /F1 and a 2×2 image as /Im1. */
function pdfOf(content: string, extra: Record<string, unknown> = {}): mupdf.PDFDocument {
  const document = new mupdf.PDFDocument();
  const font = document.addSimpleFont(new mupdf.Font("Helvetica"));
  const image = document.addImage(new mupdf.Image(new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 2, 2], false)));
  const form = document.addStream("0 0 m 50 50 l S", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 100, 100] });
  // scaled and moved, its box cutting its line, with text and a rectangle, and a form of its own inside
  const placed = document.addStream("3 w 0 5 m 60 5 l S 5 5 10 10 re f BT /F1 4 Tf 2 20 Td (в форме) Tj ET /Fm1 Do", {
    Type: "XObject",
    Subtype: "Form",
    BBox: [0, 0, 30, 30],
    Matrix: [2, 0, 0, 2, 100, 150],
    Resources: { Font: { F1: font }, XObject: { Fm1: form } },
  });
  const looping = document.addStream("0 0 m 5 5 l S /Loop Do", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 10, 10] });
  looping.put("Resources", { XObject: { Loop: looping } });
  const resources = document.addObject({
    Font: { F1: font },
    XObject: { Im1: image, Fm1: form, Fm2: placed, Loop: looping },
    ExtGState: { Thick: { LW: 6 }, Mask: { SMask: { S: "Luminosity", G: form } } },
    ...extra,
  });
  document.insertPage(-1, document.addPage([0, 0, 400, 400], 0, resources, content));
  return document;
}

const SHAPES: Record<string, string> = {
  "an axis-aligned line": "2 w 100 100 m 100 200 l S",
  "a diagonal line": "2 w 100 100 m 150 200 l S",
  "a filled rectangle": "100 100 50 20 re f",
  "a rectangle in a colour set by numbers": "0.2 0.4 0.6 scn 0.1 0.1 0.1 SCN 100 100 50 20 re B",
  "a stroked rectangle": "2 w 100 100 50 20 re S",
  "two rectangles in one path": "100 100 50 20 re 200 100 50 20 re f",
  "a rectangle drawn with lines": "100 100 m 150 100 l 150 120 l 100 120 l h f",
  "a curve": "2 w 100 100 m 120 150 140 150 160 100 c S",
  "a line and a curve in one path": "2 w 100 100 m 150 200 l 200 100 m 200 200 l 10 10 m 20 30 30 30 40 10 c S",
  "a scaled line": "q 2 0 0 2 0 0 cm 1 w 100 100 m 100 150 l S Q",
  "a hairline": "0 w 100 100 m 100 200 l S",
  "a clipped line": "q 90 90 30 30 re W n 2 w 100 50 m 100 300 l S Q",
  "a line off the page": "2 w -50 100 m 500 100 l S",
  "a nearly vertical line": "2 w 100 100 m 100.0009 200 l S",
  "a lone move": "2 w 100 100 m S",
  "a filled and stroked rectangle": "2 w 100 100 50 20 re B",
  "a closed triangle": "100 100 m 150 100 l 125 150 l h f",
  "a line drawn there and back": "2 w 100 100 m 150 100 l 100 100 l h S",
  "a line width from an ExtGState": "/Thick gs 100 100 m 100 200 l S",
  "a rotated square": "q 0.7071 0.7071 -0.7071 0.7071 200 50 cm 0 0 50 50 re S Q",
  "an unpainted path": "100 100 m 200 200 l n",
  "a form's paths": "/Fm1 Do",
  "a form placed by its matrix and cut by its box, with a form inside": "q 1 0 0 1 20 0 cm /Fm2 Do Q 10 10 m 20 20 l S",
};

describe("the page's text and paths read by scanning its content", () => {
  it.each(Object.entries(SHAPES))("gives MuPDF's own vector boxes for %s", (_name, content) => {
    const { byMupdf, scanned } = bothWays(pdfOf(content), 0);
    expect(scanned).toBeDefined();
    expect(boxesOf(scanned!.vectors)).toEqual(boxesOf(byMupdf.vectors));
  });

  it("reads the same text lines into the same blocks as from the whole content, strings and marked content included", () => {
    const content = [
      "/P <</MCID 0>> BDC BT /F1 9 Tf 20 380 Td (Plan \\(2\\) % not a comment) Tj ET EMC",
      "% a comment with 1 2 m l S in it",
      "0.5 w 10 10 m 390 10 l S 10 20 m 390 20 l S",
      "BT /F1 7 Tf 20 300 Td [(Room) -250 (2.04)] TJ ET",
      "q 30 30 200 100 re W n 1 w 10 40 m 300 40 l S BT /F1 6 Tf 40 50 Td <48656c6c6f> Tj ET Q",
      "BT /F1 7 Tf 20 200 Td (40,51) Tj ET",
      "q 20 0 0 20 300 300 cm /Im1 Do Q",
      "/Fm2 Do",
    ].join("\n");
    const { byMupdf, scanned } = bothWays(pdfOf(content), 0);
    expect(scanned).toBeDefined();
    expect(byMupdf.lines.length).toBeGreaterThanOrEqual(4);
    expect(scanned!.lines).toEqual(byMupdf.lines);
    expect(scanned!.images).toEqual(byMupdf.images);
    expect(boxesOf(scanned!.vectors)).toEqual(boxesOf(byMupdf.vectors));
  });

  it("leaves to MuPDF a page whose content it does not follow, and restores the page's content", () => {
    // a path filled with a pattern is no vector of MuPDF's (it fills the pattern's shading or tiles instead); a
    // text clip (render mode 7) cuts later paths' boxes by the text's box
    for (const content of ["/Loop Do", "BI /W 1 /H 1 /BPC 8 /CS /G ID \u0000 EI", "/Mask gs 10 10 m 20 20 l S", "(unclosed string Tj", "/Pattern cs /P1 scn 10 10 50 50 re f", "BT 7 Tr /F1 40 Tf 20 200 Td (Clip) Tj ET 0 0 m 400 400 l S"]) {
      const document = pdfOf(content);
      const page = document.loadPage(0) as mupdf.PDFPage;
      const before = page.getObject().get("Contents").asIndirect();
      expect(textWithoutPaths(document, page, OPTIONS, [0, 0], CAP), content).toBeUndefined();
      expect(page.getObject().get("Contents").asIndirect()).toBe(before);
    }
    // render modes that paint without clipping stay on the scan, with MuPDF's result
    const painted = bothWays(pdfOf("BT 2 Tr /F1 40 Tf 20 200 Td (Clip) Tj ET 0 0 m 400 400 l S BT 3 Tr /F1 9 Tf 20 20 Td (x) Tj ET"), 0);
    expect(painted.scanned).toBeDefined();
    expect(boxesOf(painted.scanned!.vectors)).toEqual(boxesOf(painted.byMupdf.vectors));
    expect(painted.scanned!.lines).toEqual(painted.byMupdf.lines);
    const document = pdfOf("BT /F1 9 Tf 20 380 Td (kept) Tj ET 10 10 m 20 20 l S");
    const page = document.loadPage(0) as mupdf.PDFPage;
    const before = page.getObject().get("Contents").readStream().asString();
    textWithoutPaths(document, page, OPTIONS, [0, 0], CAP)!.text.destroy();
    expect(page.getObject().get("Contents").readStream().asString()).toBe(before);
  });

  it("refuses a page whose content inflates past the cap, as the inspection did before parsing", () => {
    const document = pdfOf("");
    const page = document.loadPage(0) as mupdf.PDFPage;
    // a few kB of Flate that inflate to 2 MB of blanks after a label
    const bomb = deflateSync(Buffer.from(`BT /F1 9 Tf 20 380 Td (bomb) Tj ET\n${" ".repeat(2 * 2 ** 20)}`));
    page.getObject().put("Contents", document.addRawStream(bomb, { Filter: "FlateDecode" }));
    expect(() => textWithoutPaths(document, page, OPTIONS, [0, 0], 2 ** 20)).toThrow(/inflates to more than 1 MB \(\d+ KB compressed\): a decompression bomb/);
    expect(textWithoutPaths(document, page, OPTIONS, [0, 0], 4 * 2 ** 20)).toBeDefined();
    // also behind an entry the scan cannot read, which sends the page to MuPDF
    page.getObject().put("Contents", [null, document.addRawStream(bomb, { Filter: "FlateDecode" })]);
    expect(() => textWithoutPaths(document, page, OPTIONS, [0, 0], 2 ** 20)).toThrow(/a decompression bomb/);
  });

  it("reads a heavy CAD sheet (every hatch line its own path) exactly as MuPDF does", () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "equipment" }], heavy: true, seed: "scan" });
    const document = openPdf(pdf);
    for (const index of [0, 1]) {
      const { byMupdf, scanned } = bothWays(document, index);
      expect(byMupdf.vectors.count).toBeGreaterThan(2_000);
      expect(scanned!.lines).toEqual(byMupdf.lines);
      expect(boxesOf(scanned!.vectors)).toEqual(boxesOf(byMupdf.vectors));
    }
  });
});
