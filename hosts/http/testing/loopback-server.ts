import pino from "pino";
import type { ServerEnvironment } from "../../../composition/read-environment.js";
import type { Deployment } from "../../../composition/deployment.js";
import { startHttpServer, type RunningServer, type StartOptions } from "../start-http-server.js";

/** The signing secret of test servers (a test that forges or checks tokens signs with it too). */
export const TEST_JWT_SECRET = "a-test-secret-that-is-long-enough-1234";

/** The deployment's server on a free loopback port, silent, with test settings that `environment` overrides. */
export function startLoopbackServer(deployment: Deployment, environment: Partial<ServerEnvironment> = {}, options: Pick<StartOptions, "webRoot"> = {}): Promise<RunningServer> {
  return startHttpServer(
    deployment,
    { jwtSecret: TEST_JWT_SECRET, accessTokenTtlSeconds: 600, corsOrigins: [], maxUploadBytes: 1 << 20, ...environment },
    { host: "127.0.0.1", port: 0, version: "test", log: pino({ level: "silent" }), ...options },
  );
}
