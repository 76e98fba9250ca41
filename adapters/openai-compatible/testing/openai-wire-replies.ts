/**
 * Replies of the OpenAI chat-completions wire-format fake, shaped as the servers send them: a `chat.completion`
 * body, or for a stream `chat.completion.chunk` events (a first chunk with the role, content pieces, a finish
 * chunk with an empty delta, the usage in a last chunk without choices when asked for, then `[DONE]`).
 */

export interface StreamStyle {
  /** `separate`: OpenAI and vLLM, a last chunk with `choices: []`; `on-finish`: on the finish chunk (older llama.cpp); `none`: never. */
  usage?: "separate" | "on-finish" | "none";
  /** false: the finish chunk never names a `finish_reason` (servers that end with `[DONE]` only). */
  finishReason?: boolean;
}

export type WireReply =
  /** A `chat.completion`. On a streamed request its message is split into `streamPieces` content chunks. */
  | { kind: "response"; body: Record<string, unknown>; streamPieces?: number; delayMs?: number; style?: StreamStyle }
  /** Explicit SSE events (`[DONE]` is written as given); `truncate` ends in the middle of one more event, cleanly or by a reset. */
  | { kind: "stream"; events: Array<Record<string, unknown> | string>; truncate?: boolean | "reset"; eventDelayMs?: number }
  | { kind: "error"; status: number; body: Record<string, unknown>; headers?: Record<string, string> }
  /** Bytes as given, e.g. a recorded reply. */
  | { kind: "raw"; status: number; contentType: string; body: string; headers?: Record<string, string> }
  /** Never answers; the client must time out or cancel. */
  | { kind: "hang" };

export interface UsageCounts {
  prompt_tokens?: number;
  completion_tokens?: number;
  reasoning_tokens?: number;
  cached_tokens?: number;
}

const defaultModel = "qwen2.5-vl-7b-instruct";

/** OpenAI's usage: the details are parts of the two counts (reasoning of the completion, cached of the prompt). */
export function usageOf(usage: UsageCounts = {}): Record<string, unknown> {
  const prompt = usage.prompt_tokens ?? 11;
  const completion = usage.completion_tokens ?? 7;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** A finished answer; `reasoning` adds vLLM-style `reasoning_content` before it. `finishReason: "length"` is one cut at the budget. */
export function textReply(
  text: string | null,
  options: { usage?: UsageCounts; finishReason?: string; model?: string; reasoning?: string; refusal?: string; streamPieces?: number; delayMs?: number; style?: StreamStyle } = {},
): WireReply {
  const message = { role: "assistant", content: text, ...(options.reasoning ? { reasoning_content: options.reasoning } : {}), ...(options.refusal ? { refusal: options.refusal } : {}) };
  return {
    kind: "response",
    body: {
      id: "chatcmpl-wire",
      object: "chat.completion",
      created: 1_767_225_600,
      model: options.model ?? defaultModel,
      choices: [{ index: 0, message, logprobs: null, finish_reason: options.finishReason ?? "stop" }],
      usage: usageOf(options.usage),
    },
    ...(options.streamPieces ? { streamPieces: options.streamPieces } : {}),
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
    ...(options.style ? { style: options.style } : {}),
  };
}

/** An error as OpenAI sends it: `{error: {message, type, param, code}}`. */
export function apiError(status: number, message: string, extra: { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> } = {}): WireReply {
  return {
    kind: "error",
    status,
    body: { error: { message, type: extra.type ?? "invalid_request_error", param: extra.param ?? null, code: extra.code ?? null } },
    ...(extra.headers ? { headers: extra.headers } : {}),
  };
}

/** vLLM's error body: the fields at the top level, the HTTP status repeated as `code`. */
export function vllmError(status: number, message: string, type = "BadRequestError"): WireReply {
  return { kind: "error", status, body: { object: "error", message, type, param: null, code: status } };
}

export function rateLimited(retryAfterSeconds: number): WireReply {
  return apiError(429, "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.", {
    type: "requests",
    code: "rate_limit_exceeded",
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}

/**
 * Splits a completion into chunks the way the servers stream: the role first (with empty content), reasoning
 * pieces, content pieces, a finish chunk with an empty delta, then the usage as `style` says. `includeUsage` is
 * whether the request asked for it (`stream_options.include_usage`).
 */
export function streamChunks(body: Record<string, unknown>, pieces: number, style: StreamStyle = {}, includeUsage = true): Array<Record<string, unknown> | string> {
  const choice = (body.choices as Array<{ message: { content: string | null; reasoning_content?: string; refusal?: string }; finish_reason: string }>)[0]!;
  const base = { id: body.id, object: "chat.completion.chunk", created: body.created, model: body.model, system_fingerprint: "fp_wire" };
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage !== undefined ? { usage } : {}),
  });
  const events: Array<Record<string, unknown> | string> = [chunk({ role: "assistant", content: "" }, null)];
  const split = (text: string) => {
    const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
    const out: string[] = [];
    for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
    return out;
  };
  for (const piece of split(choice.message.reasoning_content ?? "")) events.push(chunk({ reasoning_content: piece }, null));
  if (choice.message.refusal) events.push(chunk({ refusal: choice.message.refusal }, null));
  for (const piece of split(choice.message.content ?? "")) events.push(chunk({ content: piece }, null));
  const usage = includeUsage ? (style.usage ?? "separate") : "none";
  events.push(chunk({}, style.finishReason === false ? null : choice.finish_reason, usage === "on-finish" ? body.usage : undefined));
  if (usage === "separate") events.push({ ...base, choices: [], usage: body.usage });
  events.push("[DONE]");
  return events;
}

/** A stream that sends `text` in pieces and then breaks off in the middle of the next chunk's JSON. */
export function brokenStream(text: string, pieces = 3, truncate: true | "reset" = true): WireReply {
  const events = streamChunks((textReply(text) as Extract<WireReply, { kind: "response" }>).body, pieces).filter((event) => typeof event !== "string" && (event.choices as unknown[]).length > 0);
  return { kind: "stream", events: events.slice(0, -1), truncate };
}

/** A reply whose text arrives in `pieces` chunks spread over about `totalMs`. */
export function slowStream(text: string, totalMs: number, pieces = 10): WireReply {
  const events = streamChunks((textReply(text) as Extract<WireReply, { kind: "response" }>).body, pieces);
  return { kind: "stream", events, eventDelayMs: Math.ceil(totalMs / events.length) };
}
