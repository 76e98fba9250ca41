import type { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { parseGeminiConfig, type GeminiConfigInput } from "./gemini.config.js";

/** Validates the settings (one line naming every bad field) and builds the adapter. */
export function createGeminiLanguageModel(input: GeminiConfigInput, uploads?: ModelFileCache): GeminiLanguageModel {
  return new GeminiLanguageModel(parseGeminiConfig(input), uploads);
}
