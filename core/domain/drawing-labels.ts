import type { Block } from "./block.js";
import { type BBoxNorm, centredIn } from "./geometry.js";

/**
 * Meta key of an IMAGE block read from a text layer: the page box (0..1) of each line of its text, in the order of
 * the lines, packed by `packLabelBoxes`. A drawing's text is its labels (room numbers, areas, level marks, opening
 * marks), and where a label sits is what ties a value to the thing it belongs to: the area under a room's number,
 * the mark beside an axis. Blocks stored before packing hold a list of `[x1, y1, x2, y2]`; both read the same.
 */
export const LABEL_BOXES_META = "labelBoxes";

export interface DrawingLabel {
  text: string;
  /** Box on the page, 0..1. */
  bbox: BBoxNorm;
}

/** The labels of a drawing block with their boxes; none when the block carries no boxes for its lines. */
export function drawingLabels(block: Pick<Block, "kind" | "text" | "meta">): DrawingLabel[] {
  return block.kind === "IMAGE" ? linesWithBoxes(block) ?? [] : [];
}

/**
 * The labels of a drawing on a page read by OCR, whose text is not the drawing block's but the page's OCR TEXT
 * blocks: the lines (`ocrLines`) of those whose centre lies in the drawing's box.
 */
export function ocrDrawingLabels(drawing: Pick<Block, "bboxNorm">, ocrBlocks: readonly Pick<Block, "kind" | "text" | "meta" | "bboxNorm">[]): DrawingLabel[] {
  const area = drawing.bboxNorm;
  if (!area) return [];
  return ocrLines(ocrBlocks.filter((block) => block.bboxNorm && centredIn(block.bboxNorm, area)));
}

/**
 * Each line of OCR TEXT blocks with the line's box (the OCR layout keeps them under `LABEL_BOXES_META`; a block
 * stored without them gives each of its lines the block's box).
 */
export function ocrLines(ocrBlocks: readonly Pick<Block, "kind" | "text" | "meta" | "bboxNorm">[]): DrawingLabel[] {
  return ocrBlocks.flatMap((block) => {
    const box = block.bboxNorm;
    if (block.kind !== "TEXT" || !box) return [];
    return linesWithBoxes(block) ?? block.text.split("\n").flatMap((line) => (line.trim() ? [{ text: line.trim(), bbox: box }] : []));
  });
}

/** A block's lines with their boxes; undefined when it carries none, or none that line up with its lines. */
function linesWithBoxes(block: Pick<Block, "text" | "meta">): DrawingLabel[] | undefined {
  const boxes = labelBoxesIn(block.meta?.[LABEL_BOXES_META]);
  if (!boxes) return undefined;
  const lines = block.text.split("\n");
  // a block whose text was changed after parsing no longer lines up with its boxes: no positions rather than wrong ones
  if (lines.length !== boxes.length) return undefined;
  return lines.flatMap((text, i) => {
    const box = boxes[i] as unknown;
    return text.trim() && Array.isArray(box) && box.length === 4 && box.every((v) => typeof v === "number" && Number.isFinite(v)) ? [{ text: text.trim(), bbox: box as unknown as BBoxNorm }] : [];
  });
}

/**
 * The boxes as one string, `x1,y1,x2,y2` per label joined by `;`. A heavy sheet has thousands of labels: as nested
 * arrays they were most of a document's stored bytes, Postgres parsed every number into a jsonb numeric (inserting
 * a heavy 50-sheet set's blocks took 380 ms, packed 200 ms), and each page's arrays were copied one by one from the
 * parse worker. The numbers are written as JavaScript prints them, so reading the string back gives the same numbers.
 */
export function packLabelBoxes(boxes: readonly (readonly number[])[]): string {
  return boxes.map((box) => box.join(",")).join(";");
}

/** A meta whose label boxes are a list (a block stored before packing) with them packed; any other meta as it is. */
export function withPackedLabelBoxes(meta: Record<string, unknown>): Record<string, unknown> {
  const boxes = meta[LABEL_BOXES_META];
  const isBoxes = Array.isArray(boxes) && boxes.every((b) => Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === "number" && Number.isFinite(v)));
  return isBoxes ? { ...meta, [LABEL_BOXES_META]: packLabelBoxes(boxes as number[][]) } : meta;
}

/** The boxes of a `LABEL_BOXES_META` value, packed or (stored before packing) a list; undefined for anything else. */
function labelBoxesIn(value: unknown): unknown[] | undefined {
  if (typeof value === "string") return value === "" ? [] : value.split(";").map((box) => box.split(",").map(Number));
  return Array.isArray(value) ? value : undefined;
}
