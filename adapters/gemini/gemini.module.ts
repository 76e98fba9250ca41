import { ContainerModule } from "inversify";
import { LanguageModel } from "../../core/ports/language-model.js";
import { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { DeferredLanguageModel } from "../shared/deferred-language-model.js";
import { limitsOf } from "../shared/model-limits.js";
import { parseGeminiConfig, type GeminiConfigInput } from "./gemini.config.js";

/**
 * Binds `LanguageModel` to Gemini. The key may be absent: calls then need a per-request key (a user's own) or fail
 * `LLM.NOT_CONFIGURED`. A bound `ModelFileCache` (the deployment's database) shares its uploads between instances.
 * The settings are checked on resolve; the adapter and Google's SDK load on the first call (the SDK took 130 ms of
 * every command's start, also of those that never call a model).
 */
export function geminiModule(input: GeminiConfigInput): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<LanguageModel>(LanguageModel)
      .toResolvedValue(
        (uploads: ModelFileCache | undefined) => {
          const config = parseGeminiConfig(input);
          return new DeferredLanguageModel("gemini", limitsOf(config), async () => new (await import("./gemini-language-model.js")).GeminiLanguageModel(config, uploads));
        },
        [{ serviceIdentifier: ModelFileCache, optional: true }],
      )
      .inSingletonScope();
  });
}
