import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { AizoomdocClient } from "../../client/index.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import type { StoredStreamEvent } from "../../core/ports/stream-event-store.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { startHttpServer, type RunningServer } from "../../hosts/http/start-http-server.js";

/**
 * A TCP proxy on loopback that passes everything through, except that once it cuts the first run stream it sees:
 * after `cutAfter` bytes of that response it destroys both sockets (a dropped connection mid-stream). It keeps the
 * request heads of the run streams, to see how the client came back.
 */
async function cuttingProxy(target: string, cutAfter: number) {
  const { hostname, port } = new URL(target);
  const streamRequests: string[] = [];
  let cut = false;
  const open = new Set<Socket>();
  const server: Server = createServer((downstream: Socket) => {
    const upstream = connect(Number(port), hostname);
    open.add(downstream).add(upstream);
    let armed = false;
    let sent = 0;
    downstream.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      if (text.startsWith("GET /runs/")) {
        streamRequests.push(text.slice(0, text.indexOf("\r\n\r\n")));
        armed = !cut;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!armed) return void downstream.write(chunk);
      const room = cutAfter - sent;
      sent += chunk.length;
      if (room > chunk.length) return void downstream.write(chunk);
      cut = true;
      armed = false;
      downstream.write(chunk.subarray(0, room), () => {
        downstream.destroy();
        upstream.destroy();
      });
    });
    const close = () => {
      downstream.destroy();
      upstream.destroy();
      open.delete(downstream);
      open.delete(upstream);
    };
    downstream.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streamRequests,
    wasCut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // the client keeps its connections alive: they go with the proxy
        for (const socket of open) socket.destroy();
      }),
  };
}

describe("the client's runEvents over a connection cut mid-stream", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let userId: string;
  let staticToken: string;
  let documentId: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-resume-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = await deployment.admin.addUser("resumer");
    userId = issued.user.id;
    staticToken = issued.token;
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "resume" });
    documentId = (await deployment.forUser(userId).addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" })).id;
    server = await startHttpServer(deployment, { jwtSecret: "a-test-secret-that-is-long-enough-1234", accessTokenTtlSeconds: 600, corsOrigins: [], maxUploadBytes: 1 << 20 }, {
      host: "127.0.0.1",
      port: 0,
      version: "test",
      log: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reconnects with Last-Event-ID and yields every event exactly once, in order, to the run's end", async () => {
    const proxy = await cuttingProxy(server.url, 3_000);
    try {
      const client = new AizoomdocClient({ baseUrl: proxy.url, staticToken, reconnect: { minDelayMs: 10 } });
      const chat = await client.createChat({ title: "обрыв" });
      // followed while it is answered: the cut falls in the live part or in the stored part, either must resume
      const { runId } = await client.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?", documentIds: [documentId] });
      const received: StoredStreamEvent[] = [];
      for await (const event of client.runEvents(runId)) received.push(event);

      expect(proxy.wasCut()).toBe(true);
      expect(proxy.streamRequests).toHaveLength(2);
      expect(proxy.streamRequests[0]).not.toMatch(/last-event-id/i);
      const resumedAfter = Number(/last-event-id: [^\r\n]+:(\d+)/i.exec(proxy.streamRequests[1]!)?.[1]);
      expect(resumedAfter).toBeGreaterThan(0);
      expect(resumedAfter).toBeLessThan(received.length);

      const stored: StoredStreamEvent[] = [];
      for await (const event of deployment.forUser(userId).runEvents(runId)) stored.push(event);
      expect(received.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
      expect(received.map((e) => e.event.type)).toEqual(stored.map((e) => e.event.type));
      expect(received.at(-1)!.event.type).toBe("completed");
    } finally {
      await proxy.close();
    }
  });
});
