// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import { inflateSync } from "node:zlib";
import * as mupdf from "mupdf";
import { DomainError } from "../../core/domain/errors.js";
import type { MupdfConfig } from "./mupdf.config.js";
import { withMupdf } from "./mupdf-errors.js";

const PDF_HEADER = Buffer.from("%PDF-");
const EOF_MARKER = Buffer.from("%%EOF");
/** The spec allows junk before the header; readers accept it within the first kilobyte. */
const HEADER_WINDOW = 1024;

type Limits = Pick<MupdfConfig, "maxPages" | "maxPageSidePt" | "maxImagePixels" | "maxTotalImagePixels" | "maxStreamBytes">;

/** Deflate cannot expand data more than about 1032 times: smaller compressed streams cannot reach the limit. */
const DEFLATE_MAX_RATIO = 1100;
/**
 * Output chunk of the size check's inflate: zlib's default 16 KB makes a heavy sheet's content stream (~2 MB
 * inflated) hundreds of chunks to gather; 256 KB inflates the 20 streams of the heavy bench set in 65 ms, not 250.
 */
const INFLATE_CHUNK = 256 * 1024;

/** Open PDF bytes with MuPDF, rejecting what is not a readable PDF. The caller destroys the document. */
export function openPdf(bytes: Uint8Array): mupdf.PDFDocument {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, HEADER_WINDOW).indexOf(PDF_HEADER) < 0) {
    throw new DomainError("DOCUMENT.INVALID_FILE", "not a PDF (no %PDF header)");
  }
  const document = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => mupdf.Document.openDocument(bytes, "application/pdf"));
  const pdf = document.asPDF();
  if (!pdf) {
    document.destroy();
    throw new DomainError("DOCUMENT.INVALID_FILE", "not a PDF");
  }
  return pdf;
}

/**
 * Validate an opened PDF cheaply, before MuPDF decodes any content: encryption, page count, page sizes, the declared
 * size of every raster image (an image bomb declares its size before it is decoded) and the inflated size of the
 * other streams (content streams, forms) that are large enough to exceed the limit at all.
 */
export function inspectPdf(pdf: mupdf.PDFDocument, bytes: Uint8Array, limits: Limits, options: InspectOptions = {}): { pageCount: number } {
  if (pdf.needsPassword()) throw new DomainError("DOCUMENT.ENCRYPTED", "the PDF is encrypted with a password");
  const pageCount = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => pdf.countPages());
  if (pageCount === 0) {
    // a file cut short before its first page is a broken file, not an empty one
    if (isTruncated(pdf, bytes)) throw new DomainError("DOCUMENT.INVALID_FILE", "truncated or corrupt PDF: no pages could be read");
    throw new DomainError("DOCUMENT.EMPTY", "the PDF has no pages");
  }
  if (isTruncated(pdf, bytes)) throw new DomainError("DOCUMENT.INVALID_FILE", "truncated PDF (no %%EOF marker, cross-reference table rebuilt)");
  if (pageCount > limits.maxPages) {
    throw new DomainError("DOCUMENT.TOO_LARGE", `${pageCount} pages is more than the limit of ${limits.maxPages}`);
  }
  const contents = new Set<number>();
  for (let index = 0; index < pageCount; index++) checkPageSize(pdf, index, limits.maxPageSidePt, options.contentsCheckedWhenRead ? contents : undefined);
  checkImages(pdf, limits, contents);
  return { pageCount };
}

export interface InspectOptions {
  /**
   * The pages' content streams are inflated within the cap as each page is parsed (text-without-paths.ts), so the
   * inspection leaves them alone: inflating each twice cost a heavy sheet ~4 ms.
   */
  contentsCheckedWhenRead?: boolean;
}

function isTruncated(pdf: mupdf.PDFDocument, bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-HEADER_WINDOW);
  return tail.indexOf(EOF_MARKER) < 0 && pdf.wasRepaired();
}

