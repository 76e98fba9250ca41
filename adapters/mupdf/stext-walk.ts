import type * as mupdf from "mupdf";
import type { Rect, TextLine, VectorBox } from "./page-layout.js";

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

/**
 * Text lines, image boxes and vector boxes of a flat structured-text page (no `segment`), read with `walk()` instead of
 * `asJSON()` + `JSON.parse`: printing and parsing the JSON of a heavy A1 sheet costs ~30 ms, the walk ~10 ms.
 * Same result as `textLines`/`imageBoxes` over the JSON (line text, printed box, first character's size cast to
 * int as the printer does, block). `glyphs[i]` holds the characters of `lines[i]`. Vectors come only from a page
 * read with the `vectors` option; their boxes are MuPDF's, not truncated, moved by `-origin` as they are read
 * (a heavy sheet has ~38k: a copy of each would be garbage to collect).
 */
export function walkStructuredText(text: mupdf.StructuredText, origin: readonly [number, number] = [0, 0]): { lines: TextLine[]; glyphs: LineGlyphs[]; images: Rect[]; vectors: VectorBox[] } {
  const lines: TextLine[] = [];
  const vectors: VectorBox[] = [];
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
      const [x, y] = origin;
      vectors.push({ bbox: [bbox[0] - x, bbox[1] - y, bbox[2] - x, bbox[3] - y], stroked: flags.isStroked, rectangle: flags.isRectangle });
    },
  });
  return { lines, glyphs, images, vectors };
}
