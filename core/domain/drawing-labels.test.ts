import { describe, expect, it } from "vitest";
import { LABEL_BOXES_META, drawingLabels, ocrDrawingLabels, packLabelBoxes, withPackedLabelBoxes } from "./drawing-labels.js";

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

describe("ocrDrawingLabels", () => {
  const drawing = { bboxNorm: [0.1, 0.1, 0.6, 0.6] as [number, number, number, number] };

  it("takes the lines of the OCR TEXT blocks inside the drawing, each with its line's box", () => {
    const room = { kind: "TEXT" as const, text: "2.02\nКухня", bboxNorm: [0.2, 0.2, 0.24, 0.23] as [number, number, number, number], meta: { [LABEL_BOXES_META]: packLabelBoxes([[0.2, 0.2, 0.22, 0.21], [0.2, 0.22, 0.24, 0.23]]) } };
    const outside = { ...room, text: "2.02\nЭтап", bboxNorm: [0.7, 0.7, 0.74, 0.73] as [number, number, number, number] };
    const table = { ...room, kind: "TABLE" as const };
    expect(ocrDrawingLabels(drawing, [room, outside, table])).toEqual([
      { text: "2.02", bbox: [0.2, 0.2, 0.22, 0.21] },
      { text: "Кухня", bbox: [0.2, 0.22, 0.24, 0.23] },
    ]);
  });

  it("gives each line of a block stored without line boxes the block's box, and nothing for a drawing without a box", () => {
    const block = { kind: "TEXT" as const, text: "Д1\n", bboxNorm: [0.3, 0.3, 0.31, 0.31] as [number, number, number, number] };
    expect(ocrDrawingLabels(drawing, [block])).toEqual([{ text: "Д1", bbox: [0.3, 0.3, 0.31, 0.31] }]);
    expect(ocrDrawingLabels({}, [block])).toEqual([]);
  });
});

describe("packed label boxes", () => {
  it("reads boxes packed into one string to exactly the numbers packed, as it reads a list stored before packing", () => {
    const boxes = [[0.1, 0.2, 0.30000000000000004, 0.4], [1e-7, 0.5, 0.75, 1]];
    const packed = packLabelBoxes(boxes);
    expect(packed).toBe("0.1,0.2,0.30000000000000004,0.4;1e-7,0.5,0.75,1");
    const labels = [{ text: "2.01", bbox: boxes[0] }, { text: "16,41", bbox: boxes[1] }];
    expect(drawingLabels({ kind: "IMAGE", text: "2.01\n16,41", meta: { [LABEL_BOXES_META]: packed } })).toEqual(labels);
    expect(drawingLabels({ kind: "IMAGE", text: "2.01\n16,41", meta: { [LABEL_BOXES_META]: boxes } })).toEqual(labels);
    expect(drawingLabels({ kind: "IMAGE", text: "", meta: { [LABEL_BOXES_META]: packLabelBoxes([]) } })).toEqual([]);
  });

  it("gives no position for a packed box that is not four numbers", () => {
    expect(drawingLabels({ kind: "IMAGE", text: "2.01\n16,41", meta: { [LABEL_BOXES_META]: "0.1,0.2,0.3;0.1,0.2,0.3,x" } })).toEqual([]);
    expect(drawingLabels({ kind: "IMAGE", text: "2.01\n16,41", meta: { [LABEL_BOXES_META]: "0.1,0.2,0.3,0.4;0.1,0.2,0.3" } })).toEqual([
      { text: "2.01", bbox: [0.1, 0.2, 0.3, 0.4] },
    ]);
  });

  it("packs the list of a block stored before packing, and leaves any other meta as it is", () => {
    expect(withPackedLabelBoxes({ raster: false, [LABEL_BOXES_META]: [[0.1, 0.2, 0.3, 0.4]] })).toEqual({ raster: false, [LABEL_BOXES_META]: "0.1,0.2,0.3,0.4" });
    const odd = { [LABEL_BOXES_META]: [[0.1, 0.2, 0.3]] };
    expect(withPackedLabelBoxes(odd)).toBe(odd);
    const packed = { [LABEL_BOXES_META]: "0.1,0.2,0.3,0.4" };
    expect(withPackedLabelBoxes(packed)).toBe(packed);
  });
});
