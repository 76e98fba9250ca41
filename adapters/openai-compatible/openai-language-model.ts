import { DomainError } from "../../core/domain/errors.js";
import type { GenerateRequest, GenerateResult, LanguageModel, ModelLimits, StreamPart } from "../../core/ports/language-model.js";
import { withRetries, type RetryPolicy } from "../shared/model-retry.js";
import { checkImageLimit, limitsOf } from "../shared/model-limits.js";
import { OpenAiCall } from "./openai-call.js";
import { buildChatRequest, type ServerDialect } from "./openai-chat-request.js";
import { fromFailedResponse, parseErrorBody, type FailedResponse } from "./openai-error.js";
import { OpenAiResponseReader } from "./openai-response-reader.js";
import { readServerSentEvents } from "./read-server-sent-events.js";
import type { OpenAiConfig } from "./openai.config.js";

/**
 * `LanguageModel` over the OpenAI chat-completions wire format, spoken by OpenAI and by the self-hosted vision
 * servers (vLLM, Ollama, llama.cpp's server, LM Studio). Plain fetch: the format is small, and no SDK stands
 * between the adapter and what those servers really send.
 */
export class OpenAiLanguageModel implements LanguageModel {
  readonly name = "openai-compatible";
  readonly limits: ModelLimits;
  private readonly retryPolicy: RetryPolicy;
  private readonly dialect: ServerDialect;
  private readonly endpoint: string;

