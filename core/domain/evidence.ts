import type { BBoxNorm } from "./geometry.js";

export type EvidenceKind = "overview" | "quadrant" | "roi";

/** An image shown to the model and to the user; everything needed to cite and reproduce it. */
export interface EvidenceImage {
  id: string;
  documentId: string;
  blockId?: string;
  page: number;
  kind: EvidenceKind;
  /** Region of the page in 0..1. */
  bboxNorm: BBoxNorm;
  /** Sector path (`B2.A1`) when the region was requested by sector. */
  sector?: string;
  /** Whole DPI of the rendered region (a capped render's, rounded down). */
  dpi: number;
  /** Pixel size of the whole image, the grid margin included. */
  width: number;
  height: number;
  /**
   * Pixels of grid margin on each side when the image carries the sector grid: the region itself is the content
   * area inside it, `width − 2·margin` × `height − 2·margin`, and the sectors are thirds of that area (of the region
   * asked for within it, when the region grew to take in whole labels: the ticks show where).
   */
  margin?: number;
  mimeType: "image/png" | "image/jpeg" | "image/webp";
  /** Blob key where the encoded image is stored. */
  storageKey?: string;
  url?: string;
  /** True when the DPI was lowered to stay within the pixel cap. */
  capped?: boolean;
}
