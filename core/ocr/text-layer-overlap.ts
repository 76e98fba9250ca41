import type { Block } from "../domain/block.js";
import type { BBoxNorm } from "../domain/geometry.js";
import { normaliseForSearch } from "../domain/russian-text.js";
import type { PageWord } from "./page-words.js";

/** Margin (0..1 of the page) around text-layer boxes: OCR boxes of the same glyphs are slightly larger. */
const MARGIN = 0.002;

const inside = (b: BBoxNorm, x: number, y: number) => x >= b[0] - MARGIN && x <= b[2] + MARGIN && y >= b[1] - MARGIN && y <= b[3] + MARGIN;
const tokens = (text: string) => normaliseForSearch(text).split(/\s+/).filter(Boolean);

/**
 * Drop OCR words the text layer already holds, so no text is indexed twice: any word inside a text-layer TEXT or
 * TABLE block, and inside a drawing (IMAGE) block any word that equals one of the words the block's text layer
 * carries (compared after search folding, so `A3` read by OCR matches `А3` in the text layer).
 */
export function withoutTextLayer(words: readonly PageWord[], textLayer: readonly Block[]): PageWord[] {
  const text = textLayer.filter((b) => b.bboxNorm && b.kind !== "IMAGE").map((b) => b.bboxNorm!);
  const drawings = textLayer.filter((b) => b.bboxNorm && b.kind === "IMAGE" && b.text.trim()).map((b) => ({ box: b.bboxNorm!, words: new Set(tokens(b.text)) }));
  return words.filter((word) => {
    const x = (word.bbox[0] + word.bbox[2]) / 2;
    const y = (word.bbox[1] + word.bbox[3]) / 2;
    if (text.some((b) => inside(b, x, y))) return false;
    const folded = tokens(word.text).join(" ");
    return !drawings.some((d) => inside(d.box, x, y) && d.words.has(folded));
  });
}

/** Boxes whose ink the text layer explains (its TEXT and TABLE blocks), for the ink survey. */
export function textLayerBoxes(textLayer: readonly Block[]): BBoxNorm[] {
  return textLayer.filter((b) => b.bboxNorm && b.kind !== "IMAGE" && b.text.trim()).map((b) => b.bboxNorm!);
}
