import { describe, expect, it } from "vitest";
import { LABEL_BOXES_META, drawingLabels } from "./drawing-labels.js";

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
