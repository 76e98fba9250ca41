import { describe, expect, it } from "vitest";
import { LABEL_BOXES_META, drawingLabels, packLabelBoxes, unpackLabelBoxes } from "./drawing-labels.js";

describe("drawingLabels", () => {
  it("pairs each line of a drawing's text with its box", () => {
    const block = { kind: "IMAGE" as const, text: "2.01\nЛоджия\n16,41", meta: { [LABEL_BOXES_META]: [[0.1, 0.1, 0.12, 0.11], [0.1, 0.11, 0.13, 0.12], [0.1, 0.12, 0.12, 0.13]] } };
    expect(drawingLabels(block)).toEqual([
      { text: "2.01", bbox: [0.1, 0.1, 0.12, 0.11] },
      { text: "Лоджия", bbox: [0.1, 0.11, 0.13, 0.12] },
      { text: "16,41", bbox: [0.1, 0.12, 0.12, 0.13] },
    ]);
  });

  it("gives no positions rather than wrong ones when the lines and boxes do not line up, and none for other blocks", () => {
    expect(drawingLabels({ kind: "IMAGE", text: "2.01\nЛоджия", meta: { [LABEL_BOXES_META]: [[0.1, 0.1, 0.12, 0.11]] } })).toEqual([]);
    expect(drawingLabels({ kind: "TEXT", text: "2.01", meta: { [LABEL_BOXES_META]: [[0.1, 0.1, 0.12, 0.11]] } })).toEqual([]);
    expect(drawingLabels({ kind: "IMAGE", text: "2.01" })).toEqual([]);
  });
});

describe("packLabelBoxes / unpackLabelBoxes", () => {
  it("packs a drawing's boxes into one string and unpacks exactly the same numbers", () => {
    const meta = { raster: false, [LABEL_BOXES_META]: [[0.1, 0.2, 0.30000000000000004, 0.4], [1e-7, 0.5, 0.75, 1]] };
    const packed = packLabelBoxes(meta);
    expect(packed).toEqual({ raster: false, [LABEL_BOXES_META]: "0.1,0.2,0.30000000000000004,0.4;1e-7,0.5,0.75,1" });
    expect(unpackLabelBoxes(packed)).toEqual(meta);
    expect(unpackLabelBoxes(packLabelBoxes({ [LABEL_BOXES_META]: [] }))).toEqual({ [LABEL_BOXES_META]: [] });
  });

  it("leaves meta that holds no list of boxes, and boxes stored unpacked, as they are", () => {
    const odd = { [LABEL_BOXES_META]: [[0.1, 0.2, 0.3]] };
    expect(packLabelBoxes(odd)).toBe(odd);
    const unpacked = { [LABEL_BOXES_META]: [[0.1, 0.2, 0.3, 0.4]] };
    expect(unpackLabelBoxes(unpacked)).toBe(unpacked);
    expect(packLabelBoxes({ category_code: "plan" })).toEqual({ category_code: "plan" });
  });
});
