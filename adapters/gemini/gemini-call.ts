import type { DomainError } from "../../core/domain/errors.js";
import { CallAttempt } from "../shared/call-attempt.js";
import { toGeminiDomainError } from "./gemini-error.js";

/** One attempt at a Gemini call, with a fetch that notes the `Retry-After` of a failed response for its error. */
export class GeminiCall extends CallAttempt {
  private retryAfter: string | null = null;

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!response.ok) this.retryAfter = response.headers.get("retry-after");
    return response;
  };

  fail(error: unknown): DomainError {
    return toGeminiDomainError(error, { model: this.model, abortCause: this.cause, retryAfterHeader: this.retryAfter });
  }
}
