import Router, { type RouterMiddleware } from "@koa/router";
import { parseWire } from "../wire/parse-wire.js";
import { ExchangeBody, toWireToken } from "../wire/wire-auth.js";
import type { HttpAppDeps } from "../http-app.js";
import type { RequestState } from "../http-context.js";

/** Sign-in: a static token for an access token (the reference's exchange), renewal with a valid one, and logout. */
export function authRoutes(deps: HttpAppDeps, authenticated: RouterMiddleware<RequestState>): Router<RequestState> {
  const router = new Router<RequestState>();
  router.post("/auth/exchange", async (ctx) => {
    const { static_token } = parseWire(ExchangeBody, ctx.request.body, "body");
    const user = await deps.accounts.signIn(static_token);
    const token = await deps.tokens.issue(user.id);
    ctx.body = toWireToken({ ...token, user });
  });
  router.post("/auth/refresh", authenticated, async (ctx) => {
    ctx.body = toWireToken({ ...(await deps.tokens.issue(ctx.state.user.id)), user: ctx.state.user });
  });
  // tokens are short-lived and kept by the client: logging out is the client forgetting its own
  router.post("/auth/logout", (ctx) => {
    ctx.body = { message: "Successfully logged out" };
  });
  return router;
}
