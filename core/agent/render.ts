import { DomainError } from "../domain/errors.js";
import type { EvidenceImage } from "../domain/evidence.js";
import { FULL_PAGE, roundBBox } from "../domain/geometry.js";
import type { AgentRun, ShownImage } from "./agent-run.js";
import { progress, type Step } from "./phase.js";
import { type PlannedRender, renderKey } from "./render-plan.js";

/** Renders in flight at once: rasterising one region overlaps encoding and storing the previous one. */
const CONCURRENT_RENDERS = 2;

/**
 * Renders planned regions through the evidence service: one `tool_call` per render, one `image_ready` per new
 * image. A region already rendered in this run is reused, not rendered again; a failed render is reported and
 * skipped so one bad crop never sinks the answer.
 */
export async function* renderPlans(run: AgentRun, plans: readonly PlannedRender[], limit: number): Step<ShownImage[]> {
  const accepted: Array<{ plan: PlannedRender; key: string }> = [];
  const keys = new Set<string>();
  for (const plan of plans) {
    const key = renderKey(plan);
    const existing = run.imageByKey(key);
    if (existing || keys.has(key)) {
      yield progress("render", `${plan.kind} of ${plan.candidate.block.id} is already ${existing ? `image ${existing.label}` : "requested"}; not rendered again`);
      continue;
    }
    if (accepted.length >= limit) {
      yield progress("render", `image budget reached; skipped ${plan.kind} of ${plan.candidate.block.id}`);
      continue;
    }
    keys.add(key);
    accepted.push({ plan, key });
    yield { type: "tool_call", tool: "render", parameters: toolParameters(plan), reason: plan.reason };
  }

  run.throwIfAborted();
  const results = settleWithConcurrency(accepted.map(({ plan }) => () => run.deps.evidence.render(renderSpec(plan))), CONCURRENT_RENDERS);
  const fresh: ShownImage[] = [];
  for (const [index, { plan, key }] of accepted.entries()) {
    const outcome = await results[index]!;
    run.throwIfAborted();
    const block = plan.candidate.block;
    if (!outcome.ok) {
      if (DomainError.isInstance(outcome.error) && outcome.error.code === "OPERATION.CANCELLED") throw outcome.error;
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      yield progress("render", `could not render ${plan.kind} of ${block.id}: ${message}`);
      continue;
    }
    const { image, bytes } = outcome.value;
    const shown = run.registerImage(key, {
      image: { ...image, kind: plan.kind },
      relativeBBox: plan.relativeBBox,
      reason: plan.reason,
      pendingBytes: bytes,
      ...(plan.sector ? { sectorPath: plan.sector } : {}),
    });
    fresh.push(shown);
    yield imageReady(shown.image, block.id);
  }
  return fresh;
}

function isWhole(plan: PlannedRender): boolean {
  return plan.relativeBBox.every((v, i) => v === FULL_PAGE[i]);
}

function region(plan: PlannedRender) {
  return plan.sector ? { sector: plan.sector } : isWhole(plan) ? {} : { bbox: roundBBox(plan.relativeBBox) };
}

function toolParameters(plan: PlannedRender): Record<string, unknown> {
  const b = plan.candidate.block;
  return { document_id: b.documentId, block_id: b.id, page: b.page, kind: plan.kind, dpi: plan.dpi, ...region(plan) };
}

function renderSpec(plan: PlannedRender) {
  const b = plan.candidate.block;
  return { documentId: b.documentId, blockId: b.id, page: b.page, dpi: plan.dpi, grid: true, ...region(plan) };
}

function imageReady(image: EvidenceImage, blockId: string) {
  return {
    type: "image_ready" as const,
    image_id: image.id,
    block_id: blockId,
    document_id: image.documentId,
    page: image.page,
    kind: image.kind,
    width: image.width,
    height: image.height,
    dpi: image.dpi,
    bbox: image.bboxNorm,
    ...(image.url ? { url: image.url } : {}),
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Starts the tasks with at most `limit` running; each promise settles (never rejects) in task order. */
function settleWithConcurrency<T>(tasks: Array<() => Promise<T>>, limit: number): Array<Promise<Outcome<T>>> {
  let next = 0;
  const starts: Array<(value: void) => void> = [];
  const gates = tasks.map((_, i) => (i < limit ? Promise.resolve() : new Promise<void>((resolve) => (starts[i] = resolve))));
  return tasks.map(async (task, i) => {
    await gates[i];
    try {
      return { ok: true as const, value: await task() };
    } catch (error) {
      return { ok: false as const, error };
    } finally {
      next = Math.max(next, limit) + 1;
      starts[next - 1]?.();
    }
  });
}
