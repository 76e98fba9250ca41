import type { DomainError } from "../domain/errors.js";
import type { AgentRun, Candidate, ShownImage } from "./agent-run.js";
import { answerMessage, markSent } from "./answer-message.js";
import type { Fact } from "./extract.js";
import { answerRound, cutOffNote } from "./answer-round.js";
import { type Intent, type ModelAnswer, ModelAnswerSchema, type RegionRequest } from "./model-schemas.js";
import { phase, progress, type Step } from "./phase.js";
import { qualityGate } from "./quality-gate.js";
import { renderPlans } from "./render.js";
import { type PlannedRender, planOverview, planQuadrants, planRegion } from "./render-plan.js";
import { type PromptTask, systemPrompt } from "./system-prompt.js";
import { describeRequest, knownCitations } from "./to-answer.js";

export interface LoopInput {
  task: Extract<PromptTask, "answer" | "compare">;
  tier: "fast" | "strong";
  intent: Intent;
  candidates: readonly Candidate[];
  facts: readonly Fact[];
  /** Rendered before the first round, not sent yet. */
  images: readonly ShownImage[];
}

export interface LoopResult {
  answer: ModelAnswer;
  model: string;
  rounds: number;
  /** Requests still open when the budget ended: reported as unverified. */
  unexamined: string[];
}

/** Candidates quoted again in later rounds: what the draft cited or asked about, then the best of the rest. */
const FOCUS_EXTRA = 8;

/**
 * Answer → quality gate → follow-up rounds, within the round budget. Each round sends only new images plus an
 * index of the earlier ones; the last round is told to answer with what it has, so the result is always an answer.
 */
export async function* answerLoop(run: AgentRun, input: LoopInput): Step<LoopResult> {
  const { maxRounds, maxImagesPerCall } = run.settings.budget;
  let pending = [...input.images];
  let draft: ModelAnswer | undefined;
  let gateForced = false;
  let note: string | undefined;
  let forceFinal = false;
  for (let round = 1; ; round++) {
    const final = forceFinal || round >= maxRounds;
    const sending = pending.slice(0, maxImagesPerCall);
    pending = pending.slice(maxImagesPerCall);
    const message = answerMessage(
      run,
      {
        intent: input.intent,
        round,
        maxRounds,
        candidates: round === 1 ? input.candidates : focusCandidates(run, input.candidates, draft),
        facts: round === 1 ? input.facts : [],
        ...(draft ? { previousDraft: draft.answer_markdown } : {}),
        ...(final ? { note: "last round: answer now with what you have" } : note ? { note } : {}),
      },
      sending,
    );
    const system = await systemPrompt(run, input.task, { finalRound: final });
    const outcome = yield* answerRound(run, { tier: input.tier, system, message }, `round ${round}: ${sending.length} new image(s)`);
    markSent(sending);
    if ("cutOff" in outcome) return yield* cutOffAnswer(run, outcome.cutOff, draft, round);
    const { answer: object, model } = outcome;
    draft = yield* checked(run, object);
    run.partialAnswer = draft.answer_markdown;
    if (final) return { answer: draft, model, rounds: round, unexamined: openRequests(draft) };

    const decision = qualityGate({ intent: input.intent, answer: draft, gateAlreadyForced: gateForced, hasDrawings: input.candidates.some((c) => c.block.kind === "IMAGE") });
    if (decision.action === "accept" && pending.length === 0) return { answer: draft, model, rounds: round, unexamined: [] };
    const current = draft;
    const fresh = yield* phase(run, "quality_gate", decision.action === "accept" ? "images left from the budget" : decision.note, async function* () {
      if (decision.action === "accept") return [] as ShownImage[];
      if (decision.reason === "visual_detail_uncited") gateForced = true;
      yield progress("quality_gate", decision.note);
      const plans = yield* followUpPlans(run, input.candidates, current, decision.reason === "visual_detail_uncited");
      return yield* renderPlans(run, plans, run.settings.budget.maxRoisPerRound);
    });
    pending.push(...fresh);
    note = decision.action === "follow_up" ? decision.note : undefined;
    if (pending.length === 0 && decision.action === "follow_up" && decision.reason === "visual_detail_uncited") {
      // the drawing's zooms were all shown already: ask once for the regions to read instead of guessing them
      note =
        "the answer must rest on zoomed regions: cite the zoomed images you read (kind roi), or request the grid sectors you need (requested_rois)";
      continue;
    }
    if (pending.length === 0) {
      // nothing new to look at: a wanting model gets one last round to settle, a satisfied one is done
      if (!draft.needs_more_evidence) return { answer: draft, model, rounds: round, unexamined: [] };
      forceFinal = true;
      note = "the requested regions were already shown or could not be rendered";
    }
  }
}

