import { ContainerModule } from "inversify";
import { DomainError } from "../../core/domain/errors.js";
import { LanguageModel } from "../../core/ports/language-model.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { GeminiConfig, type GeminiConfigInput } from "./gemini.config.js";

/** Validates the settings (one line naming every bad field) and builds the adapter. */
export function createGeminiLanguageModel(input: GeminiConfigInput): GeminiLanguageModel {
  const parsed = GeminiConfig.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new DomainError("VALIDATION.INVALID_INPUT", `invalid Gemini settings: ${issues}`);
  }
  return new GeminiLanguageModel(parsed.data);
}

/** Binds `LanguageModel` to Gemini. The key may be absent: calls then need a per-request key (a user's own) or fail `LLM.NOT_CONFIGURED`. */
export function geminiModule(input: GeminiConfigInput): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(GeminiLanguageModel)
      .toDynamicValue(() => createGeminiLanguageModel(input))
      .inSingletonScope();
    bind<LanguageModel>(LanguageModel).toService(GeminiLanguageModel);
  });
}
