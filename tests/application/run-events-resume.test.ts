import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { AizoomdocClient } from "../../client/index.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import type { StoredStreamEvent } from "../../core/ports/stream-event-store.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "../../hosts/http/start-http-server.js";
import { startLoopbackServer } from "../../hosts/http/testing/loopback-server.js";
import { cuttingProxy } from "../testing/cutting-proxy.js";

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
    server = await startLoopbackServer(deployment);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The event a stream request resumes after: `Last-Event-ID` on SSE, `?after=` on a WebSocket. */
  const resumedAfter = (head: string) => Number(/last-event-id: [^\r\n]+:(\d+)/i.exec(head)?.[1] ?? /[?&]after=[^\s&]+(?::|%3A)(\d+)/i.exec(head)?.[1]);

  it.each(["sse", "websocket"] as const)("reconnects after the last event it got and yields every event exactly once, in order, to the run's end (%s)", async (streams) => {
    const proxy = await cuttingProxy(server.url, 3_000);
    try {
      const client = new AizoomdocClient({ baseUrl: proxy.url, staticToken, streams, reconnect: { minDelayMs: 10 } });
      const chat = await client.createChat({ title: "обрыв" });
      // followed while it is answered: the cut falls in the live part or in the stored part, either must resume
      const { runId } = await client.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?", documentIds: [documentId] });
      const received: StoredStreamEvent[] = [];
      for await (const event of client.runEvents(runId)) received.push(event);

      expect(proxy.wasCut()).toBe(true);
      expect(proxy.streamRequests).toHaveLength(2);
      expect(proxy.streamRequests[0]).not.toMatch(/last-event-id|after=/i);
      if (streams === "websocket") expect(proxy.streamRequests[0]).toMatch(/^upgrade: websocket$/im);
      expect(resumedAfter(proxy.streamRequests[1]!)).toBeGreaterThan(0);
      expect(resumedAfter(proxy.streamRequests[1]!)).toBeLessThan(received.length);

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
