import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";
import { parseRetryAfter } from "../shared/retry-after.js";

/**
 * An error body as the servers send it: OpenAI (and Ollama, LM Studio, Azure) `{error: {message, type, param,
 * code}}`, vLLM `{object: "error", message, type, param, code: 400}`, some proxies `{error: "text"}`.
 */
const ErrorFields = z.looseObject({
  message: z.string().optional(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});
const ErrorBody = z.union([z.object({ error: ErrorFields }), z.object({ error: z.string() }).transform(({ error }) => ({ error: { message: error } })), ErrorFields.transform((error) => ({ error }))]);
export type OpenAiErrorFields = z.infer<typeof ErrorFields>;

import type { AbortCause } from "../shared/call-attempt.js";

export type { AbortCause };

/** A failed response as the adapter saw it: its status, its body and the headers that say when to come back. */
export interface FailedResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** The error object of a body, if the body is one (a mid-stream `data: {"error": …}` event is one too). */
export function parseErrorBody(text: string): OpenAiErrorFields | undefined {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.error.message !== undefined ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** Translates a refused request into the port's error codes, as the Gemini adapter does. Never includes the key. */
export function fromFailedResponse(response: FailedResponse, model: string): DomainError {
  const { status } = response;
  const error = parseErrorBody(response.body);
  const reason = error?.message ?? (firstLine(response.body) || `HTTP ${status}`);
  const code = typeof error?.code === "string" ? error.code : undefined;
  const label = `${model} answered ${status}${code ? ` ${code}` : ""}`;
  const details: Record<string, unknown> = { model, status, ...(code ? { errorCode: code } : {}), ...(error?.param ? { param: error.param } : {}) };
  const retryAfterMs = retryAfterOf(response.headers, reason);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;

  if (status === 401 || status === 403 || code === "invalid_api_key") {
    return new DomainError("LLM.NOT_CONFIGURED", `${label}: the API key was rejected (${reason})`, { details });
  }
  if (status === 429 && code === "insufficient_quota") {
    // billing, not pace: waiting does not help
    return new DomainError("LLM.RATE_LIMITED", `${label}: the account's quota is used up (${reason})`, { details: { ...details, quotaId: code } });
  }
  if (status === 429) return new DomainError("LLM.RATE_LIMITED", `${label}: ${reason}`, { details, retryable: true });
  if (status === 408) return new DomainError("LLM.TIMEOUT", `${label}: ${reason}`, { details, retryable: true });
  if (status >= 500) return new DomainError("LLM.UNAVAILABLE", `${label}: ${reason}`, { details, retryable: true });
  if (status === 404) return new DomainError("LLM.NOT_CONFIGURED", `${label}: unknown model or endpoint (${reason})`, { details });
  if (code === "content_filter" || code === "content_policy_violation") {
    return new DomainError("LLM.BLOCKED", `${model} refused the prompt (${reason})`, { details: { ...details, reason: code } });
  }
  const context = contextLimitOf(code, reason);
  if (context) {
    return new DomainError("VALIDATION.INVALID_INPUT", `${label}: the request is longer than the model's context (${reason})`, {
      details: { ...details, reason: "context_length_exceeded", ...context },
    });
  }
  return new DomainError("VALIDATION.INVALID_INPUT", `${label}: the request was refused (${reason})`, { details });
}

/** Translates whatever fetch or the stream reader threw. */
export function toOpenAiDomainError(error: unknown, model: string, abortCause: AbortCause): DomainError {
  if (DomainError.isInstance(error)) return error;
  if (abortCause === "cancelled") return new DomainError("OPERATION.CANCELLED", `the ${model} call was cancelled`, { cause: error });
  if (abortCause === "timeout") return new DomainError("LLM.TIMEOUT", `${model} did not answer in time`, { cause: error, retryable: true, details: { model } });
  const message = error instanceof Error ? `${error.message} ${causeMessage(error)}` : String(error);
  if (error instanceof Error && error.name === "AbortError") return new DomainError("OPERATION.CANCELLED", `the ${model} call was cancelled`, { cause: error });
  if (error instanceof TypeError || /fetch failed|terminated|other side closed|ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket/i.test(message)) {
    return new DomainError("LLM.UNAVAILABLE", `cannot reach ${model} or the connection broke: ${firstLine(message)}`, { cause: error, retryable: true, details: { model } });
  }
  return new DomainError("INTERNAL", `unexpected failure calling ${model}: ${firstLine(message)}`, { cause: error, details: { model } });
}

/**
 * How long the server asks to wait: `retry-after-ms` (OpenAI), `Retry-After` (seconds or a date), else the wait
 * OpenAI writes only into the message ("Please try again in 6ms", "in 1.5s", "in 114h18m0s").
 */
function retryAfterOf(headers: Headers, message: string): number | undefined {
  const milliseconds = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const header = parseRetryAfter(headers.get("retry-after"));
  if (header !== undefined) return header;
  const match = /try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message);
  if (!match?.[1]) return undefined;
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, amount, unit] of match[1].matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(amount) * (units[unit ?? "s"] ?? 1_000);
  return Math.round(total);
}

/** A prompt over the model's context: OpenAI's `context_length_exceeded`, or the servers' wording of it. */
function contextLimitOf(code: string | undefined, message: string): { contextTokens?: number; requestedTokens?: number } | undefined {
  const worded = /maximum context length|context length|context window|too long to fit|exceeds? the (?:available )?context/i.test(message);
  if (code !== "context_length_exceeded" && !worded) return undefined;
  const limit = /maximum context length is (\d+)|context length[^\d]{0,20}(\d+)/i.exec(message);
  const requested = /(?:requested|resulted in|total length) (\d+)/i.exec(message);
  const contextTokens = Number(limit?.[1] ?? limit?.[2]);
  const requestedTokens = Number(requested?.[1]);
  return { ...(Number.isFinite(contextTokens) ? { contextTokens } : {}), ...(Number.isFinite(requestedTokens) ? { requestedTokens } : {}) };
}

function causeMessage(error: Error): string {
  return error.cause instanceof Error ? error.cause.message : "";
}

function firstLine(message: string): string {
  const line = message.trim().split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
