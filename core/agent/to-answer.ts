import type { Answer, Citation, DiffEntry } from "../domain/answer.js";
import { type BBoxNorm, isValidBBox, nestBBox } from "../domain/geometry.js";
import type { AgentRun } from "./agent-run.js";
import type { ModelAnswer, ModelCitation, RegionRequest } from "./model-schemas.js";

/** Citations naming a block outside the candidate set are dropped: the model may only cite what it was shown. */
export function knownCitations(run: AgentRun, citations: readonly ModelCitation[]): { kept: ModelCitation[]; dropped: string[] } {
  const kept: ModelCitation[] = [];
  const dropped: string[] = [];
  for (const c of citations) {
    if (run.candidates.has(c.block_id.trim().toUpperCase())) kept.push({ ...c, block_id: c.block_id.trim().toUpperCase() });
    else dropped.push(c.block_id);
  }
  return { kept, dropped };
}

export function toCitation(run: AgentRun, c: ModelCitation): Citation {
  const candidate = run.candidates.get(c.block_id);
  const shown = c.image_id ? run.imageByLabel(c.image_id) : undefined;
  const outer = shown?.image.bboxNorm ?? candidate?.block.bboxNorm;
  const inner = c.bbox && isValidBBox(c.bbox) ? (c.bbox as unknown as BBoxNorm) : undefined;
  const bbox = outer && inner ? nestBBox(outer, inner) : outer;
  return {
    block_id: c.block_id,
    ...(candidate ? { document_id: candidate.block.documentId, source: candidate.block.source } : {}),
    kind: c.kind,
    ...(c.page ?? candidate?.block.page ? { page: c.page ?? candidate?.block.page } : {}),
    ...(bbox ? { bbox: [bbox[0], bbox[1], bbox[2], bbox[3]] as [number, number, number, number] } : {}),
    ...(shown ? { image_id: shown.image.id } : {}),
    ...(c.note ? { note: c.note } : {}),
  };
}

export function describeRequest(r: RegionRequest): string {
  const where = r.sector ? `sector ${r.sector}` : r.bbox ? `region ${r.bbox.join(",")}` : "overview";
  return `${where} of block ${r.block_id}${r.image_id ? ` (inside ${r.image_id})` : ""}${r.reason ? ` — ${r.reason}` : ""}`;
}

/** The model's answer kept whole, in the domain shape, with ids resolved and run accounting attached. */
export function toAnswer(run: AgentRun, answer: ModelAnswer, extraUnverified: readonly string[] = []): Answer {
  const citations = knownCitations(run, answer.citations).kept.map((c) => toCitation(run, c));
  const diff: DiffEntry[] | undefined =
    answer.diff.length > 0
      ? answer.diff.map((d) => ({
          item: d.item,
          ...(d.a !== undefined ? { a: d.a } : {}),
          ...(d.b !== undefined ? { b: d.b } : {}),
          status: d.status,
          citations: knownCitations(run, d.citations).kept.map((c) => toCitation(run, c)),
        }))
      : undefined;
  const oneSided = (diff ?? []).filter((d) => {
    const sides = new Set(d.citations.map((c) => run.candidates.get(c.block_id)?.side));
    return (d.status === "changed" || d.status === "same") && !(sides.has("A") && sides.has("B"));
  });
  const diffGaps = oneSided.map((d) => `diff "${d.item}" is not backed by evidence on both sides`);
  return {
    mode: "llm",
    answer_markdown: answer.answer_markdown,
    citations,
    issues: answer.issues,
    recommendations: answer.recommendations,
    ...(diff ? { diff } : {}),
    unverified: [...answer.unverified, ...extraUnverified, ...diffGaps],
    follow_up_questions: answer.follow_up_questions,
    evidence_image_ids: run.images.map((i) => i.image.id),
    usage: { ...run.usage },
    timings_ms: timings(run),
  };
}

export function timings(run: AgentRun): Record<string, number> {
  const total = run.elapsedMs();
  const rounded: Record<string, number> = {};
  for (const [k, v] of Object.entries(run.timings)) rounded[k] = Math.round(v);
  return { ...rounded, model: Math.round(run.modelMs), own: Math.round(total - run.modelMs), total: Math.round(total) };
}
