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
  dpi: number;
  width: number;
  height: number;
  mimeType: "image/png" | "image/jpeg" | "image/webp";
  /** Blob key where the encoded image is stored. */
  storageKey?: string;
  url?: string;
  /** True when the DPI was lowered to stay within the pixel cap. */
  capped?: boolean;
}
