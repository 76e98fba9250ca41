import type { z } from "zod";
import type { FinishReason, ModelUsage } from "../ports/language-model.js";
import { DomainError } from "./errors.js";
import { parseStructuredOutput } from "./structured-output.js";

/** What a model call produced once it finished, before it is accepted as a result. */
export interface ModelOutput {
  text: string;
  finishReason: FinishReason;
  usage: ModelUsage;
  model: string;
  /** The output budget the request set, if it set one. */
  maxOutputTokens?: number;
}

/**
 * Accepts a finished output under the port's rules and returns the validated object when a schema was given.
 * The finish reason is read before the text: an answer that ran out of budget is `LLM.OUTPUT_TRUNCATED`
 * (with what the caller can change in `details.remedy`), not JSON that failed to parse; an answer without any
 * text is `LLM.EMPTY_RESPONSE` after a normal stop and `LLM.BAD_RESPONSE` after any other. Plain text cut at the
 * budget is accepted: its finish reason `length` says so. These errors carry the call's `usage`: it was billed.
 */
export function acceptModelOutput<T>(output: ModelOutput, schema: z.ZodType<T> | undefined): T | undefined {
  const { text, finishReason, model } = output;
  const answered = text.trim().length > 0;
  if (finishReason.unified === "length") {
    if (!answered) throw truncated(output, output.usage.thinkingTokens ? "lower_thinking" : "raise_budget");
    if (!schema) return undefined;
    try {
      return parseStructuredOutput(text, schema, model);
    } catch (error) {
      throw truncated(output, output.usage.thinkingTokens ? "lower_thinking_or_raise_budget" : "raise_budget", error);
    }
  }
  if (!answered) {
    const details = { model, finishReason: finishReason.raw ?? finishReason.unified, usage: output.usage };
    if (finishReason.unified === "stop") throw new DomainError("LLM.EMPTY_RESPONSE", `${model} finished without writing any answer`, { details });
    throw new DomainError("LLM.BAD_RESPONSE", `${model} ended with ${details.finishReason} and no answer`, { details });
  }
  return schema ? parseStructuredOutput(text, schema, model) : undefined;
}

type Remedy = "raise_budget" | "lower_thinking" | "lower_thinking_or_raise_budget";

function truncated(output: ModelOutput, remedy: Remedy, cause?: unknown): DomainError {
  const { model, usage, maxOutputTokens } = output;
  const thinking = usage.thinkingTokens ?? 0;
  const budget = maxOutputTokens ?? usage.outputTokens;
  const spent = `${usage.outputTokens} output tokens${thinking ? `, ${thinking} of them thinking` : ""}`;
  const message =
    remedy === "lower_thinking"
      ? `${model} spent its whole output budget thinking (${spent}) and wrote no answer: lower the thinking budget or raise maxOutputTokens`
      : `${model} reached its output budget of ${budget} tokens (${spent}) before its answer was complete: raise maxOutputTokens${thinking ? " or lower the thinking budget" : ""}`;
  return new DomainError("LLM.OUTPUT_TRUNCATED", message, {
    cause,
    details: {
      model,
      finishReason: output.finishReason.raw ?? output.finishReason.unified,
      outputTokens: usage.outputTokens,
      ...(usage.thinkingTokens !== undefined ? { thinkingTokens: usage.thinkingTokens } : {}),
      ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
      remedy,
      ...(output.text ? { partialText: output.text } : {}),
      usage,
    },
  });
}
