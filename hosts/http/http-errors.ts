import { DomainError, type ErrorCode } from "../../core/domain/errors.js";

/** The server's one mapping from domain error codes to HTTP statuses. A client mistake is never a 5xx. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case "VALIDATION.INVALID_INPUT":
    case "REGION.INVALID":
    case "SEARCH.INVALID_QUERY":
    case "DOCUMENT.INVALID_FILE":
    case "DOCUMENT.ENCRYPTED":
    case "DOCUMENT.EMPTY":
    case "STORAGE.INVALID_KEY":
      return 400;
    case "AUTH.UNAUTHORIZED":
      return 401;
    case "AUTH.FORBIDDEN":
      return 403;
    case "DOCUMENT.TOO_LARGE":
      return 413;
    case "DOCUMENT.UNSUPPORTED_FORMAT":
      return 415;
    case "OPERATION.CANCELLED":
      return 409;
    case "LLM.RATE_LIMITED":
    case "QUEUE.FULL":
    case "REQUEST.RATE_LIMITED":
      return 429;
    case "LLM.NOT_CONFIGURED":
    case "PROJECTS.NOT_CONFIGURED":
    case "LLM.UNAVAILABLE":
    case "LLM.TIMEOUT":
    case "OCR.UNAVAILABLE":
    case "STORAGE.UNAVAILABLE":
    case "STORAGE.LOCKED":
      return 503;
    default:
      return code.endsWith(".NOT_FOUND") ? 404 : code.startsWith("LLM.") ? 502 : 500;
  }
}

/**
 * The one error body: `{error: {code, message, details?}}`. `message` is repeated at the top level because the
 * reference's Python client reads it from there. Unknown failures never show their internals.
 */
export function errorBody(error: unknown): { status: number; body: { error: { code: string; message: string; details?: Record<string, unknown> }; message: string } } {
  if (DomainError.isInstance(error)) {
    const status = statusFor(error.code);
    // a 5xx names what failed, but not how: no stack, no SQL, no vendor body
    const message = status >= 500 && error.code === "INTERNAL" ? "an unexpected error occurred" : error.message;
    const details = status >= 500 ? undefined : error.details;
    return { status, body: { error: { code: error.code, message, ...(details ? { details } : {}) }, message } };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "an unexpected error occurred" }, message: "an unexpected error occurred" } };
}
