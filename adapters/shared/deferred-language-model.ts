import type { GenerateRequest, GenerateResult, LanguageModel, ModelLimits, StreamPart } from "../../core/ports/language-model.js";

/**
 * A `LanguageModel` whose adapter (and its vendor SDK) loads on the first call, not when the deployment opens:
 * every command resolves the model with the other shared adapters, and most (`docs add`, `docs list`) never call it.
 * `name` and `limits` come from the settings, known without the SDK.
 */
export class DeferredLanguageModel implements LanguageModel {
  private loaded: Promise<LanguageModel> | undefined;

  constructor(
    readonly name: string,
    readonly limits: ModelLimits,
    private readonly load: () => Promise<LanguageModel>,
  ) {}

  async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
    return (await this.model()).generate(request);
  }

  async *stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>> {
    yield* (await this.model()).stream(request);
  }

  private model(): Promise<LanguageModel> {
    // a failed load is not kept: the next call tries again
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }
}
