import { DomainError } from "../domain/errors.js";
import type { EvidenceKind } from "../domain/evidence.js";
import { type BBoxNorm, FULL_PAGE, isValidBBox, nestBBox, roundBBox } from "../domain/geometry.js";
import { legibleDpiFloor } from "../domain/legible-dpi.js";
import { sectorPathBBox } from "../domain/sector.js";
import type { AgentRun, Candidate } from "./agent-run.js";
import type { RegionRequest } from "./model-schemas.js";

/** One image to render: a region of a candidate block, with the DPI that makes its detail readable. */
export interface PlannedRender {
  candidate: Candidate;
  kind: EvidenceKind;
  /** Sector path relative to the block (`B2.A1`), when the region is a pure sector. */
  sector?: string;
  /** Region relative to the block's own region (its overview image), 0..1. */
  relativeBBox: BBoxNorm;
  dpi: number;
  reason: string;
}

/** Quadrants overlap by 10 % so a label cut by a border is whole in one of them. */
const QUADRANTS: BBoxNorm[] = [
  [0, 0, 0.55, 0.55],
  [0.45, 0, 1, 0.55],
  [0, 0.45, 0.55, 1],
  [0.45, 0.45, 1, 1],
];

/** Identical requests map to one key, so nothing is rendered twice in a run. */
export function renderKey(plan: PlannedRender): string {
  const b = plan.candidate.block;
  return [b.documentId, b.id, plan.kind === "overview" ? "overview" : "region", roundBBox(plan.relativeBBox).join(","), plan.dpi].join("|");
}

export async function planOverview(run: AgentRun, candidate: Candidate, reason: string): Promise<PlannedRender> {
  const dpi = await dpiFor(run, candidate, FULL_PAGE, run.settings.render.overviewPixels, "overview");
  return { candidate, kind: "overview", relativeBBox: FULL_PAGE, dpi, reason };
}

/** True when the block's overview is too coarse to read labels on (a large sheet at screen size). */
export async function isLargeSheet(run: AgentRun, candidate: Candidate): Promise<boolean> {
  const inches = await regionInches(run, candidate, FULL_PAGE);
  if (!inches) return false;
  return run.settings.render.overviewPixels / Math.max(inches.w, inches.h) < run.settings.render.quadrantBelowDpi;
}

/** A drawing's four quadrants, sized as quadrants (for finding where to zoom) whatever `kind` they are shown as. */
export async function planQuadrants(run: AgentRun, candidate: Candidate, reason: string, kind: EvidenceKind = "quadrant"): Promise<PlannedRender[]> {
  const plans: PlannedRender[] = [];
  for (const q of QUADRANTS) plans.push({ candidate, kind, relativeBBox: q, dpi: await dpiFor(run, candidate, q, run.settings.render.roiPixels, "quadrant"), reason });
  return plans;
}

/**
 * Turns a model's region request into a render plan, or explains why it is refused. Ids must be candidates;
 * a sector given with `image_id` is read inside that image, so zoom nests and the DPI rises with each level.
 */
export async function planRegion(run: AgentRun, request: RegionRequest): Promise<PlannedRender | { rejected: string }> {
  const parent = request.image_id ? run.imageByLabel(request.image_id) : undefined;
  if (request.image_id && !parent) return { rejected: `image ${request.image_id} was never shown` };
  const candidate = parent ? run.candidates.get(parent.image.blockId ?? "") : run.candidates.get(request.block_id.trim().toUpperCase());
  if (!candidate) return { rejected: `block id ${request.block_id} is not among the candidates` };
  const base = parent?.relativeBBox ?? FULL_PAGE;
  const reason = request.reason || "model request";
  let relative: BBoxNorm;
  let sector: string | undefined;
  if (request.sector) {
    const path = request.sector.trim().toUpperCase();
    try {
      relative = sectorPathBBox(path, base);
    } catch (error) {
      return { rejected: DomainError.isInstance(error) ? error.message : `sector ${path} is invalid` };
    }
    // a path is only meaningful from the block's overview down; inside a quadrant or bbox region it is not
    if (!parent || parent.image.kind === "overview") sector = path;
    else if (parent.sectorPath) sector = `${parent.sectorPath}.${path}`;
  } else if (request.bbox) {
    if (!isValidBBox(request.bbox)) return { rejected: `bbox ${JSON.stringify(request.bbox)} is not x1<x2, y1<y2 in 0..1` };
    relative = nestBBox(base, request.bbox as unknown as BBoxNorm);
  } else {
    if (parent) return { rejected: `image ${parent.label} is already shown; give a sector or bbox inside it` };
    return planOverview(run, candidate, reason);
  }
  const dpi = await dpiFor(run, candidate, relative, run.settings.render.roiPixels, "roi");
  return { candidate, kind: "roi", relativeBBox: relative, dpi, reason, ...(sector ? { sector } : {}) };
}

/**
 * DPI that gives the region `targetPixels` on its long side, within the configured bounds, raised for an image
 * that is read (a drawing's zoomed region, a TEXT or TABLE block) to where the block's smallest text is legible
 * (`legibleDpiFloor`): a label too small to read is no evidence, and the evidence service's pixel cap bounds it.
 */
export async function dpiFor(run: AgentRun, candidate: Candidate, relative: BBoxNorm, targetPixels: number, kind: EvidenceKind): Promise<number> {
  const { minDpi, maxDpi, defaultDpi } = run.settings.render;
  const inches = await regionInches(run, candidate, relative);
  const bySize = inches ? Math.round(Math.min(maxDpi, Math.max(minDpi, targetPixels / Math.max(inches.w, inches.h)))) : defaultDpi;
  return Math.max(bySize, legibleDpiFloor(candidate.block, kind) ?? 0);
}

async function regionInches(run: AgentRun, candidate: Candidate, relative: BBoxNorm) {
  const doc = await run.document(candidate.block.documentId);
  const page = doc.pages.find((p) => p.number === candidate.block.page);
  if (!page || page.width <= 0 || page.height <= 0) return undefined;
  const region = nestBBox(candidate.block.bboxNorm ?? FULL_PAGE, relative);
  return { w: ((region[2] - region[0]) * page.width) / 72, h: ((region[3] - region[1]) * page.height) / 72 };
}
