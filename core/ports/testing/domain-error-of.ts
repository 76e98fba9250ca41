import { DomainError, type ErrorCode } from "../../domain/errors.js";

/**
 * The `DomainError` that `work` fails with: a promise to await, or a function to call (sync or async).
 * Success or any other error throws instead, so the test fails saying what happened; `what` names the case.
 */
export async function domainErrorOf(work: Promise<unknown> | (() => unknown), what?: string): Promise<DomainError> {
  const expected = what === undefined ? "a DomainError" : `a DomainError for ${what}`;
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    if (DomainError.isInstance(error)) return error;
    throw new Error(`expected ${expected}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected ${expected}, but it succeeded`);
}

/** The code of the `DomainError` that `work` fails with (see `domainErrorOf`). */
export async function errorCodeOf(work: Promise<unknown> | (() => unknown), what?: string): Promise<ErrorCode> {
  return (await domainErrorOf(work, what)).code;
}
