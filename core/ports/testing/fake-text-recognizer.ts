import { DomainError } from "../../domain/errors.js";
import type { BBoxNorm } from "../../domain/geometry.js";
import type { RecognitionInput, RecognitionResult, RecognizedLine, RecognizedWord, TextRecognizer } from "../text-recognizer.js";

/** One word of a synthetic scene: where it sits on which page, and what a reader should find there. */
export interface SceneWord {
  text: string;
  page: number;
  bbox: BBoxNorm;
  /** What the fake reports as its confidence (default 0.95). */
  confidence?: number;
}

/**
 * Known text placed on synthetic pages. Each word is painted as a solid rectangle whose grey value is the
 * word's index in `words`, so a painted image carries, in its pixels, which words it shows and where.
 */
export interface GlyphScene {
  /** Page sizes in points, by 1-based page number. */
  pages: Record<number, { width: number; height: number }>;
  words: SceneWord[];
}

/** Grey values below this are word codes; paper is 255. */
export const SCENE_CODES = 127;
/** Dark grey that is ink but no word (rules, drawing strokes): scenes draw their non-text ink in it. */
export const SCENE_INK = 127;
const DARK = 128;

/** Paint the words of one page that fall in `region` (0..1 of the page) at `dpi`, as raw 8-bit grey. */
export function paintScene(scene: GlyphScene, page: number, region: BBoxNorm, dpi: number): { pixels: Uint8Array; width: number; height: number } {
  const size = scene.pages[page];
  if (!size) throw new DomainError("REGION.INVALID", `page ${page} is not in the scene`);
  if (scene.words.length > SCENE_CODES) throw new DomainError("VALIDATION.INVALID_INPUT", `a scene holds at most ${SCENE_CODES} words`);
  const scale = dpi / 72;
  const x0 = region[0] * size.width * scale;
  const y0 = region[1] * size.height * scale;
  const width = Math.max(1, Math.round((region[2] - region[0]) * size.width * scale));
  const height = Math.max(1, Math.round((region[3] - region[1]) * size.height * scale));
  const pixels = new Uint8Array(width * height).fill(255);
  scene.words.forEach((word, code) => {
    if (word.page !== page) return;
    const left = Math.max(0, Math.round(word.bbox[0] * size.width * scale - x0));
    const top = Math.max(0, Math.round(word.bbox[1] * size.height * scale - y0));
    const right = Math.min(width, Math.round(word.bbox[2] * size.width * scale - x0));
    const bottom = Math.min(height, Math.round(word.bbox[3] * size.height * scale - y0));
    for (let y = top; y < bottom; y++) pixels.fill(code, y * width + left, y * width + Math.max(left, right));
  });
  return { pixels, width, height };
}

interface Extent {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  count: number;
}

export interface FakeTextRecognizerOptions {
  /** Languages the fake "has" (default rus + eng). */
  languages?: string[];
  /** Makes a call fail (a crashed worker, an engine error) when it returns an error. */
  failWhen?: (input: RecognitionInput, call: number) => Error | undefined;
  engine?: string;
}

/**
 * Verified fake of `TextRecognizer`: reads the words `paintScene` painted. A word cut by the image's left or
 * right edge reads as the visible share of its characters (as a real engine reads half a word at a tile seam);
 * one cut at the top or bottom is not read; ink that is not a painted word (noise, drawings) reads as one
 * low-confidence garbage line when it covers more than 2 % of the image. Accepts raw grey input only.
 */
export class FakeTextRecognizer implements TextRecognizer {
  readonly engine: string;
  calls = 0;
  private readonly languages: string[];

  constructor(
    readonly scene: GlyphScene,
    private readonly options: FakeTextRecognizerOptions = {},
  ) {
    this.engine = options.engine ?? "fake";
    this.languages = options.languages ?? ["rus", "eng"];
  }