/** `contents`, when given, collects the object numbers of the page's content streams. */
function checkPageSize(pdf: mupdf.PDFDocument, index: number, maxSide: number, contents?: Set<number>): void {
  const box = withMupdf(`page ${index + 1} is unreadable`, "DOCUMENT.INVALID_FILE", () => {
    const page = pdf.findPage(index);
    if (contents) {
      const streams = page.get("Contents");
      for (const stream of streams.isArray() ? Array.from({ length: streams.length }, (_, i) => streams.get(i)) : [streams]) {
        if (stream.isIndirect()) contents.add(stream.asIndirect());
      }
    }
    const mediaBox = page.getInheritable("MediaBox");
    const unit = page.get("UserUnit");
    const scale = unit.isNumber() ? unit.asNumber() : 1;
    const values = [0, 1, 2, 3].map((i) => mediaBox.get(i).asNumber() * scale);
    return values;
  });
  const width = Math.abs(box[2]! - box[0]!);
  const height = Math.abs(box[3]! - box[1]!);
  if (!(width > 0 && height > 0)) throw new DomainError("DOCUMENT.INVALID_FILE", `page ${index + 1} has an empty or missing MediaBox`);
  if (width > maxSide || height > maxSide) {
    throw new DomainError(
      "DOCUMENT.TOO_LARGE",
      `page ${index + 1} is ${Math.round(width)}×${Math.round(height)} pt, larger than the ${maxSide} pt limit`,
    );
  }
}

function checkImages(pdf: mupdf.PDFDocument, limits: Limits, skipped: ReadonlySet<number>): void {
  let total = 0;
  const count = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => pdf.countObjects());
  for (let num = 1; num < count; num++) {
    let object: mupdf.PDFObject | undefined;
    try {
      // the indirect reference knows whether the object is a stream; the resolved dictionary does not
      object = pdf.newIndirect(num);
      if (!object.isStream()) continue;
      if (object.get("Subtype").toString() !== "/Image") {
        if (!skipped.has(num)) checkStreamSize(object, num, limits.maxStreamBytes);
        continue;
      }
      const width = object.get("Width").asNumber();
      const height = object.get("Height").asNumber();
      const pixels = width * height;
      if (pixels > limits.maxImagePixels) {
        throw new DomainError(
          "DOCUMENT.TOO_LARGE",
          `image object ${num} is ${width}×${height} px, more than the ${limits.maxImagePixels / 1e6} MP limit`,
        );
      }
      total += pixels;
    } catch (error) {
      if (DomainError.isInstance(error)) throw error;
      // a broken object that no page uses is harmless; one a page uses fails later when that page is read
    } finally {
      object?.destroy();
    }
  }
  if (total > limits.maxTotalImagePixels) {
    throw new DomainError(
      "DOCUMENT.TOO_LARGE",
      `raster images total ${Math.round(total / 1e6)} MP, more than the ${limits.maxTotalImagePixels / 1e6} MP limit`,
    );
  }
}

/**
 * A content stream that inflates to gigabytes (a few MB of compressed path operators or blanks) would make MuPDF
 * spend tens of seconds and gigabytes before failing; inflating it here, capped, refuses it at once. Only streams
 * whose compressed size could reach the limit are inflated, so ordinary sheets pay nothing.
 */
function checkStreamSize(object: mupdf.PDFObject, num: number, maxBytes: number): void {
  if (!isFlate(object)) return;
  const raw = object.readRawStream().asUint8Array();
  if (raw.byteLength * DEFLATE_MAX_RATIO <= maxBytes) return;
  inflateWithin(raw, num, maxBytes);
}

/** Whether the stream's only filter is Flate (what the size check and Node's zlib can inflate). */
export function isFlate(stream: mupdf.PDFObject): boolean {
  const filter = stream.get("Filter");
  const single = filter.isArray() ? (filter.length === 1 ? filter.get(0) : undefined) : filter;
  return single?.toString() === "/FlateDecode";
}

/**
 * Flate data `raw` of stream object `num` inflated, refused as a decompression bomb past `maxBytes`; `undefined` for
 * broken data (MuPDF reads what it can of it, and reports it per page).
 */
export function inflateWithin(raw: Uint8Array, num: number, maxBytes: number): Buffer | undefined {
  try {
    return inflateSync(raw, { maxOutputLength: maxBytes, chunkSize: INFLATE_CHUNK });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") return undefined;
    throw new DomainError(
      "DOCUMENT.TOO_LARGE",
      `stream object ${num} inflates to more than ${Math.round(maxBytes / 2 ** 20)} MB (${Math.round(raw.byteLength / 1024)} KB compressed): a decompression bomb`,
    );
  }
}
