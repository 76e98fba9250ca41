import type { ImportedDocument } from "../formats/imported-document.js";

export const OcrHtmlReader = Symbol.for("aizoomdoc.OcrHtmlReader");

/**
 * Reads the `*_ocr.html` export of the existing OCR pipeline (DESIGN §4, REFERENCE_BEHAVIOUR §2.5/§5.5).
 *
 * Contract:
 * - Every `div.block` becomes one block, in document order, none dropped: kind from its `block-type-*` class or
 *   the header's `Тип:`, page from the header's `(стр. N)`, id from `BLOCK: ID` in the content (over an older
 *   header `| ID: …`); a block without any id is returned without one (the import derives a stable id).
 * - Content becomes markdown text (tables as markdown rows); `Linked block:` references become `→ID` links;
 *   the crop link (an `<a href>` to a .pdf/.png/.jpg/.webp, or `crop_url` in a `<pre>` JSON) goes to `meta.cropUrl`;
 *   the stamp-info box becomes the page's stamp and the document's stamp line.
 * - Malformed input (no `div.block`, a block without a page, an invalid or duplicate id) throws
 *   `DOCUMENT.INVALID_FILE` naming the file and the reason (see `malformed`).
 */
export interface OcrHtmlReader {
  read(html: string, fileName: string): ImportedDocument;
}
