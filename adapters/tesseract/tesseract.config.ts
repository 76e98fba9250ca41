import { availableParallelism } from "node:os";
import { z } from "zod";

/** Where tesseract packages put their language data on common systems, searched after the configured folder. */
export const SYSTEM_TESSDATA_DIRS = [
  "/usr/share/tesseract-ocr/5/tessdata",
  "/usr/share/tesseract-ocr/4.00/tessdata",
  "/usr/share/tessdata",
  "/opt/homebrew/share/tessdata",
  "/usr/local/share/tessdata",
];

export const TesseractConfig = z.object({
  /** Folder searched first for `<lang>.traineddata` (the CLI's AIZOOMDOC_TESSDATA). */
  tessdataDir: z.string().min(1).optional(),
  /** Searched after `tessdataDir`; the npm package `@tesseract.js-data/eng` is the last resort for English. */
  systemDirs: z.array(z.string().min(1)).default(SYSTEM_TESSDATA_DIRS),
  languages: z.array(z.string().regex(/^[a-z_]{3,16}$/)).min(1).default(["rus", "eng"]),
  /** Worker threads; each holds its own engine and language data (about 150–250 MB). */
  workers: z.number().int().min(1).max(8).default(Math.max(1, Math.min(2, availableParallelism()))),
  /** Page segmentation for `layout: "auto"`: 3 reads ruled tables well, 6 turns them into garbage. */
  autoPageSegmentation: z.number().int().min(0).max(13).default(3),
  /** For `layout: "sparse"` (labels scattered over a drawing). */
  sparsePageSegmentation: z.number().int().min(0).max(13).default(11),
  blockPageSegmentation: z.number().int().min(0).max(13).default(6),
  /** Largest image accepted, in pixels; larger tiles are refused rather than risking the worker's memory. */
  maxImagePixels: z.number().int().positive().default(40_000_000),
  initTimeoutMs: z.number().int().positive().default(60_000),
  recognizeTimeoutMs: z.number().int().positive().default(180_000),
});

export type TesseractConfig = z.infer<typeof TesseractConfig>;
export type TesseractConfigInput = z.input<typeof TesseractConfig>;
