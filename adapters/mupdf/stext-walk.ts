import type * as mupdf from "mupdf";
import type { Rect, TextLine } from "./page-layout.js";

/**
 * A box as MuPDF's JSON printer writes it (origin and size cast to int), so lines read here match the
 * `asJSON()` reading exactly; the printer truncates, it does not round.
 */
const asPrinted = (b: mupdf.Rect): Rect => {
  const x = Math.trunc(b[0]);
  const y = Math.trunc(b[1]);
  return [x, y, x + Math.trunc(b[2] - b[0]), y + Math.trunc(b[3] - b[1])];
};

/**
 * Text lines and image boxes of a flat structured-text page (no `segment`), read with `walk()` instead of
 * `asJSON()` + `JSON.parse`: printing and parsing the JSON of a heavy A1 sheet costs ~30 ms, the walk ~10 ms.
 * Same result as `textLines`/`imageBoxes` over the JSON (line text, printed box, first character's size cast to
 * int as the printer does, block).
 */
export function walkTextAndImages(text: mupdf.StructuredText): { lines: TextLine[]; images: Rect[] } {
  const lines: TextLine[] = [];
  const images: Rect[] = [];
  let block = -1;
  let box: Rect = [0, 0, 0, 0];
  let chars = "";
  let size: number | undefined;
  text.walk({
    beginTextBlock() {
      block++;
    },
    beginLine(bbox) {
      box = asPrinted(bbox);
      chars = "";
      size = undefined;
    },
    onChar(c, _origin, font, charSize) {
      // the walker hands out a kept reference per character; release it now rather than at a later GC
      font.destroy();
      chars += c;
      size ??= Math.trunc(charSize);
    },
    endLine() {
      const line = chars.replace(/\s+/g, " ").trim();
      if (line) lines.push({ bbox: box, text: line, size: size ?? box[3] - box[1], block });
    },
    onImageBlock(bbox, _transform, image) {
      image.destroy();
      images.push(asPrinted(bbox));
    },
  });
  return { lines, images };
}
