import { mkdtempSync, rmSync, symlinkSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bbox, Page, Worker } from "tesseract.js";
import { DomainError } from "../../core/domain/errors.js";
import type { RecognitionInput, RecognitionResult, RecognizedLine, RecognizedWord, TextRecognizer } from "../../core/ports/text-recognizer.js";
import { locateLanguages } from "./tessdata-locator.js";
import { TesseractConfig, type TesseractConfigInput } from "./tesseract.config.js";
import { TesseractWorkerPool } from "./tesseract-worker-pool.js";

const INSTALL_HINT: Record<string, string> = {
  rus: "apt-get install tesseract-ocr-rus (Debian/Ubuntu) or brew install tesseract-lang (macOS)",
};

/** Image formats Leptonica reads: PNG, JPEG, PNM, TIFF, BMP, WebP. */
function looksLikeImage(b: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((v, i) => b[i] === v);
  return (
    starts(0x89, 0x50, 0x4e, 0x47) ||
    starts(0xff, 0xd8, 0xff) ||
    (b[0] === 0x50 && b[1]! >= 0x31 && b[1]! <= 0x36) ||
    starts(0x49, 0x49, 0x2a, 0x00) ||
    starts(0x4d, 0x4d, 0x00, 0x2a) ||
    starts(0x42, 0x4d) ||
    (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45)
  );
}

/** Raw grey pixels as a binary PGM, which Leptonica reads without any decoding cost. */
function toPgm(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header);
  out.set(pixels, header.length);
  return out;
}

const box = (b: Bbox): [number, number, number, number] => [b.x0, b.y0, b.x1, b.y1];
/** Left out when a recognition asks for Cyrillic letters only. */
const LATIN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * TextRecognizer over tesseract.js (WASM, in worker threads). Language data comes only from local folders
 * (configured, then the system's tessdata, then the npm English package); a missing language is reported once
 * with its install hint and left out. Tiles run on a small worker pool.
 */
export class TesseractTextRecognizer implements TextRecognizer {
  readonly engine = "tesseract";
  private readonly config: TesseractConfig;
  private readonly pools = new Map<string, TesseractWorkerPool>();
  private staged: { dir: string; languages: string[] } | undefined;
  private readonly warned = new Set<string>();

  constructor(
    config: TesseractConfigInput = {},
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {
    this.config = TesseractConfig.parse(config);
  }

  /** Languages whose data was found (stages them on first use). */
  availableLanguages(): string[] {
    return this.stage().languages;
  }

  async recognize(input: RecognitionInput): Promise<RecognitionResult> {
    if (input.signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "recognition was cancelled");
    const available = this.stage().languages;
    const languages = input.languages.filter((l) => available.includes(l));
    if (languages.length === 0) {
      throw new DomainError("OCR.UNAVAILABLE", `no OCR language data for ${input.languages.join("+")} (found: ${available.join(", ") || "none"})`);
    }
    const image = this.encode(input);
    const psm =
      input.layout === "sparse" ? this.config.sparsePageSegmentation : input.layout === "block" ? this.config.blockPageSegmentation : this.config.autoPageSegmentation;
    const pool = this.poolFor(languages);
    const page = await pool.run(
      async (worker: Worker) => {
        try {
          const { data } = await worker.recognize(
            image,
            {
              tessedit_pageseg_mode: String(psm),
              ...(input.dpi ? { user_defined_dpi: String(Math.round(input.dpi)) } : {}),
              // tesseract.js sets these for this recognition only and restores them after
              ...(input.script === "cyrillic" ? { tessedit_char_blacklist: LATIN_LETTERS } : {}),
            } as Record<string, string>,
            { text: false, blocks: true },
          );
          return data;
        } catch (error) {
          throw new DomainError("OCR.FAILED", `the image could not be read: ${String(error).replace(/^Error:\s*/, "")}`);
        }
      },
      { timeoutMs: this.config.recognizeTimeoutMs, signal: input.signal },
    );
    const size = input.raw ?? { width: 0, height: 0 };
    const lines = linesOf(page);
    const width = size.width || Math.max(0, ...lines.map((l) => l.bbox[2]));
    const height = size.height || Math.max(0, ...lines.map((l) => l.bbox[3]));
    return { width, height, lines, languages, engine: this.engine };
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
    if (this.staged) rmSync(this.staged.dir, { recursive: true, force: true });
    this.staged = undefined;
  }

  private encode(input: RecognitionInput): Uint8Array {
    if (input.raw) {
      const { width, height } = input.raw;
      if (!(width > 0 && height > 0) || width * height !== input.image.length) {
        throw new DomainError("OCR.FAILED", `raw image of ${input.image.length} bytes does not match ${width}×${height} grey pixels`);
      }
      if (width * height > this.config.maxImagePixels) {
        throw new DomainError("OCR.FAILED", `image of ${width}×${height} pixels is above the OCR cap of ${this.config.maxImagePixels} pixels`);
      }
      return toPgm(input.image, width, height);
    }
    if (!looksLikeImage(input.image)) throw new DomainError("OCR.FAILED", "the image could not be read: not a PNG, JPEG, PNM, TIFF, BMP or WebP file");
    return input.image;
  }

  private poolFor(languages: string[]): TesseractWorkerPool {
    const key = languages.join("+");
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new TesseractWorkerPool({ size: this.config.workers, languages, langPath: this.stage().dir, initTimeoutMs: this.config.initTimeoutMs });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /**
   * Gather the located files into one private folder under uniform names, so tesseract.js reads every
   * language from a local path whatever folder (and compression) each came from.
   */
  private stage(): { dir: string; languages: string[] } {
    if (this.staged) return this.staged;
    const dirs = [...(this.config.tessdataDir ? [this.config.tessdataDir] : []), ...this.config.systemDirs];
    const located = locateLanguages(this.config.languages, dirs);
    for (const language of located.missing) {
      if (this.warned.has(language)) continue;
      this.warned.add(language);
      const hint = INSTALL_HINT[language] ?? `install the tesseract language package for "${language}"`;
      const rest = located.found.map((f) => f.language).join("+");
      this.warn(`OCR: no ${language}.traineddata in ${located.searched.join(", ")}; ${rest ? `reading with ${rest} only` : "OCR is off"}. Install it: ${hint}, or set AIZOOMDOC_TESSDATA.`);
    }
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-tessdata-"));
    for (const { language, file } of located.found) {
      const target = join(dir, `${language}.traineddata`);
      try {
        symlinkSync(file, target);
      } catch {
        copyFileSync(file, target);
      }
    }
    this.staged = { dir, languages: located.found.map((f) => f.language) };
    return this.staged;
  }
}

function linesOf(page: Page): RecognizedLine[] {
  const lines: RecognizedLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: RecognizedWord[] = line.words
          .map((w) => ({ text: w.text.trim(), bbox: box(w.bbox), confidence: Math.max(0, Math.min(1, w.confidence / 100)) }))
          .filter((w) => w.text.length > 0 && w.bbox[0] < w.bbox[2] && w.bbox[1] < w.bbox[3]);
        if (words.length === 0) continue;
        lines.push({
          text: words.map((w) => w.text).join(" "),
          bbox: box(line.bbox),
          confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length,
          words,
        });
      }
    }
  }
  return lines.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}
