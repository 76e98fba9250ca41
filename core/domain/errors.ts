/**
 * Stable error codes. Hosts map them to HTTP status / exit code in one place each;
 * clients (the remote CLI) rebuild the same error from its JSON form.
 */
export const ErrorCodes = [
  "VALIDATION.INVALID_INPUT",
  "DOCUMENT.NOT_FOUND",
  "DOCUMENT.INVALID_FILE",
  "DOCUMENT.UNSUPPORTED_FORMAT",
  "DOCUMENT.ENCRYPTED",
  "DOCUMENT.TOO_LARGE",
  "DOCUMENT.EMPTY",
  "BLOCK.NOT_FOUND",
  "REGION.INVALID",
  "RENDER.FAILED",
  "STORAGE.NOT_FOUND",
  "STORAGE.UNAVAILABLE",
  "STORAGE.LOCKED",
  "STORAGE.CORRUPTED",
  "STORAGE.INVALID_KEY",
  "SEARCH.INVALID_QUERY",
  "CONFIGURATION.INVALID",
  "LLM.NOT_CONFIGURED",
  "PROJECTS.NOT_CONFIGURED",
  "LLM.RATE_LIMITED",
  "LLM.UNAVAILABLE",
  "LLM.BAD_RESPONSE",
  /** The output budget ran out before a usable answer (structured output cut off, or nothing but thinking). */
  "LLM.OUTPUT_TRUNCATED",
  /** The model finished normally but said nothing. */
  "LLM.EMPTY_RESPONSE",
  "LLM.BLOCKED",
  "LLM.TIMEOUT",
  "OCR.UNAVAILABLE",
  "OCR.FAILED",
  "CHAT.NOT_FOUND",
  "ROLE.NOT_FOUND",
  /** No user of that name or id (an admin command's argument; a signed-in caller whose user is gone is AUTH.UNAUTHORIZED). */
  "USER.NOT_FOUND",
  "JOB.NOT_FOUND",
  "JOB.INTERRUPTED",
  "AUTH.UNAUTHORIZED",
  "AUTH.FORBIDDEN",
  "SECRET.UNREADABLE",
  "OPERATION.CANCELLED",
  "QUEUE.FULL",
  "REQUEST.RATE_LIMITED",
  /** A remote client got no usable answer from its server (unreachable, cut off, or not speaking the contract), after its retries. */
  "SERVER.UNREACHABLE",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

const marker = Symbol.for("aizoomdoc.DomainError");

export interface DomainErrorJson {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  /** Present (true) when trying the same call again later may succeed; a remote client keeps it. */
  isRetryable?: boolean;
}

/** The one error family of the core. Adapters translate vendor failures into it at their edge. */
export class DomainError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly isRetryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.details = options.details;
    this.isRetryable = options.retryable ?? false;
  }

  /** Works across module copies and realms, unlike `instanceof`. */
  static isInstance(value: unknown): value is DomainError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  static fromJSON(json: DomainErrorJson): DomainError {
    return new DomainError(json.code, json.message, { details: json.details, retryable: json.isRetryable === true });
  }

  toJSON(): DomainErrorJson {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}), ...(this.isRetryable ? { isRetryable: true } : {}) };
  }
}

export const notFound = (code: "DOCUMENT.NOT_FOUND" | "BLOCK.NOT_FOUND" | "STORAGE.NOT_FOUND" | "CHAT.NOT_FOUND" | "USER.NOT_FOUND" | "JOB.NOT_FOUND", what: string) =>
  new DomainError(code, `${what} not found`);

export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError("VALIDATION.INVALID_INPUT", message, { details });
