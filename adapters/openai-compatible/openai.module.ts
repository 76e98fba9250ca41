import { ContainerModule } from "inversify";
import { LRUCache } from "lru-cache";
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

/**
 * The models at users' own servers: one adapter per base URL (kept, so what it learnt of the server's dialect
 * stays), with the deployment's model names, timeouts and retries but neither its key, which is for its own server
 * and must not reach a user's, nor its limits, which are its server's. The user's key rides on each request.
 */
export function openAiModelsAt(input: OpenAiConfigInput): (baseUrl: string) => OpenAiLanguageModel {
  const { apiKey: _deploymentKey, contextTokens: _context, maxImagesPerRequest: _images, imageTokens: _imageTokens, ...shared } = input;
  const models = new LRUCache<string, OpenAiLanguageModel>({ max: 64 });
  return (baseUrl) => {
    let model = models.get(baseUrl);
    if (!model) models.set(baseUrl, (model = createOpenAiLanguageModel({ ...shared, baseUrl })));
    return model;
  };
}
