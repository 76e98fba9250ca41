import type { GenerateRequest, ModelLimits } from "../ports/language-model.js";
import type { AgentSettings, RenderSettings } from "./agent-settings.js";

/** Characters a prompt token stands for: Russian drawing text runs 2.5–4 on current tokenizers; 3 errs on the safe side. */
export const CHARS_PER_TOKEN = 3;
/** The system prompt (rules, task, last-round rule), a schema written into it, and a request's fixed sections. */
const FIXED_CHARS = 12_000;
/** The previous draft a later round quotes (answer-message clips it to this). */
export const DRAFT_CHARS = 4_000;
/** An image's caption line, and its line in the index of images shown earlier (with what was read on it). */
const IMAGE_LINE_CHARS = 550;
/** The answer gets at most this share of a limited context; the rest is the prompt's. */
const OUTPUT_SHARE = 0.25;
/** Below this much quoted text a call is not worth its images: one image fewer is sent instead. */
const MIN_TEXT_CHARS = 3_000;
/** Tokens an image takes where the server does not say: 28-px squares (Qwen-VL's patch after merging), at 3:2. */
const PATCH_PIXELS = 28;

/** Prompt tokens one image costs on the model server: what its operator configured, or an estimate from the render size. */
export function imageTokensOf(limits: ModelLimits | undefined, render: Pick<RenderSettings, "overviewPixels" | "roiPixels">): number {
  if (limits?.imageTokens !== undefined) return limits.imageTokens;
  const long = Math.max(render.overviewPixels, render.roiPixels);
  return Math.ceil(long / PATCH_PIXELS) * Math.ceil((long * 2) / 3 / PATCH_PIXELS);
}

/**
 * The run's budget within what the model server takes: no more images per call than it allows, and, under a
 * context limit, an output budget of at most a quarter of it and quoted text (candidate blocks, facts, chat history)
 * cut to what is left after the system prompt, the draft, the image index and the images themselves — images
 * give way first while the text would be too short to answer from. Unchanged without limits.
 */
export function fitBudgetToModel(settings: AgentSettings, limits: ModelLimits | undefined, question: string): AgentSettings {
  const budget = { ...settings.budget };
  if (limits?.maxImagesPerRequest !== undefined) budget.maxImagesPerCall = Math.max(1, Math.min(budget.maxImagesPerCall, limits.maxImagesPerRequest));
  const context = limits?.contextTokens;
  if (context === undefined) return { ...settings, budget };

  budget.maxOutputTokens = Math.max(256, Math.min(budget.maxOutputTokens, Math.floor(context * OUTPUT_SHARE)));
  const perImage = imageTokensOf(limits, settings.render);
  const textChars = (images: number) => {
    // every image a run can show ends up in the last round's index: the first round's and each follow-up's
    const shown = images + (budget.maxRounds - 1) * budget.maxRoisPerRound;
    const fixed = FIXED_CHARS + (settings.roleText?.length ?? 0) + question.length + DRAFT_CHARS + shown * IMAGE_LINE_CHARS;
    return (context - budget.maxOutputTokens - images * perImage) * CHARS_PER_TOKEN - fixed;
  };
  while (budget.maxImagesPerCall > 1 && textChars(budget.maxImagesPerCall) < MIN_TEXT_CHARS) budget.maxImagesPerCall -= 1;
  const room = Math.max(0, textChars(budget.maxImagesPerCall));
  const wanted = budget.maxContextChars + budget.historyChars;
  if (wanted > room) {
    // both shrink by the same share: a follow-up question keeps some of its chat, a first one all of the data
    budget.historyChars = Math.floor((budget.historyChars * room) / wanted);
    budget.maxContextChars = room - budget.historyChars;
    budget.blockTextChars = Math.max(1, Math.min(budget.blockTextChars, budget.maxContextChars));
  }
  return { ...settings, budget };
}

/** What a request will take of the context, estimated as the budget is: text at `CHARS_PER_TOKEN`, images at `imageTokensOf`. */
export function estimatePromptTokens(request: Pick<GenerateRequest, "system" | "messages">, imageTokens: number): number {
  let chars = request.system.length;
  let images = 0;
  for (const message of request.messages) {
    for (const part of message.parts) {
      if (part.type === "text") chars += part.text.length;
      else images += 1;
    }
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + images * imageTokens;
}
