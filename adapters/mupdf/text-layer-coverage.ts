/** What a page's text layer holds compared with its ink, measured during parsing. */
export interface PageInk {
  /** Page area in square points. */
  pageArea: number;
  /** Characters in the text layer (whitespace excluded). */
  textChars: number;
  /** Vector paths drawn on the page (lines, curves, fills). */
  vectorPaths: number;
  /** Area covered by raster images, in square points. */
  imageArea: number;
}

export interface TextLayerAssessment {
  needsOcr: boolean;
  /** Why, in a few words (kept with the page for diagnosis). */
  reason: string;
}

/** A page drawn with this many paths but no text almost always has its text as outlines (CAD export). */
const OUTLINED_TEXT_PATHS = 200;

/**
 * Decide whether a page's ink carries text its text layer lacks: a scan (a raster image over most of the page
 * with little or no text), or a drawing whose labels were exported as vector outlines (many paths, no text).
 * A first heuristic; the OCR work refines it per region.
 */
export function assessTextLayer(ink: PageInk): TextLayerAssessment {
  const imageShare = ink.pageArea > 0 ? ink.imageArea / ink.pageArea : 0;
  if (ink.textChars === 0) {
    if (imageShare >= 0.05) return { needsOcr: true, reason: "raster image and no text layer" };
    if (ink.vectorPaths >= 10) return { needsOcr: true, reason: "vector drawing and no text layer" };
    return { needsOcr: false, reason: "blank page" };
  }
  if (imageShare >= 0.5 && ink.textChars < 200) return { needsOcr: true, reason: "scanned page with a sparse text layer" };
  if (ink.vectorPaths >= OUTLINED_TEXT_PATHS && ink.textChars < 20) return { needsOcr: true, reason: "dense drawing with almost no text" };
  return { needsOcr: false, reason: "text layer present" };
}
