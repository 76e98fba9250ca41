import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment } from "../../composition/deployment.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

describe("the sign-in rate limit", () => {
  let dataDir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-rate-"));
    await seedLocalDataDir(dataDir);
    const deployment = await openDeployment({ dataDir });
    server = await startLoopbackServer(deployment);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers guessed tokens 401 until the limit, then 429 with Retry-After and the one error shape", async () => {
    const guess = () => fetch(`${server.url}/auth/exchange`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ static_token: "guessed-token-0000000000" }) });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await guess()).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("REQUEST.RATE_LIMITED");
  });
});
