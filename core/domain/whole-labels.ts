import type { BBoxNorm } from "./geometry.js";

/**
 * A label counts as one when it is at most this share of the region's width and height: a region is grown for the
 * labels it cuts, never for a long line of notes that runs across it.
 */
const MAX_LABEL_SHARE = 0.35;
/** White kept around a label taken in, in label heights: a reader needs some paper around the glyphs. */
const LABEL_MARGIN = 0.3;

/**
 * `region` grown to take in whole, with a little white, every label it cuts (a label box that crosses its edge): a room's area or a
 * level mark that straddles a sector's edge is otherwise half in each image and legible in neither. Labels wholly
 * inside or outside leave it as it is; the result stays inside `within` (the page, or the block).
 */
export function growToWholeLabels(region: BBoxNorm, labels: readonly BBoxNorm[], within: BBoxNorm = [0, 0, 1, 1]): BBoxNorm {
  const width = region[2] - region[0];
  const height = region[3] - region[1];
  let [x0, y0, x1, y1] = region;
  for (const label of labels) {
    const crosses = label[0] < region[2] && region[0] < label[2] && label[1] < region[3] && region[1] < label[3];
    const inside = label[0] >= region[0] && label[2] <= region[2] && label[1] >= region[1] && label[3] <= region[3];
    if (!crosses || inside) continue;
    if (label[2] - label[0] > MAX_LABEL_SHARE * width || label[3] - label[1] > MAX_LABEL_SHARE * height) continue;
    const margin = LABEL_MARGIN * (label[3] - label[1]);
    x0 = Math.min(x0, label[0] - margin);
    y0 = Math.min(y0, label[1] - margin);
    x1 = Math.max(x1, label[2] + margin);
    y1 = Math.max(y1, label[3] + margin);
  }
  return [Math.max(within[0], x0), Math.max(within[1], y0), Math.min(within[2], x1), Math.min(within[3], y1)];
}
