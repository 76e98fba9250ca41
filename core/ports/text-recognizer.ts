export interface RecognizedWord {
  text: string;
  /** Pixel box `[x1, y1, x2, y2]` in the input image. */
  bbox: [number, number, number, number];
  /** 0..1 */
  confidence: number;
}

export interface RecognizedLine {
  text: string;
  bbox: [number, number, number, number];
  confidence: number;
  words: RecognizedWord[];
}

export interface RecognitionInput {
  /** Encoded image (PNG/JPEG) or raw 8-bit grayscale with its size. */
  image: Uint8Array;
  raw?: { width: number; height: number };
  /** Tesseract-style language codes, e.g. `["rus", "eng"]`. */
  languages: string[];
  /** Layout hint: a sparse drawing region or a ruled table / block of text. */
  layout?: "auto" | "sparse" | "block";
  signal?: AbortSignal;
}

export interface RecognitionResult {
  width: number;
  height: number;
  lines: RecognizedLine[];
  /** Languages actually used (a missing language is dropped, not fatal). */
  languages: string[];
  engine: string;
}

export const TextRecognizer = Symbol.for("aizoomdoc.TextRecognizer");

/**
 * Reads text from an image (OCR).
 *
 * Contract: boxes are in input pixels; lines are in reading order; an image with no text yields no lines
 * (not an error); an unreadable image throws `OCR.FAILED` naming the reason; no language data at all throws
 * `OCR.UNAVAILABLE`. Implementations never download anything.
 */
export interface TextRecognizer {
  readonly engine: string;
  recognize(input: RecognitionInput): Promise<RecognitionResult>;
  /** Release workers. */
  close(): Promise<void>;
}
