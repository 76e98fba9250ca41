import type * as mupdf from "mupdf";
import { type ContentResources, type Matrix, scanContent } from "./content-scan.js";
import { inflateWithin, isFlate } from "./open-pdf.js";
import type { VectorBoxes } from "./page-layout.js";

/** One scratch content stream per document: the page's Contents point at it while MuPDF reads the text. */
const scratchStreams = new WeakMap<mupdf.PDFDocument, mupdf.PDFObject>();

/**
 * The page's structured text read by MuPDF from its content without the painted paths, and the paths' boxes read
 * by `scanContent` (MuPDF's own boxes, see there): the same text and vectors as `toStructuredText` with `vectors`
 * over the whole content, at a fraction of the cost on a CAD sheet. `undefined` when the content uses what the scan
 * does not follow; the caller then reads the page with MuPDF alone. The page's Contents are restored before this
 * returns, whatever happens.
 */
export function textWithoutPaths(
  document: mupdf.PDFDocument,
  page: mupdf.PDFPage,
  options: string,
  origin: readonly [number, number],
  maxStreamBytes: number,
): { text: mupdf.StructuredText; vectors: VectorBoxes } | undefined {
  const object = page.getObject();
  const contents = object.get("Contents");
  const content = contentBytes(contents, maxStreamBytes);
  if (!content) return undefined;
  const resources = resourcesOf(object.getInheritable("Resources"), maxStreamBytes);
  const [x0, y0, x1, y1] = page.getBounds();
  const [a, b, c, d, e, f] = page.getTransform();
  // boxes relative to the page's origin, as the parser works with them
  const matrix: Matrix = [a, b, c, d, e - origin[0], f - origin[1]];
  const scanned = scanContent(content, matrix, [x0 - origin[0], y0 - origin[1], x1 - origin[0], y1 - origin[1]], resources);
  if (!scanned) return undefined;
  let scratch = scratchStreams.get(document);
  if (!scratch) {
    scratch = document.addStream(scanned.textContent, {});
    scratchStreams.set(document, scratch);
  } else scratch.writeStream(scanned.textContent);
  object.put("Contents", scratch);
  try {
    return { text: page.toStructuredText(options), vectors: scanned.vectors };
  } finally {
    object.put("Contents", contents);
  }
}

/**
 * The page's content, its streams joined. Flate is inflated by Node's zlib (about twice as fast as MuPDF's WASM
 * inflate) within `maxStreamBytes`, which is where a parsed page's content is checked for a decompression bomb
 * (the inspection before parsing leaves the pages' contents to this).
 */
function contentBytes(contents: mupdf.PDFObject, maxStreamBytes: number): Uint8Array | undefined {
  const streams = contents.isArray() ? Array.from({ length: contents.length }, (_, i) => contents.get(i)) : [contents];
  const parts: Uint8Array[] = [];
  let readable = true;
  for (const stream of streams) {
    // every stream is still checked against the cap: MuPDF reads the page's other streams when this one is odd
    if (!stream.isStream()) {
      readable = false;
      continue;
    }
    let bytes: Uint8Array | undefined;
    if (isFlate(stream)) {
      const inflated = inflateWithin(stream.readRawStream().asUint8Array(), stream.isIndirect() ? stream.asIndirect() : 0, maxStreamBytes);
      // predictors, or damaged data MuPDF reads what it can of
      if (inflated && stream.get("DecodeParms").isNull()) bytes = inflated;
    }
    parts.push(bytes ?? stream.readStream().asUint8Array(), NEWLINE);
  }
  return readable ? Buffer.concat(parts) : undefined;
}

const NEWLINE = new Uint8Array([10]);

/** What `scanContent` asks of the page's (or a form's) resources. */
function resourcesOf(resources: mupdf.PDFObject, maxStreamBytes: number): ContentResources {
  return {
    extGState(name) {
      const state = resources.get("ExtGState").get(name);
      if (!state.isDictionary()) return undefined;
      // a soft mask runs a form's content, paths and all
      if (state.get("SMask").isDictionary()) return undefined;
      const width = state.get("LW");
      return width.isNumber() ? { lineWidth: width.asNumber() } : {};
    },
    isImage(name) {
      const object = resources.get("XObject").get(name);
      return object.isStream() && object.get("Subtype").isName() && object.get("Subtype").asName() === "Image";
    },
    form(name) {
      const object = resources.get("XObject").get(name);
      if (!object.isStream() || !object.get("Subtype").isName() || object.get("Subtype").asName() !== "Form") return undefined;
      const content = contentBytes(object, maxStreamBytes);
      const numbers = (key: string, length: number) => {
        const array = object.get(key);
        if (!array.isArray() || array.length !== length) return undefined;
        const values = Array.from({ length }, (_, i) => array.get(i));
        return values.every((v) => v.isNumber()) ? values.map((v) => v.asNumber()) : undefined;
      };
      const bbox = numbers("BBox", 4);
      const matrix = object.get("Matrix").isNull() ? [1, 0, 0, 1, 0, 0] : numbers("Matrix", 6);
      if (!content || !bbox || !matrix) return undefined;
      // a form without resources of its own uses its page's (as readers allow)
      const own = object.get("Resources");
      const [x0, y0, x1, y1] = bbox as [number, number, number, number];
      return {
        content,
        matrix: matrix as unknown as Matrix,
        bbox: [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)],
        resources: own.isDictionary() ? resourcesOf(own, maxStreamBytes) : this,
      };
    },
  };
}