  async recognize(input: RecognitionInput): Promise<RecognitionResult> {
    const call = this.calls++;
    if (input.signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "recognition was cancelled");
    const languages = input.languages.filter((l) => this.languages.includes(l));
    if (languages.length === 0) throw new DomainError("OCR.UNAVAILABLE", `no language data for ${input.languages.join("+")}`);
    const failure = this.options.failWhen?.(input, call);
    if (failure) throw failure;
    const raw = input.raw;
    if (!raw || raw.width * raw.height !== input.image.length) throw new DomainError("OCR.FAILED", "the image could not be read (the fake reads raw grey pixels only)");
    const { width, height } = raw;
    const extents = new Map<number, Extent>();
    let ink = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = input.image[y * width + x]!;
        if (v >= DARK) continue;
        ink++;
        if (v >= SCENE_CODES) continue;
        const e = extents.get(v);
        if (!e) extents.set(v, { minX: x, minY: y, maxX: x, maxY: y, count: 1 });
        else {
          e.minX = Math.min(e.minX, x);
          e.maxX = Math.max(e.maxX, x);
          e.minY = Math.min(e.minY, y);
          e.maxY = Math.max(e.maxY, y);
          e.count++;
        }
      }
    }
    const words: RecognizedWord[] = [];
    let wordInk = 0;
    for (const [code, e] of extents) {
      const w = e.maxX - e.minX + 1;
      const h = e.maxY - e.minY + 1;
      const word = this.scene.words[code];
      if (!word || w < 2 || h < 2 || e.count !== w * h) continue;
      wordInk += e.count;
      const text = this.visibleText(word, e, w, h, width, height);
      if (text) words.push({ text, bbox: [e.minX, e.minY, e.maxX + 1, e.maxY + 1], confidence: text === word.text ? (word.confidence ?? 0.95) : 0.6 });
    }
    const lines = groupLines(words);
    if (ink - wordInk > 0.02 * width * height) {
      lines.push({ text: "~:;'", bbox: [0, 0, width, height], confidence: 0.1, words: [{ text: "~:;'", bbox: [0, 0, width, height], confidence: 0.1 }] });
    }
    return { width, height, lines, languages, engine: this.engine };
  }

  async close(): Promise<void> {}

  private visibleText(word: SceneWord, e: Extent, w: number, h: number, width: number, height: number): string {
    if (e.minY === 0 || e.maxY === height - 1) {
      const size = this.scene.pages[word.page]!;
      // touching the top or bottom edge only matters when the word is actually cut there
      const expectedHeight = (word.bbox[3] - word.bbox[1]) * size.height;
      const expectedWidth = (word.bbox[2] - word.bbox[0]) * size.width;
      if (Math.abs(h / w - expectedHeight / expectedWidth) > 0.05 * (expectedHeight / expectedWidth) + 1 / w) return "";
    }
    const cutLeft = e.minX === 0;
    const cutRight = e.maxX === width - 1;
    if (!cutLeft && !cutRight) return word.text;
    const size = this.scene.pages[word.page]!;
    const fullWidth = ((word.bbox[2] - word.bbox[0]) * size.width * h) / ((word.bbox[3] - word.bbox[1]) * size.height);
    const share = Math.min(1, w / fullWidth);
    if (share > 0.98) return word.text;
    const chars = [...word.text];
    const visible = Math.floor(chars.length * share);
    if (visible === 0) return "";
    return cutRight ? chars.slice(0, visible).join("") : chars.slice(chars.length - visible).join("");
  }
}

/** Words whose vertical extents overlap by half form a line; lines top to bottom, words left to right. */
function groupLines(words: RecognizedWord[]): RecognizedLine[] {
  const lines: RecognizedWord[][] = [];
  for (const word of [...words].sort((a, b) => a.bbox[1] - b.bbox[1])) {
    const line = lines.find((l) => {
      const top = Math.max(l[0]!.bbox[1], word.bbox[1]);
      const bottom = Math.min(l[0]!.bbox[3], word.bbox[3]);
      return bottom - top > 0.5 * Math.min(l[0]!.bbox[3] - l[0]!.bbox[1], word.bbox[3] - word.bbox[1]);
    });
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines.map((l) => {
    const sorted = l.sort((a, b) => a.bbox[0] - b.bbox[0]);
    return {
      text: sorted.map((w) => w.text).join(" "),
      bbox: [
        Math.min(...sorted.map((w) => w.bbox[0])),
        Math.min(...sorted.map((w) => w.bbox[1])),
        Math.max(...sorted.map((w) => w.bbox[2])),
        Math.max(...sorted.map((w) => w.bbox[3])),
      ],
      confidence: sorted.reduce((s, w) => s + w.confidence, 0) / sorted.length,
      words: sorted,
    };
  });
}
