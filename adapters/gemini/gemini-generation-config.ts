import { MediaResolution, type GenerateContentConfig } from "@google/genai";
import { z } from "zod";
import type { GenerateRequest } from "../../core/ports/language-model.js";

const mediaResolutions = {
  low: MediaResolution.MEDIA_RESOLUTION_LOW,
  medium: MediaResolution.MEDIA_RESOLUTION_MEDIUM,
  high: MediaResolution.MEDIA_RESOLUTION_HIGH,
} as const;

/** Pro models cannot switch thinking off; 128 tokens is the smallest budget they accept. */
const smallestProThinkingBudget = 128;

/** The request's settings as Gemini's generation config (system prompt, sampling, thinking, media, JSON schema). */
export function buildGenerationConfig(request: GenerateRequest, model: string): GenerateContentConfig {
  const config: GenerateContentConfig = {};
  if (request.system) config.systemInstruction = request.system;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.mediaResolution) config.mediaResolution = mediaResolutions[request.mediaResolution];
  if (request.thinking) {
    config.thinkingConfig = request.thinking.enabled
      ? { includeThoughts: true, thinkingBudget: request.thinking.budgetTokens ?? -1 }
      : { thinkingBudget: /pro/i.test(model) ? smallestProThinkingBudget : 0 };
  }
  if (request.schema) {
    config.responseMimeType = "application/json";
    config.responseJsonSchema = toResponseJsonSchema(request.schema);
  }
  return config;
}

/**
 * JSON Schema of what the model must write: the schema's input side (defaulted fields may be omitted).
 * `$schema` is dropped because Gemini's schema subset does not know it.
 */
export function toResponseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}
