import { DomainError, type ErrorCode } from "../core/domain/errors.js";
import { WireError } from "../hosts/http/wire/wire-error.js";

/**
 * An error the server answered: the same `DomainError` (code, message, details) the in-process binding throws for the
 * same call, so callers catch one thing in both modes; plus the HTTP status and the wait the server asked for.
 */
export class RemoteError extends DomainError {
  readonly status: number;
  /** From `Retry-After`: how long the server asked the client to wait before trying again. */
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: { status: number; retryAfterMs?: number; details?: Record<string, unknown>; retryable?: boolean }) {
    super(code, message, { ...(options.details ? { details: options.details } : {}), retryable: options.retryable ?? false });
    this.name = "RemoteError";
    this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** No usable answer: the server could not be reached, cut the connection off, or answered outside its contract. */
export class ServerUnreachableError extends DomainError {
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super("SERVER.UNREACHABLE", message, { cause: options.cause, retryable: options.retryable ?? true });
    this.name = "ServerUnreachableError";
  }
}

/** What a status means when the body is not our error shape (a proxy's page, an empty 503). */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "AUTH.UNAUTHORIZED";
  if (status === 403) return "AUTH.FORBIDDEN";
  if (status === 404) return "STORAGE.NOT_FOUND";
  if (status === 413) return "DOCUMENT.TOO_LARGE";
  if (status === 415) return "DOCUMENT.UNSUPPORTED_FORMAT";
  if (status === 429) return "REQUEST.RATE_LIMITED";
  if (status === 502 || status === 503 || status === 504) return "SERVER.UNREACHABLE";
  return status >= 400 && status < 500 ? "VALIDATION.INVALID_INPUT" : "INTERNAL";
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; absent or unreadable: undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `DomainError` a failed response carries (its body is read). */
export async function errorFromResponse(response: Response): Promise<RemoteError> {
  const wait = retryAfterMs(response.headers.get("retry-after"));
  const text = await response.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = WireError.safeParse(body);
  // 429 is a refusal before acting; a gateway's bare 5xx may pass; a domain 503 (nothing configured) only with Retry-After
  const retryable = wait !== undefined || response.status === 429 || (!parsed.success && response.status >= 502 && response.status <= 504);
  const options = { status: response.status, retryable, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new RemoteError(code, message, { ...options, ...(details ? { details } : {}) });
  }
  return new RemoteError(codeForStatus(response.status), `the server answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`, options);
}
