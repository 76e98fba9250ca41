import type { AgentRun, Candidate, ShownImage } from "./agent-run.js";
import type { Intent, RegionRequest } from "./model-schemas.js";
import { progress, type Step } from "./phase.js";
import { renderPlans } from "./render.js";
import { type PlannedRender, isLargeSheet, planOverview, planQuadrants, planRegion } from "./render-plan.js";

/** Drawings looked at before the first answer when nobody asked for specific ones. */
const DEFAULT_DRAWINGS = 1;

/**
 * Images for the first answer round: the collector's validated requests (complex profile), or — when the
 * question needs drawing detail — the best drawing's overview, plus its quadrants at zoom resolution when the
 * sheet is too large for an overview to be legible.
 */
export async function* initialImages(run: AgentRun, intent: Intent, candidates: readonly Candidate[], requests: readonly RegionRequest[] | undefined, limit: number): Step<ShownImage[]> {
  const plans: PlannedRender[] = [];
  if (requests) {
    for (const request of requests) {
      const plan = await planRegion(run, request);
      if ("rejected" in plan) yield progress("render", `skipped: ${plan.rejected}`);
      else plans.push(plan);
    }
  } else if (intent.requires_visual_detail) {
    for (const drawing of candidates.filter((c) => c.block.kind === "IMAGE").slice(0, DEFAULT_DRAWINGS)) {
      plans.push(await planOverview(run, drawing, "лучший по поиску чертёж"));
      if (await isLargeSheet(run, drawing)) plans.push(...(await planQuadrants(run, drawing, "большой лист: четверти")));
    }
  }
  return yield* renderPlans(run, plans, limit);
}
