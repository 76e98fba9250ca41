import { parseRetryAfter } from "../shared/retry-after.js";
import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";

/**
 * Google's error body: `{error: {code, message, status, details: [{"@type": "…RetryInfo", retryDelay: "7s"},
 * {"@type": "…QuotaFailure", violations: [{quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}`.
 */
const GoogleErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(
        z.looseObject({
          "@type": z.string().optional(),
          retryDelay: z.string().optional(),
          reason: z.string().optional(),
          violations: z.array(z.looseObject({ quotaId: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});
type GoogleErrorBody = z.infer<typeof GoogleErrorBody>;

import type { AbortCause } from "../shared/call-attempt.js";

export type { AbortCause };

export interface GeminiFailureContext {
  model: string;
  abortCause: AbortCause;
  /** `Retry-After` of the failed HTTP response, when the server sent one. */
  retryAfterHeader?: string | null;
}

/** Translates whatever the SDK or the network threw into the port's error codes. Never includes the API key. */
export function toGeminiDomainError(error: unknown, context: GeminiFailureContext): DomainError {
  if (DomainError.isInstance(error)) return error;
  const { model } = context;
  if (context.abortCause === "cancelled") return new DomainError("OPERATION.CANCELLED", `the ${model} call was cancelled`, { cause: error });
  if (context.abortCause === "timeout") {
    return new DomainError("LLM.TIMEOUT", `${model} did not answer in time`, { cause: error, retryable: true, details: { model } });
  }
  const status = apiErrorStatus(error);
  if (status !== undefined) return fromHttpStatus(status, error as Error, context);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "AbortError") return new DomainError("OPERATION.CANCELLED", `the ${model} call was cancelled`, { cause: error });
  if (/Incomplete JSON segment|exception parsing stream chunk|terminated|other side closed|ECONNRESET/i.test(message)) {
    return new DomainError("LLM.UNAVAILABLE", `${model} stream broke off mid-response`, { cause: error, retryable: true, details: { model } });
  }
  if (error instanceof SyntaxError) {
    return new DomainError("LLM.BAD_RESPONSE", `${model} sent a response that is not valid JSON`, { cause: error, details: { model } });
  }
  if (error instanceof TypeError || /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket/i.test(message)) {
    return new DomainError("LLM.UNAVAILABLE", `cannot reach ${model}: ${firstLine(message)}`, { cause: error, retryable: true, details: { model } });
  }
  return new DomainError("INTERNAL", `unexpected failure calling ${model}: ${firstLine(message)}`, { cause: error, details: { model } });
}

function fromHttpStatus(status: number, error: Error, context: GeminiFailureContext): DomainError {
  const body = parseBody(error.message);
  const reason = body?.error.message ?? firstLine(error.message);
  const label = `${context.model} answered ${status}${body?.error.status ? ` ${body.error.status}` : ""}`;
  const details: Record<string, unknown> = { model: context.model, status, ...(body?.error.status ? { googleStatus: body.error.status } : {}) };
  const retryAfterMs = parseRetryAfter(context.retryAfterHeader) ?? retryInfoDelay(body);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  const keyRejected = body?.error.details?.some((detail) => detail.reason === "API_KEY_INVALID") ?? false;
  if (status === 401 || status === 403 || keyRejected) {
    return new DomainError("LLM.NOT_CONFIGURED", `${label}: the API key was rejected (${reason})`, { cause: error, details });
  }
  const dailyQuota = exhaustedDailyQuota(body);
  if (status === 429 && dailyQuota) {
    // A daily quota resets at midnight Pacific time; RetryInfo still names the per-minute wait, so retrying only burns attempts.
    return new DomainError("LLM.RATE_LIMITED", `${label}: the daily quota ${dailyQuota} is used up (${reason})`, { cause: error, details: { ...details, quotaId: dailyQuota } });
  }
  if (status === 429) return new DomainError("LLM.RATE_LIMITED", `${label}: ${reason}`, { cause: error, details, retryable: true });
  if (status === 408) return new DomainError("LLM.TIMEOUT", `${label}: ${reason}`, { cause: error, details, retryable: true });
  if (status >= 500) return new DomainError("LLM.UNAVAILABLE", `${label}: ${reason}`, { cause: error, details, retryable: true });
  if (status === 404) return new DomainError("LLM.NOT_CONFIGURED", `${label}: unknown model or resource (${reason})`, { cause: error, details });
  return new DomainError("VALIDATION.INVALID_INPUT", `${label}: the request was refused (${reason})`, { cause: error, details });
}

function apiErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.name !== "ApiError") return undefined;
  const status = (error as Error & { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Google's body from the SDK's error message. An error chunk inside a stream arrives as "got status: …. {json}".
 * A failed streamGenerateContent comes as `text/event-stream`, so the SDK does not parse it: it wraps the raw
 * text as `{error: {message: "<Google's JSON>", code, status: "<HTTP reason>"}}`, and the body is the inner JSON.
 */
function parseBody(message: string): GoogleErrorBody | undefined {
  const outer = parseErrorJson(message);
  const inner = outer?.error.message === undefined ? undefined : parseErrorJson(outer.error.message);
  return inner ?? outer;
}

function parseErrorJson(text: string): GoogleErrorBody | undefined {
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  try {
    const parsed = GoogleErrorBody.safeParse(JSON.parse(text.slice(start)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The violated quota that only resets the next day (`…PerDay…`), when a 429 names one. */
function exhaustedDailyQuota(body: GoogleErrorBody | undefined): string | undefined {
  const violations = body?.error.details?.flatMap((detail) => detail.violations ?? []) ?? [];
  return violations.find((violation) => /PerDay/i.test(violation.quotaId ?? ""))?.quotaId;
}

function retryInfoDelay(body: GoogleErrorBody | undefined): number | undefined {
  const delay = body?.error.details?.find((detail) => detail["@type"]?.endsWith("RetryInfo"))?.retryDelay;
  const match = delay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(delay);
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
