import type * as mupdf from "mupdf";
import { type MupdfWasm, mupdfWasm } from "./mupdf-wasm.js";
import { RECTANGLE, type Rect, STROKED, type TextLine, type VectorBoxes, addVector, vectorBoxes } from "./page-layout.js";

/**
 * A box as MuPDF's JSON printer writes it (origin and size cast to int), so lines read here match the
 * `asJSON()` reading exactly; the printer truncates, it does not round.
 */
const asPrinted = (b: mupdf.Rect): Rect => {
  const x = Math.trunc(b[0]);
  const y = Math.trunc(b[1]);
  return [x, y, x + Math.trunc(b[2] - b[0]), y + Math.trunc(b[3] - b[1])];
};

/** A line's characters as drawn (whitespace kept) and the x of each one's centre: where a table's rule cuts the line. */
export interface LineGlyphs {
  chars: string[];
  centers: number[];
}

export interface WalkedPage {
  lines: TextLine[];
  glyphs: LineGlyphs[];
  images: Rect[];
  vectors: VectorBoxes;
}

/** MuPDF's block types in a structured-text page (`fz_stext_block.type`). */
const TEXT_BLOCK = 0;
const IMAGE_BLOCK = 1;
const VECTOR_BLOCK = 3;

/**
 * Text lines, image boxes and vector boxes of a flat structured-text page (no `segment`): straight from MuPDF's
 * accessors where the WASM exports are at hand (see mupdf-wasm.ts: 13 → 8 ms a heavy A1 sheet, and no finalizer
 * registration per character for the collector), else with `walk()`. Both read the same.
 */
export function walkStructuredText(text: mupdf.StructuredText, origin: readonly [number, number] = [0, 0], options: WalkOptions = {}): WalkedPage {
  const wasm = mupdfWasm();
  return wasm ? readStructuredText(wasm, text, origin, options) : walkStructuredTextApi(text, origin, options);
}

export interface WalkOptions {
  /** `false`: leave out the vector blocks (the caller has the paths' boxes from elsewhere, see text-without-paths.ts). */
  vectors?: boolean;
}

/** `walkStructuredTextApi` without MuPDF.js's wrappers: one accessor call per field, boxes read from the WASM heap. */
export function readStructuredText(wasm: MupdfWasm, text: mupdf.StructuredText, origin: readonly [number, number] = [0, 0], options: WalkOptions = {}): WalkedPage {
  const withVectors = options.vectors !== false;
  const lines: TextLine[] = [];
  const vectors = vectorBoxes();
  const glyphs: LineGlyphs[] = [];
  const images: Rect[] = [];
  const [ox, oy] = origin;
  // the accessors return a scratch box in WASM memory; the heap view is read again after each call (memory may grow)
  const printedBox = (at: number): Rect => {
    const heap = wasm.HEAPF32;
    const i = at >> 2;
    const x = Math.trunc(heap[i]!);
    const y = Math.trunc(heap[i + 1]!);
    return [x, y, x + Math.trunc(heap[i + 2]! - heap[i]!), y + Math.trunc(heap[i + 3]! - heap[i + 1]!)];
  };
  let blockIndex = -1;
  const page = (text as unknown as { pointer: number }).pointer;
  for (let block = wasm._wasm_stext_page_get_first_block(page); block; block = wasm._wasm_stext_block_get_next(block)) {
    const type = wasm._wasm_stext_block_get_type(block);
    if (type === VECTOR_BLOCK) {
      if (!withVectors) continue;
      const flags = wasm._wasm_stext_block_get_v_flags(block);
      const i = wasm._wasm_stext_block_get_bbox(block) >> 2;
      const heap = wasm.HEAPF32;
      // MuPDF's flag bits are the same: 1 stroked, 2 rectangle
      addVector(vectors, heap[i]! - ox, heap[i + 1]! - oy, heap[i + 2]! - ox, heap[i + 3]! - oy, flags & (STROKED | RECTANGLE));
    } else if (type === TEXT_BLOCK) {
      blockIndex++;
      for (let line = wasm._wasm_stext_block_get_first_line(block); line; line = wasm._wasm_stext_line_get_next(line)) {
        const box = printedBox(wasm._wasm_stext_line_get_bbox(line));
        const glyph: LineGlyphs = { chars: [], centers: [] };
        let size: number | undefined;
        for (let char = wasm._wasm_stext_line_get_first_char(line); char; char = wasm._wasm_stext_char_get_next(char)) {
          glyph.chars.push(String.fromCharCode(wasm._wasm_stext_char_get_c(char)));
          size ??= Math.trunc(wasm._wasm_stext_char_get_size(char));
          const q = wasm._wasm_stext_char_get_quad(char) >> 2;
          const heap = wasm.HEAPF32;
          glyph.centers.push((heap[q]! + heap[q + 2]! + heap[q + 4]! + heap[q + 6]!) / 4);
        }
        const lineText = glyph.chars.join("").replace(/\s+/g, " ").trim();
        if (!lineText) continue;
        lines.push({ bbox: box, text: lineText, size: size ?? box[3] - box[1], block: blockIndex });
        glyphs.push(glyph);
      }
    } else if (type === IMAGE_BLOCK) images.push(printedBox(wasm._wasm_stext_block_get_bbox(block)));
  }
  return { lines, glyphs, images, vectors };
}

