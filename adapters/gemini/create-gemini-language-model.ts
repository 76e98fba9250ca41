import { DomainError } from "../../core/domain/errors.js";
import type { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { GeminiConfig, type GeminiConfigInput } from "./gemini.config.js";

/** Validates the settings (one line naming every bad field) and builds the adapter. */
export function createGeminiLanguageModel(input: GeminiConfigInput, uploads?: ModelFileCache): GeminiLanguageModel {
  const parsed = GeminiConfig.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new DomainError("VALIDATION.INVALID_INPUT", `invalid Gemini settings: ${issues}`);
  }
  return new GeminiLanguageModel(parsed.data, uploads);
}
