import type { Middleware } from "koa";
import { DomainError } from "../../../core/domain/errors.js";
import { errorBody } from "../http-errors.js";

/** Koa's and its body parser's own client errors (bad JSON, too large, wrong type) keep their 4xx status. */
function asDomainError(error: unknown): unknown {
  const status = (error as { status?: number; expose?: boolean }).status;
  if (DomainError.isInstance(error) || typeof status !== "number" || status >= 500) return error;
  const message = (error as Error).message || "bad request";
  if (status === 413) return new DomainError("DOCUMENT.TOO_LARGE", message);
  if (status === 415) return new DomainError("DOCUMENT.UNSUPPORTED_FORMAT", message);
  if (status === 401) return new DomainError("AUTH.UNAUTHORIZED", message);
  if (status === 404) return new DomainError("STORAGE.NOT_FOUND", message);
  // the sign-in rate limit: its Retry-After header is set already
  if (status === 429) return new DomainError("REQUEST.RATE_LIMITED", message, { retryable: true });
  return new DomainError("VALIDATION.INVALID_INPUT", message);
}

/**
 * Maps every failure of a request to the one error shape (see http-errors.ts), in one place. Server faults are
 * logged with the request id; client mistakes are answered, not logged as errors.
 */
export function errorMapper(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new DomainError("STORAGE.NOT_FOUND", `no route ${ctx.method} ${ctx.path}`);
    } catch (raw) {
      const error = asDomainError(raw);
      const { status, body } = errorBody(error);
      if (status >= 500) ctx.state.log?.error({ err: raw }, "request failed");
      const retryAfter = DomainError.isInstance(error) ? error.details?.retryAfterSeconds : undefined;
      if (typeof retryAfter === "number") ctx.set("Retry-After", String(Math.max(1, Math.ceil(retryAfter))));
      ctx.status = status;
      ctx.body = body;
    }
  };
}
