import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";
import { ModelLimitsSettings } from "../shared/model-limits.js";

/** Settings of the Gemini adapter; hosts build it from their environment. */
export const GeminiConfig = z.object({
  /** Fallback key when a request carries no per-user key. */
  apiKey: z.string().min(1).optional(),
  /**
   * Gemini's endpoint, or another speaking its REST format (a proxy, the wire-format fake in tests). Always set,
   * so the SDK never falls back to reading `GOOGLE_GEMINI_BASE_URL` from the environment itself.
   */
  baseUrl: z.string().url().default("https://generativelanguage.googleapis.com"),
  fastModel: z.string().min(1).default("gemini-2.5-flash"),
  strongModel: z.string().min(1).default("gemini-2.5-pro"),
  /** Per attempt for `generate`; for `stream`, the longest silence between two chunks. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Retries after the first attempt, on 429, 5xx, timeouts and dropped connections. */
  maxRetries: z.number().int().min(0).max(10).default(3),
  retryMinDelayMs: z.number().int().min(0).default(1_000),
  retryMaxDelayMs: z.number().int().min(0).default(20_000),
  /** A server asking to wait longer than this (Retry-After) fails at once with `LLM.RATE_LIMITED`. */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** Gemini refuses requests over 20 MB; images beyond this inline total go through the Files API. */
  inlineRequestLimitBytes: z.number().int().positive().default(15 * 1024 * 1024),
  /** Uploaded files may need processing before use; poll their state at this interval, up to the timeout. */
  filePollIntervalMs: z.number().int().positive().default(1_000),
  filePollTimeoutMs: z.number().int().positive().default(60_000),
  ...ModelLimitsSettings,
});

export type GeminiConfig = z.infer<typeof GeminiConfig>;
export type GeminiConfigInput = z.input<typeof GeminiConfig>;

/** Validates the settings: one line naming every bad field. */
export function parseGeminiConfig(input: GeminiConfigInput): GeminiConfig {
  const parsed = GeminiConfig.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new DomainError("VALIDATION.INVALID_INPUT", `invalid Gemini settings: ${issues}`);
  }
  return parsed.data;
}
