import { z } from "zod";

/** How pages are read by OCR; defaults suit A1/A0 drawing sheets. */
export const OcrSettings = z.object({
  /** Resolution tiles are rendered at; 300 DPI reads 2.5 mm drawing text reliably. */
  dpi: z.number().positive().max(600).default(300),
  /** Tile side in pixels; neighbouring tiles overlap by `overlapPixels` so no line of text is only ever seen cut. */
  tilePixels: z.number().int().min(256).max(8000).default(2400),
  /** More than the height of the largest usual drawing text (7 mm ≈ 83 px at 300 DPI) plus margin. */
  overlapPixels: z.number().int().min(0).default(160),
  /** Hard cap on one tile's pixels, whatever the DPI and tile side say. */
  maxTilePixels: z.number().int().positive().default(9_000_000),
  /** Resolution of the quick whole-page look that finds inked areas the text layer does not explain. */
  surveyDpi: z.number().positive().max(150).default(36),
  languages: z.array(z.string().min(2)).min(1).default(["rus", "eng"]),
  /** Words read with less confidence are dropped (0..1). */
  minWordConfidence: z.number().min(0).max(1).default(0.5),
  /** `auto` finds columns and ruled tables; `sparse` hunts scattered labels on drawings. */
  layout: z.enum(["auto", "sparse"]).default("auto"),
  /**
   * Second look at small text: glyph clusters the size of a short label that no confident word explains are
   * rendered alone, at up to this DPI (so 5-pt text is about 40 px tall), and read as one block.
   */
  smallTextDpi: z.number().positive().max(1200).default(800),
  /** At most this many clusters per page get the second look (about 15 ms each); 0 turns it off. */
  smallTextPerPage: z.number().int().min(0).max(2000).default(150),
  /** Tiles rendered and recognised at once (rendered tiles wait in memory for a worker). */
  concurrency: z.number().int().min(1).max(8).default(2),
});

export type OcrSettings = z.infer<typeof OcrSettings>;
export type OcrSettingsInput = z.input<typeof OcrSettings>;
