import type { ModelMessage } from "../ports/language-model.js";
import type { AgentRun, Candidate } from "./agent-run.js";
import { candidateLines, dataFrame } from "./evidence-frame.js";
import { generateObject } from "./model-call.js";
import { CollectorSchema, type Intent, type RegionRequest } from "./model-schemas.js";
import { progress, type Step } from "./phase.js";
import { systemPrompt } from "./system-prompt.js";

export interface Collection {
  /** Selected candidates first (in the model's order), then the rest as ranked. */
  candidates: Candidate[];
  /** Validated region requests (overviews have neither sector nor bbox). */
  requests: RegionRequest[];
}

/**
 * Complex profile: the fast model reads the budgeted candidate list (ids and clipped text, never whole documents)
 * and picks blocks and regions. Ids outside the candidate set are rejected here and never rendered.
 */
export async function* collect(run: AgentRun, intent: Intent, candidates: readonly Candidate[]): Step<Collection> {
  const budget = run.settings.budget;
  const blocks = candidateLines(candidates, budget.maxContextChars, budget.blockTextChars);
  const earlier = run.input.history?.at(-1)?.question;
  const text = [
    // a follow-up («а каких больше?») picks blocks in the light of the question before it, as the intent did
    ...(earlier ? [dataFrame("the previous question of this chat (context only)", earlier)] : []),
    `QUESTION:\n${run.input.question}`,
    `INTENT: ${JSON.stringify({ type: intent.intent_type, visual_detail: intent.requires_visual_detail, focus: intent.focus_areas })}`,
    dataFrame("candidate blocks ([id] document · page · kind: text)", blocks.text || "(no matching blocks)"),
  ].join("\n\n");
  const messages: ModelMessage[] = [{ role: "user", parts: [{ type: "text", text }] }];
  const { object } = await generateObject(run, { tier: "fast", system: await systemPrompt(run, "collector"), messages, schema: CollectorSchema });

  const known = (id: string) => run.candidates.has(id.trim().toUpperCase());
  const rejected = [
    ...object.selected_block_ids.filter((id) => !known(id)),
    ...object.requested_images.map((r) => r.block_id).filter((id) => !known(id)),
    ...object.requested_rois.map((r) => r.block_id).filter((id) => !known(id)),
  ];
  for (const id of new Set(rejected)) {
    yield { type: "tool_call", tool: "reject_request", parameters: { block_id: id }, reason: "not among the candidate blocks (hallucinated id)" };
    yield progress("collect", `rejected unknown block id ${id}`);
  }
  const selected = object.selected_block_ids.map((id) => run.candidates.get(id.trim().toUpperCase())).filter((c): c is Candidate => c !== undefined);
  const chosen = new Set(selected.map((c) => c.block.id));
  const requests: RegionRequest[] = [
    ...object.requested_images.filter((r) => known(r.block_id)).slice(0, budget.maxImagesPerCall).map((r) => ({ block_id: r.block_id, reason: r.reason })),
    // no image has been shown yet, so regions are relative to the block itself
    ...object.requested_rois.filter((r) => known(r.block_id)).slice(0, budget.maxRoisPerRound).map(({ image_id: _image, ...r }) => r),
  ];
  yield progress("collect", `${selected.length} blocks selected, ${requests.length} image/region request(s)`);
  return { candidates: [...selected, ...candidates.filter((c) => !chosen.has(c.block.id))], requests };
}
