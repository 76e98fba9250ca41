import { DomainError } from "../domain/errors.js";
import { FULL_PAGE, roundBBox } from "../domain/geometry.js";
import type { AgentRun, ShownImage } from "./agent-run.js";
import { progress, type Step } from "./phase.js";
import { type PlannedRender, renderKey } from "./render-plan.js";

/**
 * Renders planned regions through the evidence service: one `tool_call` per render, one `image_ready` per new
 * image. A region already rendered in this run is reused, not rendered again; a failed render is reported and
 * skipped so one bad crop never sinks the answer.
 */
export async function* renderPlans(run: AgentRun, plans: readonly PlannedRender[], limit: number): Step<ShownImage[]> {
  const fresh: ShownImage[] = [];
  for (const plan of plans) {
    run.throwIfAborted();
    const key = renderKey(plan);
    const existing = run.imageByKey(key);
    if (existing) {
      yield progress("render", `${plan.kind} of ${plan.candidate.block.id} is already image ${existing.label}; not rendered again`);
      continue;
    }
    if (fresh.length >= limit) {
      yield progress("render", `image budget reached; skipped ${plan.kind} of ${plan.candidate.block.id}`);
      continue;
    }
    const block = plan.candidate.block;
    const whole = plan.relativeBBox.every((v, i) => v === FULL_PAGE[i]);
    const parameters = {
      document_id: block.documentId,
      block_id: block.id,
      page: block.page,
      kind: plan.kind,
      dpi: plan.dpi,
      ...(plan.sector ? { sector: plan.sector } : whole ? {} : { bbox: roundBBox(plan.relativeBBox) }),
    };
    yield { type: "tool_call", tool: "render", parameters, reason: plan.reason };
    try {
      const { image, bytes } = await run.deps.evidence.render({
        documentId: block.documentId,
        blockId: block.id,
        page: block.page,
        dpi: plan.dpi,
        grid: true,
        ...(plan.sector ? { sector: plan.sector } : whole ? {} : { bbox: roundBBox(plan.relativeBBox) }),
      });
      const shown = run.registerImage(key, {
        image: { ...image, kind: plan.kind },
        relativeBBox: plan.relativeBBox,
        reason: plan.reason,
        pendingBytes: bytes,
        ...(plan.sector ? { sectorPath: plan.sector } : {}),
      });
      fresh.push(shown);
      yield {
        type: "image_ready",
        image_id: image.id,
        block_id: block.id,
        document_id: block.documentId,
        page: image.page,
        kind: plan.kind,
        width: image.width,
        height: image.height,
        dpi: image.dpi,
        bbox: image.bboxNorm,
        ...(image.url ? { url: image.url } : {}),
      };
    } catch (error) {
      if (DomainError.isInstance(error) && error.code === "OPERATION.CANCELLED") throw error;
      const message = error instanceof Error ? error.message : String(error);
      yield progress("render", `could not render ${plan.kind} of ${block.id}: ${message}`);
    }
  }
  return fresh;
}
