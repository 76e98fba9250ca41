import { z } from "zod";
import { DomainError } from "../domain/errors.js";
import type { LanguageModel } from "../ports/language-model.js";
import type { PromptLibrary } from "../ports/prompt-library.js";
import type { RecognitionInput, RecognitionResult, RecognizedLine, TextRecognizer } from "../ports/text-recognizer.js";
import { encodeGrayPng } from "./gray-png.js";

/** What the model returns for one tile (boxes in thousandths of the image, the usual LLM convention). */
export const TileReading = z.object({
  lines: z.array(
    z.object({
      text: z.string(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      confidence: z.number().min(0).max(1),
    }),
  ),
});

/** Languages a multimodal model reads well enough to transcribe drawings, by tesseract code. */
const LANGUAGE_NAMES: Record<string, string> = { rus: "Russian", eng: "English", ukr: "Ukrainian", bel: "Belarusian", kaz: "Kazakh", deu: "German", fra: "French" };

function mimeOf(b: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | undefined {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  return undefined;
}

/** Width and height from a PNG header (the only encoded format the OCR pipeline sends itself). */
function pngSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (mimeOf(b) !== "image/png" || b.length < 24) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * A `TextRecognizer` that asks a multimodal LLM (through the LanguageModel port) to transcribe a tile, with a
 * structured answer of lines and boxes. Words get boxes by splitting their line's box in proportion to their
 * characters. The model's own failures keep their `LLM.*` codes; the engine is named `gemini`, `scripted`, … after
 * the model adapter.
 */
export class LanguageModelTextRecognizer implements TextRecognizer {
  readonly engine: string;

  constructor(
    private readonly model: LanguageModel,
    private readonly prompts: PromptLibrary,
    options: { engine?: string } = {},
  ) {
    this.engine = options.engine ?? model.name.split(/[-:/]/)[0]!.toLowerCase();
  }

  async recognize(input: RecognitionInput): Promise<RecognitionResult> {
    if (input.signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "recognition was cancelled");
    const languages = input.languages.filter((l) => l in LANGUAGE_NAMES);
    if (languages.length === 0) throw new DomainError("OCR.UNAVAILABLE", `the model reader does not read ${input.languages.join("+")}`);
    const { bytes, mimeType, width, height } = this.encode(input);
    const system = await this.prompts.render("ocr-reader", { languages: languages.map((l) => LANGUAGE_NAMES[l]).join(", ") });
    const result = await this.model.generate({
      tier: "fast",
      system,
      messages: [{ role: "user", parts: [{ type: "text", text: "Transcribe the text of this tile." }, { type: "image", mimeType, data: bytes }] }],
      schema: TileReading,
      temperature: 0,
      mediaResolution: "high",
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const lines = (result.object?.lines ?? [])
      .map((line) => toLine(line, width, height))
      .filter((line): line is RecognizedLine => line !== undefined)
      .sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
    return { width, height, lines, languages, engine: this.engine };
  }

  async close(): Promise<void> {}

  private encode(input: RecognitionInput): { bytes: Uint8Array; mimeType: "image/png" | "image/jpeg" | "image/webp"; width: number; height: number } {
    if (input.raw) {
      const { width, height } = input.raw;
      if (!(width > 0 && height > 0) || width * height !== input.image.length) {
        throw new DomainError("OCR.FAILED", `raw image of ${input.image.length} bytes does not match ${width}×${height} grey pixels`);
      }
      return { bytes: encodeGrayPng(input.image, width, height), mimeType: "image/png", width, height };
    }
    const mimeType = mimeOf(input.image);
    const size = pngSize(input.image);
    if (!mimeType || !size) throw new DomainError("OCR.FAILED", "the image could not be read: send raw grey pixels or a PNG");
    return { bytes: input.image, mimeType, ...size };
  }
}

/** A model line in image pixels, clamped to the image, with per-word boxes; undefined for an empty or inverted box. */
function toLine(line: z.infer<typeof TileReading>["lines"][number], width: number, height: number): RecognizedLine | undefined {
  const text = line.text.replace(/\s+/g, " ").trim();
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round((v / 1000) * max)));
  const box: [number, number, number, number] = [clamp(line.bbox[0], width), clamp(line.bbox[1], height), clamp(line.bbox[2], width), clamp(line.bbox[3], height)];
  if (!text || box[0] >= box[2] || box[1] >= box[3]) return undefined;
  const words = text.split(" ");
  const chars = text.length;
  let offset = 0;
  return {
    text,
    bbox: box,
    confidence: line.confidence,
    words: words.map((word) => {
      const x1 = box[0] + Math.round(((box[2] - box[0]) * offset) / chars);
      offset += word.length;
      const x2 = Math.max(x1 + 1, box[0] + Math.round(((box[2] - box[0]) * offset) / chars));
      offset += 1;
      return { text: word, bbox: [x1, box[1], Math.min(box[2], x2), box[3]] as [number, number, number, number], confidence: line.confidence };
    }),
  };
}
