import type { DomainError } from "../../core/domain/errors.js";
import { CallAttempt } from "../shared/call-attempt.js";
import { toOpenAiDomainError } from "./openai-error.js";

/** One attempt at an OpenAI-compatible call (see `CallAttempt`), its failures in this adapter's words. */
export class OpenAiCall extends CallAttempt {
  fail(error: unknown): DomainError {
    return toOpenAiDomainError(error, this.model, this.cause);
  }
}