/**
 * The output budget cut this round's answer off twice: the last complete draft stands, else the answer text
 * streamed so far; either way the answer says it was cut off and what to change. With neither, the run fails.
 */
async function* cutOffAnswer(run: AgentRun, error: DomainError, draft: ModelAnswer | undefined, round: number): Step<LoopResult> {
  const note = cutOffNote(error, round);
  const model = typeof error.details?.model === "string" ? error.details.model : "";
  if (draft) return { answer: { ...draft, unverified: [...draft.unverified, note] }, model, rounds: round, unexamined: openRequests(draft) };
  if (run.partialAnswer.trim().length === 0) throw error;
  const partial = yield* checked(run, ModelAnswerSchema.parse({ answer_markdown: `${run.partialAnswer} …`, unverified: [note] }));
  return { answer: partial, model, rounds: round, unexamined: [] };
}

/** Drops citations of unknown ids (reported, never rendered or shown) and keeps observations on the images. */
async function* checked(run: AgentRun, answer: ModelAnswer): Step<ModelAnswer> {
  const { kept, dropped } = knownCitations(run, answer.citations);
  if (dropped.length > 0) yield progress("answer", `dropped citations of unknown block ids: ${dropped.join(", ")}`);
  for (const o of answer.observations) {
    const shown = run.imageByLabel(o.image_id);
    if (shown && o.text.trim()) shown.observation = o.text.trim().slice(0, 400);
  }
  return { ...answer, citations: kept };
}

async function* followUpPlans(run: AgentRun, candidates: readonly Candidate[], answer: ModelAnswer, forced: boolean): Step<PlannedRender[]> {
  const limit = run.settings.budget.maxRoisPerRound;
  const requests: RegionRequest[] = [...answer.requested_rois, ...answer.requested_images.map((r) => ({ block_id: r.block_id, reason: r.reason }))];
  const plans: PlannedRender[] = [];
  for (const request of requests) {
    if (plans.length >= limit) {
      yield progress("quality_gate", `ROI budget (${limit} per round) reached; not rendered: ${describeRequest(request)}`);
      continue;
    }
    const plan = await planRegion(run, request);
    if ("rejected" in plan) {
      yield { type: "tool_call", tool: "reject_request", parameters: { block_id: request.block_id, ...(request.sector ? { sector: request.sector } : {}) }, reason: plan.rejected };
      yield progress("quality_gate", `rejected: ${plan.rejected}`);
      continue;
    }
    plans.push(plan);
  }
  if (plans.length === 0 && forced) plans.push(...(await automaticZoom(run, candidates, answer, limit)));
  return plans;
}

/**
 * The gate fired but the model named no region: look at the drawing it relied on (or the best-ranked one) — its
 * overview if never shown, otherwise its four quadrants at zoom resolution.
 */
async function automaticZoom(run: AgentRun, candidates: readonly Candidate[], answer: ModelAnswer, limit: number): Promise<PlannedRender[]> {
  const cited = answer.citations.filter((c) => c.kind !== "text_block").map((c) => run.candidates.get(c.block_id));
  const drawing = [...cited, ...candidates].find((c): c is Candidate => c?.block.kind === "IMAGE");
  if (!drawing) return [];
  const shown = run.images.some((i) => i.image.blockId === drawing.block.id && i.image.kind === "overview");
  const plans = shown ? await planQuadrants(run, drawing, "проверка качества: увеличение", "roi") : [await planOverview(run, drawing, "проверка качества: обзор")];
  return plans.slice(0, limit);
}

function focusCandidates(run: AgentRun, candidates: readonly Candidate[], draft: ModelAnswer | undefined): Candidate[] {
  const wanted = new Set<string>();
  for (const c of draft?.citations ?? []) wanted.add(c.block_id);
  for (const r of draft?.requested_rois ?? []) wanted.add(r.block_id.toUpperCase());
  for (const i of run.images) if (i.image.blockId) wanted.add(i.image.blockId);
  const focused = candidates.filter((c) => wanted.has(c.block.id));
  const rest = candidates.filter((c) => !wanted.has(c.block.id)).slice(0, FOCUS_EXTRA);
  return [...focused, ...rest];
}

function openRequests(answer: ModelAnswer): string[] {
  if (!answer.needs_more_evidence) return [];
  return [...answer.requested_rois, ...answer.requested_images.map((r) => ({ block_id: r.block_id, reason: r.reason }))].map(
    (r) => `not examined (budget ended): ${describeRequest(r)}`,
  );
}
