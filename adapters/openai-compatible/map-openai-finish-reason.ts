import type { FinishReason } from "../../core/ports/language-model.js";

/** `finish_reason` of a choice; `length` is Gemini's MAX_TOKENS (the output budget ran out). */
export function mapOpenAiFinishReason(raw: string | undefined): FinishReason {
  if (raw === undefined) return { unified: "other" };
  if (raw === "stop" || raw === "eos") return { unified: "stop", raw };
  if (raw === "length") return { unified: "length", raw };
  if (raw === "content_filter") return { unified: "content-filter", raw };
  if (raw === "tool_calls" || raw === "function_call") return { unified: "error", raw };
  return { unified: "other", raw };
}