  constructor(private readonly config: OpenAiConfig) {
    this.retryPolicy = { retries: config.maxRetries, minDelayMs: config.retryMinDelayMs, maxDelayMs: config.retryMaxDelayMs, maxRetryAfterMs: config.maxRetryAfterMs };
    this.dialect = { structuredOutput: config.structuredOutput, maxTokensField: config.maxTokensField, thinkingControl: config.thinkingControl };
    this.endpoint = `${config.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    this.limits = limitsOf(config);
  }

  async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
    const images = this.checkImages(request);
    const first = await this.complete(request);
    try {
      return first.finish(request, images, "complete");
    } catch (error) {
      // Without schema-constrained decoding the model may miss the schema; it is shown its reply and asked once more.
      if (!this.mayRepair(request, error)) throw error;
      const repair = repairRequest(request, first.answer, error);
      return (await this.complete(repair)).finish(repair, images, "complete");
    }
  }

  async *stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>> {
    const model = this.modelFor(request);
    const images = this.checkImages(request);
    // Retried until the first event arrives; once deltas have been handed out, a failure is the caller's to see.
    const { call, events, first } = await withRetries(
      async () => {
        const call = new OpenAiCall(model, request.signal, request.timeoutMs ?? this.config.timeoutMs);
        try {
          const response = await this.send(request, model, true, call);
          if (!response.body) throw new DomainError("LLM.BAD_RESPONSE", `${model} sent an empty stream`, { details: { model } });
          const events = readServerSentEvents(response.body);
          return { call, events, first: await events.next() };
        } catch (error) {
          const failure = call.fail(error);
          call.close();
          throw failure;
        }
      },
      this.retryPolicy,
      request.signal,
    );
    const reader = new OpenAiResponseReader(model);
    let end: "done" | "cut" = "cut";
    let streamed = "";
    let result: GenerateResult<T>;
    try {
      for (let next = first; !next.done; next = await events.next()) {
        call.touch();
        if (next.value.trim() === "[DONE]") {
          end = "done";
          break;
        }
        const { text, thinking } = readChunk(reader, next.value, model);
        streamed += text;
        if (thinking) yield { type: "thinking-delta", delta: thinking };
        if (text) yield { type: "text-delta", delta: text };
      }
      try {
        result = reader.finish(request, images, end);
      } catch (error) {
        if (!this.mayRepair(request, error)) throw error;
        // the deltas were the reply that missed the schema; the finish carries the repair, as `generate` would return it
        const repair = repairRequest(request, streamed, error);
        result = (await this.complete(repair)).finish(repair, images, "complete");
      }
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.close();
      await events.return(undefined).catch(() => undefined);
    }
    yield { type: "finish", result };
  }

  /** One non-streamed completion, retried on what may pass; the reader holds the reply. */
  private async complete(request: GenerateRequest): Promise<OpenAiResponseReader & { answer: string }> {
    const model = this.modelFor(request);
    return withRetries(
      async () => {
        const call = new OpenAiCall(model, request.signal, request.timeoutMs ?? this.config.timeoutMs);
        try {
          const body = await (await this.send(request, model, false, call)).text();
          const reader = new OpenAiResponseReader(model);
          const { text } = reader.read(body);
          return Object.assign(reader, { answer: text });
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

  /**
   * POSTs the request; a refusal that names a request field the server does not take (the budget field, a
   * response_format it lacks) narrows the dialect and is sent again at once. Any other refusal is thrown.
   */
  private async send(request: GenerateRequest, model: string, stream: boolean, call: OpenAiCall): Promise<Response> {
    const apiKey = request.apiKey ?? this.config.apiKey;
    for (;;) {
      const response = await fetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify(buildChatRequest(request, model, this.dialect, stream)),
        signal: call.signal,
      });
      if (response.ok) return response;
      const failed: FailedResponse = { status: response.status, body: await response.text(), headers: response.headers };
      if (!this.narrowDialect(request, failed)) throw fromFailedResponse(failed, model);
    }
  }

  private narrowDialect(request: GenerateRequest, failed: FailedResponse): boolean {
    if (failed.status !== 400 && failed.status !== 422) return false;
    const error = parseErrorBody(failed.body);
    const text = `${error?.param ?? ""} ${error?.message ?? failed.body}`;
    const unsupported = error?.code === "unsupported_parameter" || /unsupported|not supported|unrecognized|unknown|extra inputs|not permitted/i.test(text);
    if (request.maxOutputTokens !== undefined && unsupported && new RegExp(`\\b${this.dialect.maxTokensField}\\b`).test(text)) {
      this.dialect.maxTokensField = this.dialect.maxTokensField === "max_tokens" ? "max_completion_tokens" : "max_tokens";
      return true;
    }
    if (request.thinking && this.dialect.thinkingControl !== "none" && /reasoning_effort/.test(text)) {
      this.dialect.thinkingControl = "none";
      return true;
    }
    if (request.schema && this.dialect.structuredOutput !== "prompt" && /response_format|json_schema|json_object/i.test(text)) {
      this.dialect.structuredOutput = this.dialect.structuredOutput === "json_schema" ? "json_object" : "prompt";
      return true;
    }
    return false;
  }

  private mayRepair(request: GenerateRequest, error: unknown): error is DomainError {
    return request.schema !== undefined && this.dialect.structuredOutput !== "json_schema" && DomainError.isInstance(error) && error.code === "LLM.BAD_RESPONSE";
  }

  private checkImages(request: GenerateRequest): number {
    return checkImageLimit(request.messages, this.limits);
  }

  private modelFor(request: GenerateRequest): string {
    return request.tier === "strong" ? this.config.strongModel : this.config.fastModel;
  }
}

/** The conversation once more, with the reply that missed the schema and what was wrong with it. */
function repairRequest<T>(request: GenerateRequest<T>, reply: string, error: DomainError): GenerateRequest<T> {
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: "model", parts: [{ type: "text", text: reply }] },
      { role: "user", parts: [{ type: "text", text: `That reply does not fit the schema (${error.message}). Reply again with the JSON object only.` }] },
    ],
  };
}

/** A chunk that is not JSON inside a stream is a stream that broke off, not a malformed answer. */
function readChunk(reader: OpenAiResponseReader, data: string, model: string): { text: string; thinking: string } {
  try {
    return reader.read(data);
  } catch (error) {
    if (DomainError.isInstance(error) && error.code === "LLM.BAD_RESPONSE") {
      throw new DomainError("LLM.UNAVAILABLE", `${model} stream broke off mid-response`, { cause: error, retryable: true, details: { model } });
    }
    throw error;
  }
}
