import { ContainerModule } from "inversify";
import { LanguageModel } from "../../core/ports/language-model.js";
import { ModelFileCache } from "../../core/ports/model-file-cache.js";
import type { GeminiLanguageModel } from "./gemini-language-model.js";
import type { GeminiConfigInput } from "./gemini.config.js";

/** The adapter's own binding; `LanguageModel` is served from it. */
const GeminiLanguageModelToken = Symbol.for("aizoomdoc.GeminiLanguageModel");

/**
 * Binds `LanguageModel` to Gemini. The key may be absent: calls then need a per-request key (a user's own) or fail
 * `LLM.NOT_CONFIGURED`. A bound `ModelFileCache` (the deployment's database) shares its uploads between instances.
 * The adapter and Google's SDK load on first resolve: the SDK took a quarter of a second of every command's start.
 */
export function geminiModule(input: GeminiConfigInput): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<GeminiLanguageModel>(GeminiLanguageModelToken)
      .toResolvedValue(
        async (uploads: ModelFileCache | undefined) => (await import("./create-gemini-language-model.js")).createGeminiLanguageModel(input, uploads),
        [{ serviceIdentifier: ModelFileCache, optional: true }],
      )
      .inSingletonScope();
    bind<LanguageModel>(LanguageModel).toService(GeminiLanguageModelToken);
  });
}
