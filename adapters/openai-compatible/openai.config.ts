import { z } from "zod";
import { ModelLimitsSettings } from "../shared/model-limits.js";

/** Settings of the adapter for OpenAI-compatible chat completions (OpenAI, vLLM, Ollama, llama.cpp, LM Studio…). */
export const OpenAiConfig = z.object({
  /** The server's API root, up to and including `/v1` (`http://gpu-box:8000/v1` for a vLLM on the local network). */
  baseUrl: z.string().url().default("https://api.openai.com/v1"),
  /** Sent as a bearer token; optional, since self-hosted servers often take none. A per-user key wins. */
  apiKey: z.string().min(1).optional(),
  fastModel: z.string().min(1).default("gpt-4.1-mini"),
  strongModel: z.string().min(1).default("gpt-4.1"),
  /**
   * How structured output is asked for: `json_schema` (response_format with the schema), `json_object` (JSON mode,
   * the schema in the system prompt) or `prompt` (the schema in the system prompt only). A server that refuses
   * `json_schema` is asked again at once without it, and the adapter keeps to the prompt from then on.
   */
  structuredOutput: z.enum(["json_schema", "json_object", "prompt"]).default("json_schema"),
  /**
   * The output-budget field: `max_tokens` is what most self-hosted servers read; OpenAI's reasoning models take
   * only `max_completion_tokens`. A server that refuses one as unsupported is asked again with the other.
   */
  maxTokensField: z.enum(["max_tokens", "max_completion_tokens"]).default("max_tokens"),
  /**
   * How the request's thinking settings reach the server: `none` (not sent: the fields differ between servers) or
   * `reasoning_effort` (OpenAI's reasoning models, and servers that follow them): thinking off or a small budget is
   * `low`, up to 8 192 tokens `medium`, more `high`. A server that refuses the field is asked again without it.
   */
  thinkingControl: z.enum(["none", "reasoning_effort"]).default("none"),
  ...ModelLimitsSettings,
  /** Per attempt for `generate`; for `stream`, the longest silence between two chunks. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Retries after the first attempt, on 429, 5xx, timeouts and dropped connections. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  retryMinDelayMs: z.number().int().min(0).default(1_000),
  retryMaxDelayMs: z.number().int().min(0).default(20_000),
  /** A server asking to wait longer than this (Retry-After) fails at once with `LLM.RATE_LIMITED`. */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
});

export type OpenAiConfig = z.infer<typeof OpenAiConfig>;
export type OpenAiConfigInput = z.input<typeof OpenAiConfig>;
