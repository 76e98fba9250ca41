/**
 * Replies of the Gemini wire-format fake, shaped exactly as Google sends them
 * (`candidates[].content.parts[].text`, `finishReason`, `usageMetadata`, `modelVersion`, error bodies).
 */

export type WireReply =
  /** A `GenerateContentResponse`. On the stream endpoint its text is split into `streamPieces` SSE events. */
  | { kind: "response"; body: Record<string, unknown>; streamPieces?: number; delayMs?: number }
  /**
   * Explicit SSE events; `truncate` ends the stream in the middle of one more event's JSON, cleanly (`true`)
   * or by resetting the connection (`"reset"`).
   */
  | { kind: "stream"; events: Record<string, unknown>[]; truncate?: boolean | "reset"; eventDelayMs?: number }
  | { kind: "error"; status: number; body: Record<string, unknown>; headers?: Record<string, string> }
  /** Bytes as given, e.g. a body that is not JSON. */
  | { kind: "raw"; status: number; contentType: string; body: string }
  /** Never answers; the client must time out or cancel. */
  | { kind: "hang" };

export interface UsageCounts {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  /** The part of the prompt read from a context cache. */
  cachedContentTokenCount?: number;
}

const defaultModelVersion = "gemini-2.5-flash";
/** Gemini attaches a signature of its thinking to the last part of an answer it thought about. */
const thoughtSignature = "CiQB0e2Kb3dpcmUtZmFrZS10aG91Z2h0LXNpZ25hdHVyZQ==";

