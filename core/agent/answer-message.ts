import type { ModelMessage, ModelPart } from "../ports/language-model.js";
import type { AgentRun, Candidate, ChatTurn, ShownImage } from "./agent-run.js";
import { candidateLines, dataFrame, factLines, imageLine, sanitizeData } from "./evidence-frame.js";
import type { Fact } from "./extract.js";
import { DRAFT_CHARS } from "./fit-budget-to-model.js";
import type { Intent } from "./model-schemas.js";

export interface RoundContext {
  intent: Intent;
  round: number;
  maxRounds: number;
  /** Candidates to quote, best first (the whole ranked set in round 1, a focused subset later). */
  candidates: readonly Candidate[];
  facts: readonly Fact[];
  /** The previous round's answer, quoted so the model refines it instead of starting over. */
  previousDraft?: string;
  /** Why this round happens (quality gate, model request, last round). */
  note?: string;
}

/**
 * The one user turn of an answer call: question, intent, quoted data within the character budget, an index of
 * images shown in earlier rounds (with what was read on them), then only the new images, each after its caption.
 */
export function answerMessage(run: AgentRun, context: RoundContext, newImages: readonly ShownImage[]): ModelMessage {
  const budget = run.settings.budget;
  const facts = factLines(context.facts);
  const factChars = Math.min(facts.length, Math.floor(budget.maxContextChars / 3));
  const blocks = candidateLines(context.candidates, budget.maxContextChars - factChars, budget.blockTextChars);
  const history = historyText(run.input.history ?? [], budget.historyChars);
  const sections = [
    ...(history ? [dataFrame("earlier turns of this chat (context only; answer the QUESTION below)", history)] : []),
    `QUESTION:\n${run.input.question}`,
    `INTENT: ${JSON.stringify({ type: context.intent.intent_type, visual_detail: context.intent.requires_visual_detail, focus: context.intent.focus_areas })}`,
    `ROUND ${context.round} of ${context.maxRounds}${context.note ? ` — ${context.note}` : ""}`,
    dataFrame("candidate blocks ([id] document · page · kind: text)", blocks.text || "(no matching blocks)"),
  ];
  if (facts.length > 0) sections.push(dataFrame("key lines from text and tables ([id] page: line)", facts.slice(0, factChars)));
  if (context.previousDraft) {
    const draft = context.previousDraft.length > DRAFT_CHARS ? `${context.previousDraft.slice(0, DRAFT_CHARS)}…` : context.previousDraft;
    sections.push(`YOUR PREVIOUS DRAFT (refine it with the new images; keep what still holds):\n${sanitizeData(draft)}`);
  }
  const earlier = run.images.filter((i) => !newImages.includes(i));
  if (earlier.length > 0) sections.push(`IMAGES SHOWN EARLIER (not attached again):\n${earlier.map(imageLine).join("\n")}`);
  if (newImages.length > 0) sections.push(`NEW IMAGES (attached below, each after its caption): ${newImages.map((i) => i.label).join(", ")}`);

  const parts: ModelPart[] = [{ type: "text", text: sections.join("\n\n") }];
  for (const shown of newImages) {
    if (!shown.pendingBytes) continue;
    parts.push({ type: "text", text: `Image ${imageLine(shown)}` });
    parts.push({ type: "image", mimeType: shown.image.mimeType, data: shown.pendingBytes, label: shown.image.id });
  }
  return { role: "user", parts };
}

/** Each answer of an earlier turn keeps at most this share of the history budget, so one long answer cannot crowd out the rest. */
const TURN_SHARE = 0.5;

/** Earlier turns, oldest first, as many of the newest as fit in `budgetChars`; long answers are clipped. */
export function historyText(turns: readonly ChatTurn[], budgetChars: number): string {
  const kept: string[] = [];
  let used = 0;
  const answerChars = Math.max(200, Math.floor(budgetChars * TURN_SHARE));
  for (const turn of [...turns].reverse()) {
    const answer = turn.answer.length > answerChars ? `${turn.answer.slice(0, answerChars - 1)}…` : turn.answer;
    const entry = `Q: ${turn.question.trim()}\nA: ${answer.trim() || "(no answer)"}`;
    if (used + entry.length > budgetChars) break;
    kept.unshift(entry);
    used += entry.length + 2;
  }
  return kept.join("\n\n");
}

/** After a call has carried them, images travel as index lines only; their bytes are released. */
export function markSent(images: readonly ShownImage[]): void {
  for (const shown of images) delete shown.pendingBytes;
}
