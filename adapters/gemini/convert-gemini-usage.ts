import type { GenerateContentResponseUsageMetadata } from "@google/genai";
import type { ModelUsage } from "../../core/ports/language-model.js";

/**
 * Gemini counts thinking (`thoughtsTokenCount`) apart from the visible answer (`candidatesTokenCount`), but bills
 * both as output. `cachedContentTokenCount` is the part of `promptTokenCount` read from a context cache.
 * On a stream every chunk carries running totals, so the caller passes the last chunk's counts, never a sum.
 */
export function convertGeminiUsage(usage: GenerateContentResponseUsageMetadata | undefined, images: number): ModelUsage {
  const thinking = usage?.thoughtsTokenCount;
  const cached = usage?.cachedContentTokenCount;
  return {
    inputTokens: usage?.promptTokenCount ?? 0,
    outputTokens: (usage?.candidatesTokenCount ?? 0) + (thinking ?? 0),
    ...(thinking !== undefined ? { thinkingTokens: thinking } : {}),
    ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
    images,
  };
}
