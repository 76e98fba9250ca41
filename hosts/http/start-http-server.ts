import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino, { type Logger } from "pino";
import type { Deployment } from "../../composition/deployment.js";
import type { ServerEnvironment } from "../../composition/read-environment.js";
import { AbandonedRuns } from "./abandoned-runs.js";
import { AccessTokens } from "./access-tokens.js";
import { CurrentUserCache } from "./current-user-cache.js";
import { createHttpApp } from "./http-app.js";
import { SignedImageLinks } from "./signed-image-links.js";
import { attachWebSocketStreams } from "./websocket-streams.js";

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops taking requests, ends open streams, lets running answers finish (bounded), then closes the deployment. */
  close(): Promise<void>;
}

export interface StartOptions {
  host: string;
  port: number;
  version: string;
  log?: Logger;
  logLevel?: string;
  heartbeatMs?: number;
  /** The web UI's build to serve at `/` (default: `dist/web` beside the server). */
  webRoot?: string;
}

/** Secrets and keys that must never reach a log line, wherever they appear in what is logged. */
const REDACT = ["req.headers.authorization", "*.authorization", "*.static_token", "*.token", "*.access_token", "*.apiKey", "*.key", "*.password", "*.secret"];

/** Starts the HTTP server over an open deployment; the deployment is the server's from here on (closed with it). */
export async function startHttpServer(deployment: Deployment, environment: ServerEnvironment, options: StartOptions): Promise<RunningServer> {
  const log = options.log ?? pino({ level: options.logLevel ?? "info", redact: { paths: REDACT, censor: "[redacted]" } });
  const secret = environment.jwtSecret ?? (await deployment.localSecret("jwt"));
  const key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  const tokens = new AccessTokens(key, environment.accessTokenTtlSeconds);
  const images = new SignedImageLinks(key);
  const abandonedRuns = new AbandonedRuns((environment.abandonedAnswerGraceSeconds ?? 60) * 1_000, deployment.followers);
  // every signed-in request checks its user; the HTTP routes and the WebSocket streams share the checks
  const users = new CurrentUserCache(deployment.signIn);
  const accounts = { signIn: (staticToken: string) => deployment.signIn.signIn(staticToken), currentUser: (userId: string) => users.currentUser(userId) };
  const app = createHttpApp({
    forUser: (userId) => deployment.forUser(userId),
    accounts,
    tokens,
    images,
    log,
    corsOrigins: environment.corsOrigins,
    maxUploadBytes: environment.maxUploadBytes,
    abandonedRuns,
    version: options.version,
    startedAt: new Date().toISOString(),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  const server = createServer(app.callback());
  const sockets = attachWebSocketStreams(server, {
    forUser: (userId) => deployment.forUser(userId),
    accounts,
    tokens,
    links: (origin, userId) => ({ imageUrl: (imageId) => images.url(origin, userId, imageId) }),
    log,
    abandonedRuns,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  // answers stream for minutes: no request timeout, but headers must arrive promptly
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  // what waited in the queue while no instance ran (a restart) is answered now, not on the next post
  await deployment.startWorkers();
  server.listen(options.port, options.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        abandonedRuns.clear();
        // streams would hold the server open: clients resume from the stored events on the next instance
        server.closeAllConnections();
        for (const socket of sockets.clients) socket.terminate();
        sockets.close();
        await stopped;
        await deployment.close();
      })()),
  };
}
