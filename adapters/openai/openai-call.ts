import { DomainError } from "../../core/domain/errors.js";
import { toOpenAiDomainError, type AbortCause } from "./openai-error.js";

/**
 * One attempt at a call: its own abort signal fed by the caller's signal and a timer, and the translation of
 * whatever went wrong. For streams the timer is restarted on every chunk (`touch`), so it bounds silence.
 */
export class OpenAiCall {
  private readonly controller = new AbortController();
  private cause: AbortCause;
  private timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = () => this.abort("cancelled");

  constructor(
    private readonly model: string,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    if (callerSignal?.aborted) throw new DomainError("OPERATION.CANCELLED", `the ${model} call was cancelled`);
    callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.abort("timeout"), this.timeoutMs);
  }

  fail(error: unknown): DomainError {
    return toOpenAiDomainError(error, this.model, this.cause);
  }

  /** Releases the timer and listener, and drops the connection if it is still open. */
  close(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
    this.controller.abort();
  }

  private abort(cause: Exclude<AbortCause, undefined>): void {
    this.cause ??= cause;
    this.controller.abort();
  }
}
