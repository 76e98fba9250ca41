import { describe, expect, it } from "vitest";
import { FakeTextRecognizer, type GlyphScene, paintScene } from "./fake-text-recognizer.js";
import { describeTextRecognizerContract } from "./text-recognizer.contract.js";

const PAGE = { width: 400, height: 200 };

/** Lay `lines` out as scene words on a fresh page of the scene and paint that page. */
function drawInto(scene: GlyphScene, lines: string[], dpi: number) {
  const page = Object.keys(scene.pages).length + 1;
  scene.pages[page] = PAGE;
  lines.forEach((line, row) => {
    let x = 20;
    for (const text of line.split(" ")) {
      const w = text.length * 6;
      scene.words.push({ text, page, bbox: [x / PAGE.width, (20 + row * 16) / PAGE.height, (x + w) / PAGE.width, (30 + row * 16) / PAGE.height] });
      x += w + 5;
    }
  });
  const { pixels, width, height } = paintScene(scene, page, [0, 0, 1, 1], dpi);
  return { image: pixels, raw: { width, height }, dpi };
}

describeTextRecognizerContract("FakeTextRecognizer", async () => {
  const scene: GlyphScene = { pages: {}, words: [] };
  return {
    recognizer: new FakeTextRecognizer(scene),
    draw: async (lines) => drawInto(scene, lines, 150),
    blank: async () => drawInto(scene, [], 150),
  };
});

describe("FakeTextRecognizer", () => {
  it("reads the visible share of a word cut by the image edge", async () => {
    const scene: GlyphScene = { pages: { 1: PAGE }, words: [{ text: "ABCDEFGHIJ", page: 1, bbox: [0.1, 0.1, 0.5, 0.2] }] };
    const { pixels, width, height } = paintScene(scene, 1, [0, 0, 0.3, 1], 72);
    const result = await new FakeTextRecognizer(scene).recognize({ image: pixels, raw: { width, height }, languages: ["eng"] });
    expect(result.lines.map((l) => l.text)).toEqual(["ABCDE"]);
    expect(result.lines[0]!.confidence).toBeLessThan(0.9);
  });

  it("reads noise as one low-confidence garbage line", async () => {
    const scene: GlyphScene = { pages: { 1: PAGE }, words: [] };
    const pixels = new Uint8Array(100 * 100).map((_, i) => (i * 7919) % 256);
    const result = await new FakeTextRecognizer(scene).recognize({ image: pixels, raw: { width: 100, height: 100 }, languages: ["eng"] });
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]!.confidence).toBeLessThan(0.2);
  });
});
