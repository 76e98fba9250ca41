import type { z } from "zod";

export type ModelPart =
  | { type: "text"; text: string }
  | { type: "image"; mimeType: string; data: Uint8Array; /** evidence image id, for logs and accounting */ label?: string };

export interface ModelMessage {
  role: "user" | "model";
  parts: ModelPart[];
}

export interface ModelUsage {
  /** Prompt tokens, those read from a context cache included. */
  inputTokens: number;
  /** Billed output tokens: the answer and the model's thinking. */
  outputTokens: number;
  /** The part of `outputTokens` the model spent thinking. */
  thinkingTokens?: number;
  /** The part of `inputTokens` read from a context cache (billed at a lower rate). */
  cachedInputTokens?: number;
  images: number;
}

export type FinishReason = { unified: "stop" | "length" | "content-filter" | "error" | "other"; raw?: string };

export interface GenerateRequest<T = unknown> {
  /** `fast` (collector, simple profile) or `strong` (complex profile's answer model). */
  tier: "fast" | "strong";
  system: string;
  messages: ModelMessage[];
  /** When set the model must return JSON matching the schema; the result is validated with it. */
  schema?: z.ZodType<T>;
  temperature?: number;
  topP?: number;
  thinking?: { enabled: boolean; budgetTokens?: number };
  mediaResolution?: "low" | "medium" | "high";
  /**
   * Cap on generated tokens, thinking included (the token budget). Plain text that reaches it is returned with
   * finish reason `length`; structured output that reaches it is `LLM.OUTPUT_TRUNCATED`.
   */
  maxOutputTokens?: number;
  /** Per-user API key; adapters fall back to their configured key. */
  apiKey?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface GenerateResult<T = unknown> {
  text: string;
  /** Parsed and validated structured output when a schema was given. */
  object?: T;
  usage: ModelUsage;
  finishReason: FinishReason;
  model: string;
}

export type StreamPart<T = unknown> =
  | { type: "text-delta"; delta: string }
  | { type: "thinking-delta"; delta: string }
  | { type: "finish"; result: GenerateResult<T> };

/**
 * What one model server takes in a request, as its operator configured it (a self-hosted server's context length
 * and `--limit-mm-per-prompt`); an absent field is a limit the adapter does not know of. Callers budget by it.
 */
export interface ModelLimits {
  /** The context window in tokens: prompt (text and images) and output of one request together. */
  contextTokens?: number;
  /** Images one request may carry; an adapter refuses more with `VALIDATION.INVALID_INPUT` before sending. */
  maxImagesPerRequest?: number;
  /** What one image costs in prompt tokens on this server, where the operator knows it; callers estimate otherwise. */
  imageTokens?: number;
}

export const LanguageModel = Symbol.for("aizoomdoc.LanguageModel");

/**
 * A multimodal LLM.
 *
 * Contract:
 * - `generate` resolves with validated output or throws a `DomainError`: `LLM.RATE_LIMITED` / `LLM.UNAVAILABLE`
 *   (retryable, after the adapter's own retries; a used-up daily quota is `LLM.RATE_LIMITED` that is not
 *   retryable, with `details.quotaId`), `LLM.TIMEOUT`, `LLM.BLOCKED` (safety), `LLM.BAD_RESPONSE`
 *   (malformed or schema-invalid output), `LLM.OUTPUT_TRUNCATED` when the output budget ran out before a usable
 *   answer (structured output cut off, or only thinking; `details` carry `maxOutputTokens`, `outputTokens`,
 *   `thinkingTokens` and a `remedy`: `raise_budget`, `lower_thinking` or `lower_thinking_or_raise_budget`),
 *   `LLM.EMPTY_RESPONSE` when the model stopped without any text, `OPERATION.CANCELLED` when `signal` aborts,
 *   `LLM.NOT_CONFIGURED` when there is no usable key (missing or rejected) or the model is unknown,
 *   `VALIDATION.INVALID_INPUT` when the vendor refuses the request itself (e.g. an image it cannot take).
 * - `stream` yields raw text deltas as they arrive and ends with exactly one `finish` part carrying the same
 *   result `generate` would; a failure mid-stream throws after the deltas already yielded. With a schema the
 *   deltas are raw JSON text: use `StreamedJsonFieldExtractor` (core/domain) to show one field as it arrives.
 *   `thinking-delta` parts (thought summaries) may come first when thinking is enabled.
 * - `limits` stay the same for the adapter's lifetime; a request over `maxImagesPerRequest` fails before any call.
 */
export interface LanguageModel {
  readonly name: string;
  /** The server's limits a caller must budget by (images per request, context length); absent = none known. */
  readonly limits?: ModelLimits;
  generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>>;
  stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>>;
}
