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
  /**
   * Layout hint: `auto` (default) finds blocks, columns and ruled tables itself; `sparse` looks for scattered
   * labels on a drawing; `block` reads one uniform block of text.
   */
  layout?: "auto" | "sparse" | "block";
  /**
   * Letters of this script only (digits and punctuation always): a short code on a Russian sheet read again, which
   * the engine's English model would otherwise claim (`Al` for `Д1`). Engines that cannot restrict their letters
   * read as usual.
   */
  script?: "cyrillic";
  /** Resolution the image was rendered at, so the engine judges text size correctly. */
  dpi?: number;
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
 * Contract: boxes are in input pixels and lie inside the image; lines are in reading order (top to bottom);
 * a line's text is its words joined by spaces; an image with no text yields no lines (not an error); an
 * unreadable image throws `OCR.FAILED` naming the reason; an aborted `signal` throws `OPERATION.CANCELLED`;
 * no language data at all throws `OCR.UNAVAILABLE`. Implementations never download anything, and `close`
 * may be followed by further calls (the engine restarts lazily).
 */
export interface TextRecognizer {
  readonly engine: string;
  recognize(input: RecognitionInput): Promise<RecognitionResult>;
  /** Release workers. */
  close(): Promise<void>;
}
