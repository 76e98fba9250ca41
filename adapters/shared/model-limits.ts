import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";
import type { ModelLimits, ModelMessage } from "../../core/ports/language-model.js";

/** The limits fields of a model adapter's settings, the same for every vendor (see `ModelLimits`). */
export const ModelLimitsSettings = {
  /** The server's context window in tokens (vLLM's `--max-model-len`, Ollama's `num_ctx`); the agent fits its requests into it. */
  contextTokens: z.number().int().min(1_024).optional(),
  /** The server's limit on images in one request (vLLM's `--limit-mm-per-prompt`); more fail before sending. */
  maxImagesPerRequest: z.number().int().positive().optional(),
  /** Prompt tokens one image costs on this server, when known; the agent estimates it from the image size otherwise. */
  imageTokens: z.number().int().positive().optional(),
};

/** The limits a configuration states, without the ones it leaves unset. */
export function limitsOf(settings: { contextTokens?: number | undefined; maxImagesPerRequest?: number | undefined; imageTokens?: number | undefined }): ModelLimits {
  const { contextTokens, maxImagesPerRequest, imageTokens } = settings;
  return {
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(maxImagesPerRequest !== undefined ? { maxImagesPerRequest } : {}),
    ...(imageTokens !== undefined ? { imageTokens } : {}),
  };
}

function countImages(messages: readonly ModelMessage[]): number {
  return messages.reduce((sum, message) => sum + message.parts.filter((part) => part.type === "image").length, 0);
}

/** The request's image count; more than the server takes is refused here, before a call the server would refuse anyway. */
export function checkImageLimit(messages: readonly ModelMessage[], limits: ModelLimits): number {
  const images = countImages(messages);
  const limit = limits.maxImagesPerRequest;
  if (limit !== undefined && images > limit) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `${images} images in one request, but the model server takes at most ${limit} (maxImagesPerRequest)`, {
      details: { images, maxImagesPerRequest: limit },
    });
  }
  return images;
}
