import { setTimeout as delay } from "node:timers/promises";
import pRetry from "p-retry";
import { DomainError } from "../../core/domain/errors.js";

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

/**
 * Runs `attempt` again on retryable `DomainError`s (429, 5xx, timeouts, dropped connections) with exponential
 * backoff; a server's `Retry-After` (kept in `details.retryAfterMs`) is waited out on top of the backoff, and
 * one longer than the policy allows ends the call at once. The caller's signal stops the waiting too.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal | undefined): Promise<T> {
  const retryable = (error: Error) => DomainError.isInstance(error) && error.isRetryable && (retryAfterOf(error) ?? 0) <= policy.maxRetryAfterMs;
  try {
    return await pRetry(attempt, {
      retries: policy.retries,
      minTimeout: policy.minDelayMs,
      maxTimeout: Math.max(policy.minDelayMs, policy.maxDelayMs),
      randomize: true,
      ...(signal ? { signal } : {}),
      shouldRetry: ({ error }) => retryable(error),
      // p-retry calls this before shouldRetry: an error that will not be retried must not be waited out first.
      onFailedAttempt: async ({ error, retriesLeft }) => {
        const wait = retryAfterOf(error);
        // an abort ends the wait with the signal's reason, as p-retry's own backoff does
        if (retriesLeft > 0 && wait !== undefined && retryable(error)) await delay(wait, undefined, { signal }).catch(() => signal?.throwIfAborted());
      },
    });
  } catch (error) {
    if (signal?.aborted && !DomainError.isInstance(error)) {
      throw new DomainError("OPERATION.CANCELLED", "the model call was cancelled", { cause: error });
    }
    throw error;
  }
}

function retryAfterOf(error: Error): number | undefined {
  const value = DomainError.isInstance(error) ? error.details?.retryAfterMs : undefined;
  return typeof value === "number" ? value : undefined;
}
