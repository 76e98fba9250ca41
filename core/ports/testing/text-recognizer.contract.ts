import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecognitionInput, TextRecognizer } from "../text-recognizer.js";
import { errorCodeOf } from "./domain-error-of.js";

/** A grey image the harness drew with known lines of text on it. */
export interface DrawnImage {
  image: Uint8Array;
  raw?: { width: number; height: number };
  dpi: number;
}

export interface TextRecognizerHarness {
  recognizer: TextRecognizer;
  /** Draw `lines` one under another (about 10 pt text at `dpi`) in the way this engine can read. */
  draw(lines: string[]): Promise<DrawnImage>;
  /** A blank image of the same kind. */
  blank(): Promise<DrawnImage>;
  close?(): Promise<void>;
}

/** Levenshtein distance over code points divided by the truth's length. */
export function characterErrorRate(truth: string, read: string): number {
  const a = [...truth];
  const b = [...read];
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]! / a.length;
}

const LINES = ["Спецификация элементов", "Перемычка ПБ 10 шт"];

/** The behaviour every `TextRecognizer` shares, whatever engine reads the pixels. */
export function describeTextRecognizerContract(name: string, factory: () => Promise<TextRecognizerHarness>): void {
  describe(`TextRecognizer contract: ${name}`, () => {
    let harness: TextRecognizerHarness;
    const input = (drawn: DrawnImage, extra: Partial<RecognitionInput> = {}): RecognitionInput => ({
      image: drawn.image,
      ...(drawn.raw ? { raw: drawn.raw } : {}),
      dpi: drawn.dpi,
      languages: ["rus", "eng"],
      ...extra,
    });

    beforeAll(async () => {
      harness = await factory();
    });
    afterAll(async () => {
      await harness.recognizer.close();
      await harness.close?.();
    });

    it("reads the drawn lines top to bottom, with boxes inside the image", async () => {
      const result = await harness.recognizer.recognize(input(await harness.draw(LINES)));
      expect(result.engine).toBe(harness.recognizer.engine);
      expect(result.lines).toHaveLength(LINES.length);
      result.lines.forEach((line, i) => {
        expect(characterErrorRate(LINES[i]!, line.text)).toBeLessThan(0.15);
        expect(line.text).toBe(line.words.map((w) => w.text).join(" "));
        for (const box of [line.bbox, ...line.words.map((w) => w.bbox)]) {
          expect(box[0]).toBeGreaterThanOrEqual(0);
          expect(box[1]).toBeGreaterThanOrEqual(0);
          expect(box[2]).toBeLessThanOrEqual(result.width);
          expect(box[3]).toBeLessThanOrEqual(result.height);
          expect(box[0]).toBeLessThan(box[2]);
          expect(box[1]).toBeLessThan(box[3]);
        }
        for (const word of line.words) {
          expect(word.confidence).toBeGreaterThan(0.5);
          expect(word.confidence).toBeLessThanOrEqual(1);
        }
      });
      expect(result.lines[0]!.bbox[3]).toBeLessThanOrEqual(result.lines[1]!.bbox[1] + 2);
    });

    it("reports the languages it used, a subset of the ones asked for", async () => {
      const result = await harness.recognizer.recognize(input(await harness.draw(["Лист 3"]), { languages: ["rus", "eng", "xyz"] }));
      expect(result.languages.length).toBeGreaterThan(0);
      for (const language of result.languages) expect(["rus", "eng", "xyz"]).toContain(language);
      expect(result.languages).not.toContain("xyz");
    });

    it("finds no lines on a blank image", async () => {
      const result = await harness.recognizer.recognize(input(await harness.blank()));
      expect(result.lines).toEqual([]);
    });

    it("rejects bytes that are no image with OCR.FAILED", async () => {
      const junk = new TextEncoder().encode("this is not an image at all");
      expect(await errorCodeOf(harness.recognizer.recognize({ image: junk, languages: ["eng"] }))).toBe("OCR.FAILED");
    });

    it("stops with OPERATION.CANCELLED when the signal is already aborted", async () => {
      const drawn = await harness.draw(["Лист 4"]);
      expect(await errorCodeOf(harness.recognizer.recognize(input(drawn, { signal: AbortSignal.abort() })))).toBe("OPERATION.CANCELLED");
    });

    it("answers OCR.UNAVAILABLE when none of the languages is there", async () => {
      expect(await errorCodeOf(harness.recognizer.recognize(input(await harness.draw(["Лист 5"]), { languages: ["xyz"] })))).toBe("OCR.UNAVAILABLE");
    });

    it("works again after close", async () => {
      await harness.recognizer.close();
      const result = await harness.recognizer.recognize(input(await harness.draw(["Лист 6"])));
      expect(result.lines).toHaveLength(1);
    });
  });
}
