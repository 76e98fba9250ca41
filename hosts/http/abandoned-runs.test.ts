import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { AbandonedRuns } from "./abandoned-runs.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

describe("an answer whose client has gone", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let token: string;
  let documentId: string;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) } });
  const post = async (title: string) => {
    const chat = (await (await call("/chats", { method: "POST", body: JSON.stringify({ title }) })).json()) as { id: string };
    await call(`/chats/${chat.id}/messages`, { method: "POST", body: JSON.stringify({ content: "Какие перемычки на 2 этаже?", attached_document_ids: [documentId] }) });
    return chat.id;
  };
  /** The event names of the chat's latest run, read to its end. */
  const eventsOf = async (chatId: string) => [...(await (await call(`/chats/${chatId}/stream`)).text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-abandoned-"));
    await seedLocalDataDir(dataDir);
    // one answer at a time, so the second question waits while its client comes and goes
    deployment = await openDeployment({ dataDir, answers: { concurrency: 1 } });
    const issued = await deployment.admin.addUser("alice");
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "abandoned" });
    documentId = (await deployment.forUser(issued.user.id).addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" })).id;
    const environment = { abandonedAnswerGraceSeconds: 0.1 };
    server = await startLoopbackServer(deployment, environment);
    const exchanged = await fetch(`${server.url}/auth/exchange`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ static_token: issued.token }) });
    token = ((await exchanged.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens the chat's stream, reads its first frame and drops the connection. */
  async function followAndLeave(chatId: string): Promise<void> {
    const leaving = new AbortController();
    const response = await call(`/chats/${chatId}/stream`, { signal: leaving.signal });
    const reader = response.body!.getReader();
    await reader.read();
    leaving.abort();
    await reader.read().catch(() => undefined);
  }

  /** The same over the WebSocket transport. */
  async function followAndLeaveByWebSocket(chatId: string): Promise<void> {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/chats/${chatId}/stream?token=${token}`);
    await new Promise((resolve, reject) => ws.once("message", resolve).once("error", reject));
    ws.close();
    await new Promise((resolve) => ws.once("close", resolve));
  }

  it("is cancelled when its last follower leaves and no one resumes within the grace period", async () => {
    // two questions ahead keep the abandoned ones waiting well past the grace period
    const ahead = [await post("первый"), await post("второй")];
    const left = await post("ушёл");
    const leftByWebSocket = await post("ушёл по WebSocket");
    const followed = await post("остался");
    await followAndLeave(left);
    await followAndLeaveByWebSocket(leftByWebSocket);
    // one of two followers leaves: the other still follows, so the answer goes on
    const staying = eventsOf(followed);
    await followAndLeave(followed);
    expect((await staying).at(-1)).toBe("completed");
    expect((await eventsOf(left)).at(-1)).toBe("error");
    expect(await (await call(`/chats/${left}/stream`)).text()).toContain("OPERATION.CANCELLED");
    expect((await eventsOf(leftByWebSocket)).at(-1)).toBe("error");
    // questions nobody followed are answered
    for (const chatId of ahead) expect((await eventsOf(chatId)).at(-1)).toBe("completed");
  });
});

describe("an answer whose client came back on another instance", () => {
  /** Two instances' presence as one database carries it: each hears the other's announcements, not its own. */
  function pairedPresence() {
    const listeners = [new Set<(runId: string) => void>(), new Set<(runId: string) => void>()];
    const announced: string[][] = [[], []];
    const side = (self: 0 | 1) => ({
      announce: (runId: string) => {
        announced[self]!.push(runId);
        for (const listener of listeners[1 - self]!) listener(runId);
      },
      onAnnounced: (listener: (runId: string) => void) => {
        listeners[self]!.add(listener);
        return () => void listeners[self]!.delete(listener);
      },
    });
    return { a: side(0), b: side(1), announced };
  }
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("is not cancelled by the instance it left while a follower on the other announces it, and is once that one leaves too", async () => {
    const presence = pairedPresence();
    const [a, b] = [new AbandonedRuns(300, presence.a), new AbandonedRuns(300, presence.b)];
    const cancelled: string[] = [];
    try {
      const leftA = a.follow("run-1", async () => cancelled.push("a"));
      leftA(false);
      // the client reconnects to b before a's grace runs out
      const leftB = b.follow("run-1", async () => cancelled.push("b"));
      await wait(500);
      expect(cancelled).toEqual([]);
      expect(presence.announced[1]).toContain("run-1");
      leftB(false);
      await wait(500);
      expect(cancelled).toEqual(["b"]);
    } finally {
      a.clear();
      b.clear();
    }
  });

  it("keeps announcing while it has followers, so a cancellation armed later elsewhere is dropped too", async () => {
    const presence = pairedPresence();
    const [a, b] = [new AbandonedRuns(750, presence.a), new AbandonedRuns(750, presence.b)];
    const cancelled: string[] = [];
    try {
      const leftB = b.follow("run-2", async () => cancelled.push("b"));
      a.follow("run-2", async () => cancelled.push("a"))(false);
      await wait(1_200);
      expect(cancelled).toEqual([]);
      leftB(true);
    } finally {
      a.clear();
      b.clear();
    }
  });
});
