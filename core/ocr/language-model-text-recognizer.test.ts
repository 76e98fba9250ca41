import { describe, expect, it } from "vitest";
import { InMemoryPromptLibrary } from "../ports/testing/in-memory-prompt-library.js";
import { ScriptedLanguageModel } from "../ports/testing/scripted-language-model.js";
import { describeTextRecognizerContract } from "../ports/testing/text-recognizer.contract.js";
import { encodeGrayPng } from "./gray-png.js";
import { LanguageModelTextRecognizer } from "./language-model-text-recognizer.js";

const prompts = new InMemoryPromptLibrary([{ id: "ocr-reader", version: 1, body: "Transcribe in {{languages}}." }]);

/** A scripted model that "reads" each image the harness drew: replies are looked up by the image's bytes. */
function readingModel() {
  const drawn = new Map<string, string[]>();
  const model = new ScriptedLanguageModel([], { name: "gemini-2.5-flash" });
  let count = 0;
  const draw = async (lines: string[]) => {
    const width = 400;
    const height = 40 + 16 * lines.length;
    const pixels = new Uint8Array(width * height).fill(255);
    pixels[0] = count++ % 256; // every drawing is a different image
    drawn.set(Buffer.from(encodeGrayPng(pixels, width, height)).toString("base64"), lines);
    model.enqueue((request) => {
      const image = request.messages[0]!.parts.find((p) => p.type === "image");
      const seen = image?.type === "image" ? (drawn.get(Buffer.from(image.data).toString("base64")) ?? []) : [];
      return { object: { lines: seen.map((text, i) => ({ text, bbox: [50, (1000 * (20 + 16 * i)) / height, 50 + text.length * 15, (1000 * (32 + 16 * i)) / height], confidence: 0.9 })) } };
    });
    return { image: pixels, raw: { width, height }, dpi: 150 };
  };
  return { model, draw };
}

describeTextRecognizerContract("LanguageModelTextRecognizer (scripted model)", async () => {
  const { model, draw } = readingModel();
  return { recognizer: new LanguageModelTextRecognizer(model, prompts), draw, blank: () => draw([]) };
});

describe("LanguageModelTextRecognizer", () => {
  it("sends one PNG tile with the structured-output schema and maps thousandths to pixels, words by characters", async () => {
    const { model, draw } = readingModel();
    const recognizer = new LanguageModelTextRecognizer(model, prompts);
    const drawn = await draw(["ОВ1 ОВ1.1"]);
    const result = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, languages: ["rus", "eng"] });
    expect(recognizer.engine).toBe("gemini");
    expect(model.calls[0]).toMatchObject({ tier: "fast", hasSchema: true, imageCount: 1, system: "Transcribe in Russian, English." });
    const line = result.lines[0]!;
    expect(line.text).toBe("ОВ1 ОВ1.1");
    // x: 50…185 thousandths of 400 px; y: 20…32 of a 56 px image
    expect(line.bbox).toEqual([20, 20, 74, 32]);
    expect(line.words.map((w) => [w.text, w.bbox[0], w.bbox[2]])).toEqual([
      ["ОВ1", 20, 38],
      ["ОВ1.1", 44, 74],
    ]);
  });

  it("passes the model's failure on with its LLM code", async () => {
    const model = new ScriptedLanguageModel([{ text: "not json" }]);
    const recognizer = new LanguageModelTextRecognizer(model, prompts);
    await expect(recognizer.recognize({ image: new Uint8Array(4).fill(255), raw: { width: 2, height: 2 }, languages: ["rus"] })).rejects.toMatchObject({ code: "LLM.BAD_RESPONSE" });
  });
});
