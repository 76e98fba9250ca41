import cors from "@koa/cors";
import Router, { type RouterMiddleware } from "@koa/router";
import Koa from "koa";
import { koaBody } from "koa-body";
import helmet from "koa-helmet";
import ratelimit from "koa-ratelimit";
import type { AbandonedRuns } from "./abandoned-runs.js";
import type { Logger } from "pino";
import type { UserApplication } from "../../core/application/aizoomdoc-api.js";
import type { User } from "../../core/domain/user.js";
import type { AccessTokens } from "./access-tokens.js";
import type { HttpContext, RequestState } from "./http-context.js";
import { errorMapper } from "./middleware/error-mapper.js";
import { requestContext } from "./middleware/request-context.js";
import { authRoutes } from "./routes/auth-routes.js";
import { chatRoutes } from "./routes/chat-routes.js";
import { fileRoutes } from "./routes/file-routes.js";
import { imageRoutes } from "./routes/image-routes.js";
import { meRoutes } from "./routes/me-routes.js";
import { projectRoutes } from "./routes/project-routes.js";
import { streamRoutes } from "./routes/stream-routes.js";
import { systemRoutes } from "./routes/system-routes.js";
import { tileRoutes } from "./routes/tile-routes.js";
import type { SignedImageLinks } from "./signed-image-links.js";
import type { WireLinks } from "./wire/wire-message.js";
import { WebAppFiles } from "./web-app-files.js";
import { documentRoutes } from "./routes/document-routes.js";

export interface HttpAppDeps {
  /** The application acting for one signed-in user. */
  forUser(userId: string): UserApplication;
  accounts: { signIn(staticToken: string): Promise<User>; currentUser(userId: string): Promise<User> };
  tokens: AccessTokens;
  images: SignedImageLinks;
  log: Logger;
  /** Browser origins allowed to call the API; empty = same origin only. */
  corsOrigins: readonly string[];
  /** JSON bodies at most this big (uploads have their own limit). */
  maxJsonBytes?: number;
  /** Uploaded files at most this big (413 beyond). */
  maxUploadBytes: number;
  version: string;
  /** When the server started: the time built-in roles are dated with. */
  startedAt: string;
  /** Sign-in attempts per address and minute. */
  signInsPerMinute?: number;
  heartbeatMs?: number;
  /** Where streams note their runs, so that an answer no client follows any more is cancelled after a grace period. */
  abandonedRuns: AbandonedRuns;
  /** The web UI's build to serve at `/` (default: `dist/web` beside the server; none there: `/` answers JSON only). */
  webRoot?: string;
}

/**
 * The Koa app of the server (no listening: tests drive it in-process or on a port). Hosts stay thin: every route parses
 * its wire schema, calls one use case of the signed-in user's application and renders the wire shape; errors map in one
 * place (middleware/error-mapper.ts).
 */
export function createHttpApp(deps: HttpAppDeps): Koa<RequestState> {
  const app = new Koa<RequestState>({ proxy: true });
  // sockets cut mid-stream are the client's doing, not a server error worth a stack
  app.silent = true;
  app.use(requestContext(deps.log));
  app.use(errorMapper());
  app.use(helmet({ contentSecurityPolicy: { directives: { "default-src": ["'self'"], "img-src": ["'self'", "data:", "blob:"], "style-src": ["'self'", "'unsafe-inline'"] } } }));
  app.use(cors({ origin: (ctx) => (deps.corsOrigins.includes(ctx.get("origin")) ? ctx.get("origin") : ""), allowHeaders: ["Authorization", "Content-Type", "Last-Event-ID", "X-Request-Id"], exposeHeaders: ["X-Request-Id", "X-Run-Id", "Retry-After"] }));
  app.use(koaBody({ jsonLimit: deps.maxJsonBytes ?? 1024 * 1024, multipart: false, jsonStrict: true, onError: (error) => { throw error; } }));

  const authenticated: RouterMiddleware<RequestState> = async (ctx, next) => {
    const header = ctx.get("authorization");
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const { userId } = await deps.tokens.verify(token);
    const user = await deps.accounts.currentUser(userId);
    ctx.state.user = user;
    ctx.state.app = deps.forUser(user.id);
    await next();
  };
  const links = (ctx: HttpContext): WireLinks => ({ imageUrl: (imageId) => deps.images.url(`${ctx.protocol}://${ctx.host}`, ctx.state.user.id, imageId) });

  const open = new Router<RequestState>();
  const signIns = new Map();
  open.use("/auth/exchange", ratelimit({ driver: "memory", db: signIns, duration: 60_000, max: deps.signInsPerMinute ?? 20, id: (ctx) => ctx.ip, errorMessage: "too many sign-in attempts: wait a minute", throw: true }));
  for (const router of [systemRoutes(deps, WebAppFiles.locate(deps.webRoot)), authRoutes(deps, authenticated), imageRoutes(deps)]) open.use(router.routes(), router.allowedMethods());
  app.use(open.routes());

  const signedIn = new Router<RequestState>();
  signedIn.use(authenticated);
  for (const router of [meRoutes(deps), chatRoutes(links), projectRoutes(), streamRoutes(links, deps.abandonedRuns, deps.heartbeatMs), fileRoutes(deps.maxUploadBytes), documentRoutes(), tileRoutes()]) signedIn.use(router.routes(), router.allowedMethods());
  app.use(signedIn.routes());
  return app;
}
