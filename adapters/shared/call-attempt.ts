import { DomainError } from "../../core/domain/errors.js";

/** Why an attempt's own signal aborted: the caller cancelled, or its timer ran out; undefined while it has not. */
export type AbortCause = "cancelled" | "timeout" | undefined;

/**
 * One attempt at a model call over HTTP: its own abort signal, fed by the caller's signal and a timer. For streams
 * the timer is restarted on every chunk (`touch`), so it bounds silence, not total length. Each vendor's adapter
 * adds how it words a failure (`fail`).
 */
export abstract class CallAttempt {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = () => this.abort("cancelled");
  /** Why the signal aborted, for the vendor's wording of the failure. */
  protected cause: AbortCause;

  constructor(
    protected readonly model: string,
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

  /** Whatever went wrong, as the domain error callers see. */
  abstract fail(error: unknown): DomainError;

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
