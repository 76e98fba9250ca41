import type { BBoxNorm } from "../domain/geometry.js";
import type { RecognitionInput, TextRecognizer } from "../ports/text-recognizer.js";
import { eraseGraphics } from "./graphics-filter.js";
import type { PageWord } from "./page-words.js";

/** A small glyph cluster the first pass left unread, on its page. */
export interface SmallTextCandidate {
  /** The cluster's ink, 0..1 of the page. */
  bbox: BBoxNorm;
  /** Its height in pixels at the first pass's DPI. */
  heightPixels: number;
  ink: number;
}

export interface SmallTextPlan {
  pageWidth: number;
  pageHeight: number;
  /** The first pass's DPI. */
  dpi: number;
  /** Ceiling of the second pass's DPI. */
  maxDpi: number;
  /** At most this many clusters are read again on one page. */
  perPage: number;
}

/**
 * Tesseract reads capitals best about 40 px tall: a 5-pt label (15 px at 300 DPI) is rendered at about 800 DPI,
 * an 11-pt axis letter at about 360. Never less than 1.5× the first pass, so a cluster is seen anew.
 */
const TARGET_HEIGHT = 40;
/** White around the cluster, in cluster heights: the engine needs a margin, and the neighbours stay out. */
const PADDING = 0.6;

/** Whether two boxes share any area. */
export const overlaps = (a: BBoxNorm, b: BBoxNorm) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * The clusters worth a second look: one per place (tiles overlap, so a cluster is often found twice), none
 * where a confident word of the first pass already is, the inkiest first up to the page's cap.
 */
export function chooseCandidates(candidates: readonly SmallTextCandidate[], confident: readonly PageWord[], perPage: number): SmallTextCandidate[] {
  const chosen: SmallTextCandidate[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.ink - a.ink)) {
    if (chosen.length >= perPage) break;
    if (confident.some((w) => overlaps(w.bbox, candidate.bbox))) continue;
    if (chosen.some((c) => overlaps(c.bbox, candidate.bbox))) continue;
    chosen.push(candidate);
  }
  return chosen;
}

/** The region rendered for a cluster (padded, inside the page) and the DPI that makes its glyphs legible. */
export function secondLook(candidate: SmallTextCandidate, plan: SmallTextPlan): { region: BBoxNorm; dpi: number } {
  const dpi = Math.min(plan.maxDpi, Math.max(plan.dpi * 1.5, (plan.dpi * TARGET_HEIGHT) / Math.max(1, candidate.heightPixels)));
  const [x0, y0, x1, y1] = candidate.bbox;
  const padPoints = Math.max(2, PADDING * (y1 - y0) * plan.pageHeight);
  const px = padPoints / plan.pageWidth;
  const py = padPoints / plan.pageHeight;
  return { region: [Math.max(0, x0 - px), Math.max(0, y0 - py), Math.min(1, x1 + px), Math.min(1, y1 + py)], dpi };
}

export interface SmallTextDeps {
  render: (region: BBoxNorm, dpi: number) => Promise<{ pixels: Uint8Array; width: number; height: number; dpi: number }>;
  recognizer: TextRecognizer;
  languages: string[];
  script?: RecognitionInput["script"];
  signal?: AbortSignal;
}

/**
 * Read one cluster again: its padded region at the higher DPI, cleared of drawing strokes, as one block of text.
 * The padding is white margin only: ink outside the cluster (a neighbour's edge, an axis dot) is cleared, and only
 * words centred on the cluster count.
 */
export async function readCluster(deps: SmallTextDeps, candidate: SmallTextCandidate, plan: SmallTextPlan, tile: number): Promise<PageWord[]> {
  const { region, dpi } = secondLook(candidate, plan);
  const image = await deps.render(region, dpi);
  const glyphs = eraseGraphics(onlyCluster(image, region, candidate.bbox), image.width, image.height, image.dpi);
  if (glyphs.inkLeft === 0) return [];
  const result = await deps.recognizer.recognize({
    image: glyphs.pixels,
    raw: { width: image.width, height: image.height },
    dpi: image.dpi,
    languages: deps.languages,
    layout: "block",
    ...(deps.script ? { script: deps.script } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const sx = (region[2] - region[0]) / result.width;
  const sy = (region[3] - region[1]) / result.height;
  const [cx0, cy0, cx1, cy1] = candidate.bbox;
  return result.lines
    .flatMap((line) => line.words)
    .map((word): PageWord => ({
      text: word.text,
      bbox: [region[0] + word.bbox[0] * sx, region[1] + word.bbox[1] * sy, region[0] + word.bbox[2] * sx, region[1] + word.bbox[3] * sy],
      confidence: word.confidence,
      tile,
      // read whole, away from any seam
      seamDistance: Infinity,
    }))
    .filter((w) => {
      const x = (w.bbox[0] + w.bbox[2]) / 2;
      const y = (w.bbox[1] + w.bbox[3]) / 2;
      return x >= cx0 && x <= cx1 && y >= cy0 && y <= cy1;
    });
}

/** The rendered region with everything outside the cluster (plus a hair for anti-aliasing) painted white. */
function onlyCluster(image: { pixels: Uint8Array; width: number; height: number }, region: BBoxNorm, cluster: BBoxNorm): Uint8Array {
  const { width, height } = image;
  const sx = width / (region[2] - region[0]);
  const sy = height / (region[3] - region[1]);
  const hair = 2;
  const x0 = Math.max(0, Math.floor((cluster[0] - region[0]) * sx) - hair);
  const y0 = Math.max(0, Math.floor((cluster[1] - region[1]) * sy) - hair);
  const x1 = Math.min(width, Math.ceil((cluster[2] - region[0]) * sx) + hair);
  const y1 = Math.min(height, Math.ceil((cluster[3] - region[1]) * sy) + hair);
  const out = new Uint8Array(width * height).fill(255);
  for (let y = y0; y < y1; y++) out.set(image.pixels.subarray(y * width + x0, y * width + x1), y * width + x0);
  return out;
}
