import type { ModelUsage } from "../../core/ports/language-model.js";

/** `usage` of a chat completion; servers leave out the details they do not count. */
export interface OpenAiUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * OpenAI's `completion_tokens` already include the reasoning tokens (`completion_tokens_details.reasoning_tokens`
 * is a part of them, not an addition, unlike Gemini's counts), and `prompt_tokens` include the cached ones.
 */
export function convertOpenAiUsage(usage: OpenAiUsage | undefined, images: number): ModelUsage {
  const thinking = usage?.completion_tokens_details?.reasoning_tokens ?? undefined;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? undefined;
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    ...(thinking !== undefined ? { thinkingTokens: thinking } : {}),
    ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
    images,
  };
}
