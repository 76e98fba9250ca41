import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { AizoomdocClient } from "../../client/index.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import type { RunningServer } from "../../hosts/http/start-http-server.js";
import { startLoopbackServer } from "../../hosts/http/testing/loopback-server.js";
import { teamApiContract, type TeamApiSubject, type Transcript } from "./team-api-contract.js";

/**
 * The one contract suite run against both bindings of the application over one deployment: in-process as one user,
 * and over HTTP (a real server on loopback, the client library) as another; then their transcripts are compared.
 */
let dataDir: string;
let deployment: Deployment;
let server: RunningServer;
let inProcess: TeamApiSubject;
let remote: TeamApiSubject;
let overWebSocket: TeamApiSubject;
let remoteUserId: string;
const transcripts = { inProcess: new Map() as Transcript, remote: new Map() as Transcript, overWebSocket: new Map() as Transcript };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-team-api-"));
  await seedLocalDataDir(dataDir);
  deployment = await openDeployment({ dataDir });
  const [local, far, other, socketed] = [
    await deployment.admin.addUser("local-user"),
    await deployment.admin.addUser("remote-user"),
    await deployment.admin.addUser("other-user"),
    await deployment.admin.addUser("websocket-user"),
  ];
  server = await startLoopbackServer(deployment, { maxUploadBytes: 1 << 22 });
  remoteUserId = far!.user.id;
  const othersChatId = (await deployment.forUser(other!.user.id).createChat({ title: "чужой" })).id;
  inProcess = { api: deployment.forUser(local!.user.id), othersChatId };
  remote = { api: new AizoomdocClient({ baseUrl: server.url, staticToken: far!.token }), othersChatId };
  overWebSocket = { api: new AizoomdocClient({ baseUrl: server.url, staticToken: socketed!.token, streams: "websocket" }), othersChatId };
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

teamApiContract("in-process (Deployment.forUser)", () => inProcess, transcripts.inProcess);
teamApiContract("remote (AizoomdocClient over loopback HTTP)", () => remote, transcripts.remote);
teamApiContract("remote with WebSocket streams", () => overWebSocket, transcripts.overWebSocket);

describe("the client's calls beyond TeamApi", () => {
  it("answers health without sign-in, the signed-in user, and an evidence image's bytes as the deployment holds them", async () => {
    const client = remote.api as AizoomdocClient;
    expect(await client.health()).toEqual({ status: "healthy", version: "test", service: "aizoomdoc-server" });
    const { user, settings } = await client.me();
    expect(user).toMatchObject({ id: remoteUserId, username: "remote-user", role: "user" });
    expect(settings).toEqual(await deployment.forUser(remoteUserId).getSettings());
    const chat = await client.createChat();
    const { runId } = await client.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?", documentIds: [] });
    let imageId: string | undefined;
    for await (const { event } of client.runEvents(runId)) if (event.type === "image_ready") imageId ??= event.image_id;
    expect(imageId).toBeTruthy();
    const downloaded = await client.downloadImage(imageId!);
    const held = await deployment.forUser(remoteUserId).getEvidenceImage(imageId!);
    expect(downloaded.mimeType).toBe(held.image.mimeType);
    expect(Buffer.from(downloaded.bytes).equals(Buffer.from(held.bytes))).toBe(true);
    expect(await client.downloadImage("img-000000000000000000000000").catch((e: { code?: string }) => e.code)).toMatch(/NOT_FOUND$/);
  });
});

describe("WebSocket streams", () => {
  it("renew a token the server refuses once, and refuse a run of another user as SSE does", async () => {
    const issued = await deployment.admin.addUser("socket-renewal");
    // a kept token that the server does not take (signed with another secret), far from its expiry
    const forged = { accessToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", expiresAt: Date.now() + 3_600_000 };
    const client = new AizoomdocClient({ baseUrl: server.url, staticToken: issued.token, accessToken: forged, streams: "websocket" });
    const mine = deployment.forUser(issued.user.id);
    const chat = await mine.createChat({ title: "сокет" });
    const { runId } = await mine.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?", documentIds: [] });
    const types = [];
    for await (const { event } of client.runEvents(runId)) types.push(event.type);
    expect(types.at(-1)).toBe("completed");

    const sse = new AizoomdocClient({ baseUrl: server.url, staticToken: issued.token });
    const codeOf = async (api: AizoomdocClient) => {
      try {
        for await (const _ of api.runEvents(await remoteRunOfAnother())) return "read";
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return "ended";
    };
    const socketCode = await codeOf(client);
    expect(socketCode).toMatch(/NOT_FOUND$/);
    expect(socketCode).toBe(await codeOf(sse));
  });
});

/** A run of another user (the remote user's), which nobody else may read. */
async function remoteRunOfAnother(): Promise<string> {
  const app = deployment.forUser(remoteUserId);
  const chat = await app.createChat({ title: "не ваш" });
  return (await app.postMessage(chat.id, { content: "Какие перемычки?", documentIds: [] })).runId;
}

describe("both bindings", () => {
  it("gave the same results and the same error codes, ids and times aside", () => {
    expect(transcripts.inProcess.size).toBeGreaterThan(5);
    for (const other of [transcripts.remote, transcripts.overWebSocket]) {
      expect([...other.keys()]).toEqual([...transcripts.inProcess.keys()]);
      for (const [step, seen] of transcripts.inProcess) expect(other.get(step), step).toEqual(seen);
    }
  });
});
