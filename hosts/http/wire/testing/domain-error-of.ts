import { DomainError } from "../../../../core/domain/errors.js";

/** The DomainError `run` throws (a test fails when it throws anything else, or nothing). */
export function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (DomainError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}
