import type { z } from "zod";
import { DomainError } from "../domain/errors.js";
import { StreamedJsonFieldExtractor } from "../domain/streamed-json-field.js";
import { parseStructuredOutput } from "../domain/structured-output.js";
import type { GenerateRequest, GenerateResult, LanguageModel, ModelMessage, ModelUsage } from "../ports/language-model.js";
import type { AgentRun } from "./agent-run.js";
import { estimatePromptTokens, imageTokensOf } from "./fit-budget-to-model.js";
import type { Step } from "./phase.js";

export interface CallSpec<T> {
  tier: "fast" | "strong";
  system: string;
  messages: ModelMessage[];
  schema: z.ZodType<T>;
}

/** The output budget of a call: the run's, or a roomier one for the retry of an answer that ran out of it. */
export interface CallRoom {
  maxOutputTokens: number;
  thinking?: { enabled: boolean; budgetTokens?: number };
}

/** The most output a retry asks for: the budget setting's own maximum. */
const MAX_OUTPUT_TOKENS = 65_536;

export function runRoom(run: AgentRun): CallRoom {
  const { budget, thinking } = run.settings;
  return { maxOutputTokens: budget.maxOutputTokens, ...(thinking ? { thinking } : {}) };
}

/**
 * The room for the one retry a failed call gets, or undefined when the failure is not one more room can help:
 * an empty answer is asked again as it was; an answer cut at the budget gets twice the budget (up to the cap)
 * (up to `cap`, what the server's context leaves) and, when the adapter says its thinking used the room, a thinking
 * budget of a quarter of the new budget. Thinking switched off stays off.
 */
export function retryRoom(room: CallRoom, error: unknown, cap = MAX_OUTPUT_TOKENS): CallRoom | undefined {
  if (!DomainError.isInstance(error)) return undefined;
  if (error.code === "LLM.EMPTY_RESPONSE") return room;
  if (error.code !== "LLM.OUTPUT_TRUNCATED") return undefined;
  const remedy = error.details?.remedy;
  const maxOutputTokens = Math.max(room.maxOutputTokens, Math.min(cap, MAX_OUTPUT_TOKENS, room.maxOutputTokens * 2));
  const thinkingBudget = Math.floor(maxOutputTokens / 4);
  const lowerThinking = remedy !== "raise_budget" && room.thinking?.enabled !== false && (room.thinking?.budgetTokens ?? Infinity) > thinkingBudget;
  if (maxOutputTokens === room.maxOutputTokens && !lowerThinking) return undefined;
  return { maxOutputTokens, ...(lowerThinking ? { thinking: { enabled: true, budgetTokens: thinkingBudget } } : room.thinking ? { thinking: room.thinking } : {}) };
}

/**
 * The most output a call may ask for: under a context limit, what the context leaves after the call's prompt (the
 * budget fit estimates the same way, so this only bites where the estimate of the whole run was too kind).
 */
export function outputRoom(run: AgentRun, spec: Pick<CallSpec<unknown>, "system" | "messages">): number {
  const limits = run.deps.model?.limits;
  if (limits?.contextTokens === undefined) return MAX_OUTPUT_TOKENS;
  return Math.max(256, limits.contextTokens - estimatePromptTokens(spec, imageTokensOf(limits, run.settings.render)));
}

function requireModel(run: AgentRun): LanguageModel {
  if (!run.deps.model) throw new DomainError("LLM.NOT_CONFIGURED", "no language model is configured");
  return run.deps.model;
}

function request<T>(run: AgentRun, spec: CallSpec<T>, room: CallRoom): GenerateRequest<T> {
  const s = run.settings;
  return {
    tier: spec.tier,
    system: spec.system,
    messages: spec.messages,
    schema: spec.schema,
    maxOutputTokens: Math.min(room.maxOutputTokens, outputRoom(run, spec)),
    ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
    ...(s.topP !== undefined ? { topP: s.topP } : {}),
    ...(room.thinking ? { thinking: room.thinking } : {}),
    ...(s.mediaResolution ? { mediaResolution: s.mediaResolution } : {}),
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(run.input.signal ? { signal: run.input.signal } : {}),
  };
}

function validated<T>(result: GenerateResult<T>, schema: z.ZodType<T>): T {
  // adapters validate already; a result without an object (or from a lenient adapter) is checked here
  return result.object !== undefined ? schema.parse(result.object) : parseStructuredOutput(result.text, schema, result.model);
}

/** A call that ran out of its budget or came back empty was billed all the same: its usage rides on the error. */
function bookFailedCall(run: AgentRun, error: unknown, elapsedMs: number): void {
  const usage = DomainError.isInstance(error) ? (error.details?.usage as ModelUsage | undefined) : undefined;
  if (usage && typeof usage.inputTokens === "number" && typeof usage.outputTokens === "number") run.addUsage(usage, elapsedMs);
  else run.modelMs += elapsedMs;
}

/**
 * One structured, non-streamed call (intent, collector); usage and model time are booked on the run. An answer
 * cut at the output budget, or an empty one, is asked once more with the room `retryRoom` gives it.
 */
export async function generateObject<T>(run: AgentRun, spec: CallSpec<T>): Promise<{ object: T; model: string }> {
  const room = runRoom(run);
  try {
    return await generateOnce(run, spec, room);
  } catch (error) {
    const more = retryRoom(room, error, outputRoom(run, spec));
    if (!more || run.input.signal?.aborted) throw error;
    return generateOnce(run, spec, more);
  }
}

async function generateOnce<T>(run: AgentRun, spec: CallSpec<T>, room: CallRoom): Promise<{ object: T; model: string }> {
  const model = requireModel(run);
  run.throwIfAborted();
  const t0 = run.now();
  let result: GenerateResult<T>;
  try {
    result = await model.generate(request(run, spec, room));
  } catch (error) {
    bookFailedCall(run, error, run.now() - t0);
    throw error;
  }
  run.addUsage(result.usage, run.now() - t0);
  return { object: validated(result, spec.schema), model: result.model };
}

/**
 * A streamed structured call whose `field` (the answer text) is forwarded as `llm_token` events while the JSON
 * arrives. The text streamed so far is kept on the run, so a failure mid-stream still leaves a partial answer.
 */
export async function* streamObject<T>(run: AgentRun, spec: CallSpec<T>, field: string, room: CallRoom = runRoom(run)): Step<{ object: T; model: string }> {
  const model = requireModel(run);
  run.throwIfAborted();
  const extractor = new StreamedJsonFieldExtractor(field);
  let waited = 0;
  let mark = run.now();
  let result: GenerateResult<T> | undefined;
  const previous = run.partialAnswer;
  try {
    for await (const part of model.stream(request(run, spec, room))) {
      waited += run.now() - mark;
      if (part.type === "text-delta") {
        const token = extractor.push(part.delta);
        if (token.length > 0) {
          run.partialAnswer = extractor.value;
          yield { type: "llm_token", token, accumulated: extractor.value, model: model.name };
        }
      } else if (part.type === "thinking-delta") {
        yield { type: "llm_thinking", token: part.delta, model: model.name };
      } else {
        result = part.result;
      }
      mark = run.now();
    }
  } catch (error) {
    // keep the better of this round's streamed text and the last complete answer
    if (run.partialAnswer.length === 0) run.partialAnswer = previous;
    bookFailedCall(run, error, waited);
    throw error;
  }
  if (!result) throw new DomainError("LLM.BAD_RESPONSE", `${model.name} ended its stream without a result`);
  run.addUsage(result.usage, waited);
  return { object: validated(result, spec.schema), model: result.model };
}
