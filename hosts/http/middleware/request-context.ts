import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { Logger } from "pino";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, else a new one), echoes it, and logs one line
 * when the request ends. Only the path is logged: a query may carry a token (WebSocket sign-in), a body document text.
 */
export function requestContext(log: Logger): Middleware {
  return async (ctx, next) => {
    const given = ctx.get("x-request-id");
    const id = REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set("X-Request-Id", id);
    ctx.state.requestId = id;
    ctx.state.log = log.child({ requestId: id });
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, "request");
    }
  };
}
