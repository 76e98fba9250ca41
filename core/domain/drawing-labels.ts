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
