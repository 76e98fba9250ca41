import type { Block } from "./block.js";
import type { BBoxNorm } from "./geometry.js";

/**
 * Meta key of an IMAGE block read from a text layer: the page box (0..1) of each line of its text, in the order of
 * the lines. A drawing's text is its labels (room numbers, areas, level marks, opening marks), and where a label
 * sits is what ties a value to the thing it belongs to: the area under a room's number, the mark beside an axis.
 */
export const LABEL_BOXES_META = "labelBoxes";

export interface DrawingLabel {
  text: string;
  /** Box on the page, 0..1. */
  bbox: BBoxNorm;
}

/** The labels of a drawing block with their boxes; none when the block carries no boxes for its lines. */
export function drawingLabels(block: Pick<Block, "kind" | "text" | "meta">): DrawingLabel[] {
  const boxes = block.meta?.[LABEL_BOXES_META];
  if (block.kind !== "IMAGE" || !Array.isArray(boxes)) return [];
  const lines = block.text.split("\n");
  // a block whose text was changed after parsing no longer lines up with its boxes: no positions rather than wrong ones
  if (lines.length !== boxes.length) return [];
  return lines.flatMap((text, i) => {
    const box = boxes[i] as unknown;
    return text.trim() && Array.isArray(box) && box.length === 4 && box.every((v) => typeof v === "number") ? [{ text: text.trim(), bbox: box as unknown as BBoxNorm }] : [];
  });
}

/**
 * A meta with its label boxes packed as one string, `x1,y1,x2,y2` per label joined by `;`, for storage and export:
 * as nested arrays a heavy sheet's hundreds of boxes made most of a document's stored bytes, and Postgres parsed
 * each number into a jsonb numeric (half the time of storing a heavy set went there). The numbers are written as
 * JavaScript prints them, so `unpackLabelBoxes` gives back the same numbers; meta that is not a list of boxes stays
 * as it is.
 */
export function packLabelBoxes(meta: Record<string, unknown>): Record<string, unknown> {
  const boxes = meta[LABEL_BOXES_META];
  const isBoxes = Array.isArray(boxes) && boxes.every((b) => Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === "number" && Number.isFinite(v)));
  return isBoxes ? { ...meta, [LABEL_BOXES_META]: (boxes as number[][]).map((b) => b.join(",")).join(";") } : meta;
}

/** The inverse of `packLabelBoxes`; a meta whose boxes are arrays already (stored before packing) stays as it is. */
export function unpackLabelBoxes(meta: Record<string, unknown>): Record<string, unknown> {
  const boxes = meta[LABEL_BOXES_META];
  if (typeof boxes !== "string") return meta;
  return { ...meta, [LABEL_BOXES_META]: boxes === "" ? [] : boxes.split(";").map((box) => box.split(",").map(Number)) };
}
