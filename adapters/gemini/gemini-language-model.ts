import { createHash } from "node:crypto";
import { GoogleGenAI, type GenerateContentParameters } from "@google/genai";
import { LRUCache } from "lru-cache";
import { DomainError } from "../../core/domain/errors.js";
import type { GenerateRequest, GenerateResult, LanguageModel, ModelLimits, StreamPart } from "../../core/ports/language-model.js";
import type { ModelFileCache } from "../../core/ports/model-file-cache.js";
import { checkImageLimit, limitsOf } from "../shared/model-limits.js";
import { convertToGeminiContents, imageParts } from "./convert-to-gemini-contents.js";
import { GeminiCall } from "./gemini-call.js";
import { GeminiFileUploads } from "./gemini-file-uploads.js";
import { buildGenerationConfig } from "./gemini-generation-config.js";
import { GeminiResponseReader } from "./gemini-response-reader.js";
import { withRetries, type RetryPolicy } from "../shared/model-retry.js";
import type { GeminiConfig } from "./gemini.config.js";

/** `LanguageModel` over Google's Gemini API (`@google/genai`, REST `v1beta`, never Vertex AI). */
export class GeminiLanguageModel implements LanguageModel {
  readonly name = "gemini";
  readonly limits: ModelLimits;
  /** One SDK client per API key (per-user keys), identified by a hash so the map holds no key in clear. */
  private readonly clients = new LRUCache<string, GoogleGenAI>({ max: 64 });
  private readonly uploads: GeminiFileUploads;
  private readonly retryPolicy: RetryPolicy;

  /** `uploads`: where every instance of the deployment finds the images one of them uploaded (none: this process only). */
  constructor(
    private readonly config: GeminiConfig,
    uploads?: ModelFileCache,
  ) {
    this.uploads = new GeminiFileUploads(config, uploads);
    this.limits = limitsOf(config);
    this.retryPolicy = {
      retries: config.maxRetries,
      minDelayMs: config.retryMinDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    };
  }

  async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
    const model = this.modelFor(request);
    const { client, keyId } = this.clientFor(request);
    checkImageLimit(request.messages, this.limits);
    const images = imageParts(request.messages).length;
    return withRetries(
      async () => {
        const call = new GeminiCall(model, request.signal, request.timeoutMs ?? this.config.timeoutMs);
        try {
          const response = await client.models.generateContent(await this.parameters(client, keyId, model, request, call));
          const reader = new GeminiResponseReader(model);
          reader.read(response);
          return reader.finish(request, images, false);
        } catch (error) {
          throw call.fail(error);
        } finally {
          call.close();
        }
      },
      this.retryPolicy,
      request.signal,
    );
  }

  async *stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>> {
    const model = this.modelFor(request);
    const { client, keyId } = this.clientFor(request);
    checkImageLimit(request.messages, this.limits);
    const images = imageParts(request.messages).length;
    // Retried until the first chunk arrives; once deltas have been handed out, a failure is the caller's to see.
    const { call, chunks, first } = await withRetries(
      async () => {
        const call = new GeminiCall(model, request.signal, request.timeoutMs ?? this.config.timeoutMs);
        try {
          const responses = await client.models.generateContentStream(await this.parameters(client, keyId, model, request, call));
          const chunks = responses[Symbol.asyncIterator]();
          return { call, chunks, first: await chunks.next() };
        } catch (error) {
          const failure = call.fail(error);
          call.close();
          throw failure;
        }
      },
      this.retryPolicy,
      request.signal,
    );
    const reader = new GeminiResponseReader(model);
    try {
      for (let next = first; !next.done; next = await chunks.next()) {
        call.touch();
        const { text, thinking } = reader.read(next.value);
        if (thinking) yield { type: "thinking-delta", delta: thinking };
        if (text) yield { type: "text-delta", delta: text };
      }
      yield { type: "finish", result: reader.finish(request, images, true) };
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.close();
    }
  }

  /** The SDK call's parameters; large images are uploaded first so the request stays under the inline limit. */
  private async parameters(client: GoogleGenAI, keyId: string, model: string, request: GenerateRequest, call: GeminiCall): Promise<GenerateContentParameters> {
    const uploaded = await this.uploads.prepare(client, keyId, request.messages, call.signal);
    return {
      model,
      contents: convertToGeminiContents(request.messages, uploaded),
      config: { ...buildGenerationConfig(request, model), abortSignal: call.signal, httpOptions: { fetch: call.fetch } },
    };
  }

  private modelFor(request: GenerateRequest): string {
    return request.tier === "strong" ? this.config.strongModel : this.config.fastModel;
  }

  private clientFor(request: GenerateRequest): { client: GoogleGenAI; keyId: string } {
    const apiKey = request.apiKey ?? this.config.apiKey;
    if (!apiKey) {
      throw new DomainError("LLM.NOT_CONFIGURED", "no Gemini API key: set GEMINI_API_KEY or save a personal key in the user settings");
    }
    const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
    let client = this.clients.get(keyId);
    if (!client) {
      client = new GoogleGenAI({
        apiKey,
        vertexai: false,
        // v1beta carries responseJsonSchema, thinking and media resolution; newer SDKs default to /v1/.
        httpOptions: { apiVersion: "v1beta", baseUrl: this.config.baseUrl },
      });
      this.clients.set(keyId, client);
    }
    return { client, keyId };
  }
}
