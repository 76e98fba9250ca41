import { normaliseForSearch } from "../domain/russian-text.js";
import type { ModelMessage } from "../ports/language-model.js";
import type { AgentRun } from "./agent-run.js";
import { dataFrame } from "./evidence-frame.js";
import { generateObject } from "./model-call.js";
import { type Intent, IntentSchema } from "./model-schemas.js";
import { progress, type Step } from "./phase.js";
import { systemPrompt } from "./system-prompt.js";

const COUNT_WORDS = /(сколько|количеств|посчита|перечисл|спецификац|ведомост|how many|count|number of|list all)/i;
const COMPARE_WORDS = /(сравн|сверь|сверк|отлича|разниц|версии|compare|difference|versus|\bvs\b)/i;
const DETAIL_WORDS =
  /(отметк|диаметр|размер|марк|сечени|уклон|толщин|привязк|ось|осям|шаг|на плане|на чертеж|на схеме|узел|разрез|обозначен|dimension|diameter|elevation|mark|on the (plan|drawing)|label|size)/i;
const ANALYSIS_WORDS = /(ошибк|проанализ|анализ|замечан|риск|решени|оптимиз|проверь|error|analy[sz]e|review|risk|decision)/i;
/** Codes like `ПР-1`, `В2`, `+3,300`, `2 этаж`: worth a search of their own. */
const CODE = /(?:[+-]?\d+[.,]\d{3})|(?:\b\d+\s*(?:-?го\s*)?этаж\w*)|(?:[A-Za-zА-Яа-яЁё]{1,4}\d*[-.]?\d+[*]?)/g;

/** The keyword classifier used without a model, and when the intent call fails. */
export function heuristicIntent(question: string, compare: boolean): Intent {
  const counting = COUNT_WORDS.test(question);
  const analysis = ANALYSIS_WORDS.test(question);
  const intent_type: Intent["intent_type"] = compare || COMPARE_WORDS.test(question) ? "comparison" : counting && analysis ? "mixed" : counting ? "element_count" : "general_analysis";
  const codes = [...question.matchAll(CODE)].map((m) => m[0].trim()).filter((c) => /\d/.test(c));
  return {
    intent_type,
    requires_visual_detail: DETAIL_WORDS.test(question) || (counting && !/спецификац|ведомост|таблиц/i.test(question)),
    focus_areas: [],
    search_terms: [...new Set(codes)].slice(0, 6),
    rationale: "keyword heuristic",
  };
}

/**
 * Classifies the question: with a model, one small fast call that sees only the question and document names;
 * without one (or if that call fails) the keyword heuristic. A failed intent call never fails the answer.
 */
export async function* classifyIntent(run: AgentRun, documentNames: string[]): Step<Intent> {
  const compare = run.input.compare !== undefined;
  const fallback = heuristicIntent(run.input.question, compare);
  if (!run.deps.model) return fallback;
  const earlier = run.input.history?.at(-1)?.question;
  const text = [
    // a follow-up («а на 3 этаже?») is classified and given search terms in the light of the question before it
    ...(earlier ? [dataFrame("the previous question of this chat (context only)", earlier)] : []),
    `QUESTION:\n${run.input.question}`,
    `DOCUMENTS: ${documentNames.map((n) => `«${n}»`).join(", ") || "all of the user's documents"}`,
  ].join("\n\n");
  const messages: ModelMessage[] = [{ role: "user", parts: [{ type: "text", text }] }];
  try {
    const { object } = await generateObject(run, { tier: "fast", system: await systemPrompt(run, "intent"), messages, schema: IntentSchema });
    const intent = compare ? { ...object, intent_type: "comparison" as const } : object;
    // codes the question names are searched even if the model forgot them
    const terms = [...new Set([...intent.search_terms, ...fallback.search_terms])].filter((t) => normaliseForSearch(t) !== normaliseForSearch(run.input.question));
    return { ...intent, search_terms: terms.slice(0, 8) };
  } catch (error) {
    if (run.input.signal?.aborted) throw error;
    yield progress("intent", `intent call failed (${error instanceof Error ? error.message : String(error)}); using the keyword heuristic`);
    return fallback;
  }
}