/** Gemini's counts: `candidatesTokenCount` is the visible answer only; thinking is `thoughtsTokenCount`, billed on top. */
function usageMetadata(usage: UsageCounts = {}, answered = true): Record<string, unknown> {
  const prompt = usage.promptTokenCount ?? 11;
  const candidates = answered ? (usage.candidatesTokenCount ?? 7) : undefined;
  const thoughts = usage.thoughtsTokenCount;
  const cached = usage.cachedContentTokenCount;
  return {
    promptTokenCount: prompt,
    ...(candidates !== undefined ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: prompt + (candidates ?? 0) + (thoughts ?? 0),
    ...(cached !== undefined ? { cachedContentTokenCount: cached, cacheTokensDetails: [{ modality: "TEXT", tokenCount: cached }] } : {}),
    promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }],
    ...(thoughts !== undefined ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/**
 * A finished answer; `thought` adds a thought-summary part before the text, as with `includeThoughts`, and then
 * the text part carries a `thoughtSignature`. `finishReason: "MAX_TOKENS"` is an answer cut at the budget.
 */
export function textReply(text: string, options: { usage?: UsageCounts; finishReason?: string; modelVersion?: string; thought?: string; streamPieces?: number; delayMs?: number } = {}): WireReply {
  const parts: Record<string, unknown>[] = options.thought ? [{ text: options.thought, thought: true }, { text, thoughtSignature }] : [{ text }];
  return {
    kind: "response",
    body: {
      candidates: [{ content: { parts, role: "model" }, finishReason: options.finishReason ?? "STOP", index: 0 }],
      usageMetadata: usageMetadata(options.usage),
      modelVersion: options.modelVersion ?? defaultModelVersion,
      responseId: "wire-response",
    },
    ...(options.streamPieces ? { streamPieces: options.streamPieces } : {}),
    ...(options.delayMs ? { delayMs: options.delayMs } : {}),
  };
}

/**
 * A candidate without text, as Gemini sends them: `content` without `parts` when it stopped with nothing to say
 * (STOP) or spent the whole budget thinking (MAX_TOKENS, `thought` then being its summary part), and no `content`
 * but a `finishMessage` when it failed otherwise (e.g. MALFORMED_FUNCTION_CALL).
 */
export function replyWithoutText(finishReason = "STOP", options: { thought?: string; usage?: UsageCounts; finishMessage?: string } = {}): WireReply {
  const content = options.finishMessage ? {} : { content: { ...(options.thought ? { parts: [{ text: options.thought, thought: true }] } : {}), role: "model" } };
  return {
    kind: "response",
    body: {
      candidates: [{ ...content, finishReason, index: 0, ...(options.finishMessage ? { finishMessage: options.finishMessage } : {}) }],
      usageMetadata: usageMetadata(options.usage, false),
      modelVersion: defaultModelVersion,
      responseId: "wire-response",
    },
  };
}

/** Google's error envelope, e.g. `googleError(503, "UNAVAILABLE", "The model is overloaded.")`. */
export function googleError(status: number, googleStatus: string, message: string, extra: { details?: unknown[]; headers?: Record<string, string> } = {}): WireReply {
  return {
    kind: "error",
    status,
    body: { error: { code: status, message, status: googleStatus, ...(extra.details ? { details: extra.details } : {}) } },
    ...(extra.headers ? { headers: extra.headers } : {}),
  };
}

/** A per-minute 429: Gemini sends no `Retry-After` header, its wait is only the RetryInfo detail (may be fractional, "13.5s"). */
export function rateLimited(retryAfterSeconds: number): WireReply {
  return googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", {
    details: [
      quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds}s` },
    ],
  });
}

/** A 429 of a used-up daily quota: RetryInfo still names a short wait, but nothing changes before the next day. */
export function dailyQuotaExceeded(): WireReply {
  return googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", {
    details: [
      quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "13.5s" },
    ],
  });
}

/** An API key Google does not accept (400 INVALID_ARGUMENT with reason API_KEY_INVALID). */
export function keyRejected(): WireReply {
  return googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", {
    details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } }],
  });
}

function quotaFailure(quotaId: string): Record<string, unknown> {
  return {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId, quotaDimensions: { location: "global", model: defaultModelVersion } }],
  };
}

/** The prompt itself refused: no candidates, only `promptFeedback.blockReason`. */
export function promptBlocked(reason = "SAFETY"): WireReply {
  return {
    kind: "response",
    body: {
      promptFeedback: {
        blockReason: reason,
        safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }],
      },
      usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
      modelVersion: defaultModelVersion,
    },
  };
}

/** The answer stopped by the safety filter: finishReason SAFETY with no (or partial) content. */
export function answerBlocked(): WireReply {
  return {
    kind: "response",
    body: {
      candidates: [
        {
          finishReason: "SAFETY",
          index: 0,
          safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "HIGH", blocked: true }],
        },
      ],
      usageMetadata: usageMetadata({ candidatesTokenCount: 0 }),
      modelVersion: defaultModelVersion,
    },
  };
}

/**
 * Splits a response into SSE events the way Gemini streams: thought summaries first, then the text in pieces,
 * no candidate `index`, and on every event the running totals so far (the prompt and the thinking in full, the
 * answer's tokens growing to the final count). A signed answer ends with an empty text part carrying the
 * signature, next to the finish reason.
 */
export function streamEvents(body: Record<string, unknown>, pieces: number): Record<string, unknown>[] {
  const candidate = (body.candidates as Array<Record<string, unknown>> | undefined)?.[0];
  const parts = (candidate?.content as { parts?: Array<{ text?: string; thought?: boolean; thoughtSignature?: string }> } | undefined)?.parts ?? [];
  if (!candidate || parts.length === 0) return [body];
  const usage = (body.usageMetadata ?? {}) as Record<string, unknown>;
  const count = (key: string) => (typeof usage[key] === "number" ? usage[key] : 0);
  const base = { modelVersion: body.modelVersion, responseId: body.responseId };
  const totals = (answerTokens: number | undefined) => {
    const { candidatesTokenCount: _final, totalTokenCount: _total, ...rest } = usage;
    const total = count("promptTokenCount") + (answerTokens ?? 0) + count("thoughtsTokenCount");
    return { ...rest, ...(answerTokens !== undefined ? { candidatesTokenCount: answerTokens } : {}), totalTokenCount: total };
  };
  const event = (part: Record<string, unknown>, answerTokens: number | undefined, finish: boolean) => ({
    candidates: [{ content: { parts: [part], role: "model" }, ...(finish ? { finishReason: candidate.finishReason } : {}) }],
    usageMetadata: totals(answerTokens),
    ...base,
  });
  const events = parts.filter((p) => p.thought).map((part) => event(part, undefined, false));
  const signature = parts.find((p) => p.thoughtSignature)?.thoughtSignature;
  const text = parts.filter((p) => !p.thought).map((p) => p.text ?? "").join("");
  const answerTokens = count("candidatesTokenCount");
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  for (let index = 0; index < text.length || index === 0; index += size) {
    const last = index + size >= text.length;
    const sent = Math.round((answerTokens * Math.min(text.length, index + size)) / Math.max(1, text.length));
    events.push(event({ text: text.slice(index, index + size) }, sent, last && !signature));
  }
  if (signature) events.push(event({ text: "", thoughtSignature: signature }, answerTokens, true));
  return events;
}

/** A stream that sends `text` in pieces and then breaks off in the middle of the next event's JSON. */
export function brokenStream(text: string, pieces = 3, truncate: true | "reset" = true): WireReply {
  const events = streamEvents(textBody(text), pieces).map((event) => {
    const candidates = (event.candidates as Array<Record<string, unknown>>).map(({ finishReason: _finish, ...rest }) => rest);
    return { ...event, candidates };
  });
  return { kind: "stream", events, truncate };
}

/** A reply whose text arrives in `pieces` SSE events spread over about `totalMs`. */
export function slowStream(text: string, totalMs: number, pieces = 10): WireReply {
  return { kind: "stream", events: streamEvents(textBody(text), pieces), eventDelayMs: Math.ceil(totalMs / pieces) };
}

function textBody(text: string): Record<string, unknown> {
  return (textReply(text) as Extract<WireReply, { kind: "response" }>).body;
}
