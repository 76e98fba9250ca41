import { ContainerModule } from "inversify";
import { DomainError } from "../../core/domain/errors.js";
import { LanguageModel } from "../../core/ports/language-model.js";
import { ModelFileCache } from "../../core/ports/model-file-cache.js";
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

/**
 * Binds `LanguageModel` to Gemini. The key may be absent: calls then need a per-request key (a user's own) or fail
 * `LLM.NOT_CONFIGURED`. A bound `ModelFileCache` (the deployment's database) shares its uploads between instances.
 */
export function geminiModule(input: GeminiConfigInput): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(GeminiLanguageModel)
      .toResolvedValue((uploads: ModelFileCache | undefined) => createGeminiLanguageModel(input, uploads), [{ serviceIdentifier: ModelFileCache, optional: true }])
      .inSingletonScope();
    bind<LanguageModel>(LanguageModel).toService(GeminiLanguageModel);
  });
}