/**
 * Text lines, image boxes and vector boxes of a flat structured-text page (no `segment`), read with `walk()` instead of
 * `asJSON()` + `JSON.parse`: printing and parsing the JSON of a heavy A1 sheet costs ~30 ms, the walk ~10 ms.
 * Same result as `textLines`/`imageBoxes` over the JSON (line text, printed box, first character's size cast to
 * int as the printer does, block). `glyphs[i]` holds the characters of `lines[i]`. Vectors come only from a page
 * read with the `vectors` option; their boxes are MuPDF's, not truncated, moved by `-origin` as they are read
 * (a heavy sheet has ~38k: a copy of each would be garbage to collect).
 */
export function walkStructuredTextApi(text: mupdf.StructuredText, origin: readonly [number, number] = [0, 0], options: WalkOptions = {}): WalkedPage {
  const withVectors = options.vectors !== false;
  const lines: TextLine[] = [];
  const vectors = vectorBoxes();
  const glyphs: LineGlyphs[] = [];
  const images: Rect[] = [];
  let block = -1;
  let box: Rect = [0, 0, 0, 0];
  let line: LineGlyphs = { chars: [], centers: [] };
  let size: number | undefined;
  text.walk({
    beginTextBlock() {
      block++;
    },
    beginLine(bbox) {
      box = asPrinted(bbox);
      line = { chars: [], centers: [] };
      size = undefined;
    },
    onChar(c, _origin, font, charSize, quad) {
      // the walker hands out a kept reference per character; release it now rather than at a later GC
      font.destroy();
      line.chars.push(c);
      line.centers.push((quad[0] + quad[2] + quad[4] + quad[6]) / 4);
      size ??= Math.trunc(charSize);
    },
    endLine() {
      const text = line.chars.join("").replace(/\s+/g, " ").trim();
      if (!text) return;
      lines.push({ bbox: box, text, size: size ?? box[3] - box[1], block });
      glyphs.push(line);
    },
    onImageBlock(bbox, _transform, image) {
      image.destroy();
      images.push(asPrinted(bbox));
    },
    onVector(bbox, flags) {
      if (!withVectors) return;
      const [x, y] = origin;
      addVector(vectors, bbox[0] - x, bbox[1] - y, bbox[2] - x, bbox[3] - y, (flags.isStroked ? STROKED : 0) | (flags.isRectangle ? RECTANGLE : 0));
    },
  });
  return { lines, glyphs, images, vectors };
}
