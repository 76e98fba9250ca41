import type { GenerateContentResponseUsageMetadata } from "@google/genai";
import type { ModelUsage } from "../../core/ports/language-model.js";

/** Gemini counts thinking separately from the visible answer; both are billed as output. */
export function convertGeminiUsage(usage: GenerateContentResponseUsageMetadata | undefined, images: number): ModelUsage {
  return {
    inputTokens: usage?.promptTokenCount ?? 0,
    outputTokens: usage?.candidatesTokenCount ?? 0,
    ...(usage?.thoughtsTokenCount !== undefined ? { thinkingTokens: usage.thoughtsTokenCount } : {}),
    images,
  };
}
