import { ContainerModule } from "inversify";
import { DomainError } from "../../core/domain/errors.js";
import { LanguageModel } from "../../core/ports/language-model.js";
import { OpenAiLanguageModel } from "./openai-language-model.js";
import { OpenAiConfig, type OpenAiConfigInput } from "./openai.config.js";

/** Validates the settings (one line naming every bad field) and builds the adapter. */
export function createOpenAiLanguageModel(input: OpenAiConfigInput): OpenAiLanguageModel {
  const parsed = OpenAiConfig.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new DomainError("VALIDATION.INVALID_INPUT", `invalid OpenAI-compatible model settings: ${issues}`);
  }
  return new OpenAiLanguageModel(parsed.data);
}

/** Binds `LanguageModel` to an OpenAI-compatible server. The key may be absent: self-hosted servers often take none. */
export function openAiModule(input: OpenAiConfigInput): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(OpenAiLanguageModel)
      .toDynamicValue(() => createOpenAiLanguageModel(input))
      .inSingletonScope();
    bind<LanguageModel>(LanguageModel).toService(OpenAiLanguageModel);
  });
}
