import type { z } from "zod";
import { DomainError } from "../domain/errors.js";
import { StreamedJsonFieldExtractor } from "../domain/streamed-json-field.js";
import { parseStructuredOutput } from "../domain/structured-output.js";
import type { GenerateRequest, GenerateResult, LanguageModel, ModelMessage } from "../ports/language-model.js";
import type { AgentRun } from "./agent-run.js";
import type { Step } from "./phase.js";

export interface CallSpec<T> {
  tier: "fast" | "strong";
  system: string;
  messages: ModelMessage[];
  schema: z.ZodType<T>;
}

function requireModel(run: AgentRun): LanguageModel {
  if (!run.deps.model) throw new DomainError("LLM.NOT_CONFIGURED", "no language model is configured");
  return run.deps.model;
}

function request<T>(run: AgentRun, spec: CallSpec<T>): GenerateRequest<T> {
  const s = run.settings;
  return {
    tier: spec.tier,
    system: spec.system,
    messages: spec.messages,
    schema: spec.schema,
    maxOutputTokens: s.budget.maxOutputTokens,
    ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
    ...(s.topP !== undefined ? { topP: s.topP } : {}),
    ...(s.thinking ? { thinking: s.thinking } : {}),
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

/** One structured, non-streamed call (intent, collector); usage and model time are booked on the run. */
export async function generateObject<T>(run: AgentRun, spec: CallSpec<T>): Promise<{ object: T; model: string }> {
  const model = requireModel(run);
  run.throwIfAborted();
  const t0 = run.now();
  const result = await model.generate(request(run, spec));
  run.addUsage(result.usage, run.now() - t0);
  return { object: validated(result, spec.schema), model: result.model };
}

/**
 * A streamed structured call whose `field` (the answer text) is forwarded as `llm_token` events while the JSON
 * arrives. The text streamed so far is kept on the run, so a failure mid-stream still leaves a partial answer.
 */
export async function* streamObject<T>(run: AgentRun, spec: CallSpec<T>, field: string): Step<{ object: T; model: string }> {
  const model = requireModel(run);
  run.throwIfAborted();
  const extractor = new StreamedJsonFieldExtractor(field);
  let waited = 0;
  let mark = run.now();
  let result: GenerateResult<T> | undefined;
  const previous = run.partialAnswer;
  try {
    for await (const part of model.stream(request(run, spec))) {
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
    run.modelMs += waited;
    throw error;
  }
  if (!result) throw new DomainError("LLM.BAD_RESPONSE", `${model.name} ended its stream without a result`);
  run.addUsage(result.usage, waited);
  return { object: validated(result, spec.schema), model: result.model };
}
