import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { AbandonedRuns } from "./abandoned-runs.js";
import { createHttpApp, type HttpAppDeps } from "./http-app.js";
import { SignedImageLinks } from "./signed-image-links.js";
import type { RunningServer } from "./start-http-server.js";
import { TEST_JWT_SECRET, startLoopbackServer } from "./testing/loopback-server.js";


/** What one way of calling a route answered: a status (a WebSocket's 4404 close is a 404) and the parsed body. */
interface Answer {
  via: string;
  status: number;
  body: unknown;
}

/** One route with ids in its path: alice's ids to try, an id that exists for nobody, and every way to call it. */
interface Walk {
  ids: string[];
  missing: string;
  probes: Array<(token: string, id: string) => Promise<Answer>>;
}

/** The `{method path}` of every route of the Koa app whose path takes a parameter, in the OpenAPI form. */
function koaParameterRoutes(): string[] {
  // built only to read its route table: no dependency is called while the routers are assembled
  const app = createHttpApp({ log: pino({ level: "silent" }), corsOrigins: [], maxUploadBytes: 1, version: "t", startedAt: "", abandonedRuns: new AbandonedRuns(1) } as unknown as HttpAppDeps);
  const layers = (app.middleware as Array<{ router?: { stack: Array<{ path: string; methods: string[] }> } }>).flatMap((m) => m.router?.stack ?? []);
  return layers
    .filter((layer) => layer.path.includes(":"))
    .flatMap((layer) => layer.methods.filter((m) => m !== "HEAD").map((m) => `${m} ${layer.path.replace(/:([A-Za-z_]\w*)/g, "{$1}")}`))
    .sort();
}

/** The answer with every occurrence of `id` written `{id}`: what must not differ between someone else's id and nobody's. */
function withoutId(answer: Answer, id: string): Answer {
  return JSON.parse(JSON.stringify(answer).replaceAll(id, "{id}")) as Answer;
}

/** Signed image links carry their expiry: the same image a second later has another link, not another state. */
function withoutLinkExpiry(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replace(/expires=\d+&signature=[\w-]+/g, "expires=…"));
}

describe("every resource is its owner's: bob walks every route that takes an id with alice's ids", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  /** Alice's resources, one of each. */
  const mine = { fileId: "", ingestRunId: "", documentId: "", chatId: "", answerRunId: "", imageId: "", tileTag: "" };
  let bobRunId: string;

  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(typeof init.body === "string" ? { "content-type": "application/json" } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  const answerOf = async (via: string, response: Response): Promise<Answer> => {
    const text = await response.text();
    let body: unknown = text === "" ? null : text;
    try {
      body = JSON.parse(text);
    } catch {
      // a stream or bytes: kept as text, which fails the 404 checks as it should
    }
    return { via, status: response.status, body };
  };
  const probe = (method: string, path: (id: string) => string, extra: (id: string) => { body?: string; headers?: Record<string, string> } = () => ({})) => async (token: string, id: string) =>
    answerOf(`${method} ${path(id)} ${JSON.stringify(extra(id).headers ?? {})}`, await call(path(id), { method, token, ...extra(id) }));
  /** The chat stream over a WebSocket: the token as `?token=` or as the first message. */
  const socketProbe = (tokenIn: "query" | "message", query = "") => (token: string, id: string) =>
    new Promise<Answer>((resolve) => {
      const url = `${server.url.replace("http", "ws")}/chats/${encodeURIComponent(id)}/stream?${query}${tokenIn === "query" ? `${query ? "&" : ""}token=${token}` : ""}`;
      const socket = new WebSocket(url);
      const frames: Array<{ event?: string; data?: unknown }> = [];
      socket.on("open", () => tokenIn === "message" && socket.send(JSON.stringify({ token })));
      socket.on("message", (data) => frames.push(JSON.parse(String(data)) as { event?: string; data?: unknown }));
      socket.on("close", (code) => {
        const refusal = frames.length === 1 && frames[0]!.event === "error" ? { error: frames[0]!.data } : frames;
        resolve({ via: `WS /chats/${id}/stream token in ${tokenIn} ${query}`, status: code === 4404 ? 404 : code, body: refusal });
      });
    });
  /** What alice sees of everything she has: must be the same before and after bob's walk. */
  const aliceSees = async () => {
    const json = async (path: string) => withoutLinkExpiry(await (await call(path, { token: alice.token })).json());
    const image = await call(`/images/${mine.imageId}`, { token: alice.token });
    const tile = await call(`/documents/${mine.documentId}/pages/1/tiles_files/12/3_2.png`, { token: alice.token });
    mine.tileTag = tile.headers.get("etag") ?? "";
    return {
      chats: await json("/chats"),
      chat: await json(`/chats/${mine.chatId}`),
      messages: await json(`/chats/${mine.chatId}/messages`),
      files: await json("/files"),
      file: await json(`/files/${mine.fileId}`),
      image: [image.status, createHash("sha256").update(Buffer.from(await image.arrayBuffer())).digest("hex")],
      tile: [tile.status, mine.tileTag, createHash("sha256").update(Buffer.from(await tile.arrayBuffer())).digest("hex")],
      answer: withoutLinkExpiry(await (await call(`/chats/${mine.chatId}/stream`, { token: alice.token })).text()),
      ingestion: await (await call(`/runs/${mine.ingestRunId}/stream`, { token: alice.token })).text(),
      documents: (await deployment.forUser(alice.id).listDocuments()).map((d) => [d.id, d.name]),
    };
  };
  /** Posts a question to a new chat of the user and reads its stream to the end. */
  const askInNewChat = async (token: string, body: Record<string, unknown>) => {
    const chat = (await (await call("/chats", { method: "POST", token, body: JSON.stringify({ title: "чат" }) })).json()) as { id: string };
    const posted = (await (await call(`/chats/${chat.id}/messages`, { method: "POST", token, body: JSON.stringify(body) })).json()) as { run_id: string };
    const stream = await (await call(`/chats/${chat.id}/stream`, { token })).text();
    return { chatId: chat.id, runId: posted.run_id, stream };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-owners-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    server = await startLoopbackServer(deployment);
    const exchange = async (token: string) => {
      const body = (await (await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: token }) })).json()) as { access_token: string; user: { id: string } };
      return { token: body.access_token, id: body.user.id };
    };
    [alice, bob] = [await exchange(issued[0]!.token), await exchange(issued[1]!.token)];

    // alice: an uploaded PDF that became a document, a chat whose answer cites it with an evidence image
    const form = new FormData();
    form.append("file", new Blob([generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "owners" }).pdf], { type: "application/pdf" }), "АР.pdf");
    const uploaded = (await (await call("/files/upload", { method: "POST", body: form, token: alice.token })).json()) as { id: string; run_id: string };
    const ingestion = await (await call(`/runs/${uploaded.run_id}/stream`, { token: alice.token })).text();
    const completed = ingestion.split("\n\n").find((frame) => frame.includes("event: completed"))!;
    mine.fileId = uploaded.id;
    mine.ingestRunId = uploaded.run_id;
    mine.documentId = (JSON.parse(completed.split("\n").find((line) => line.startsWith("data: "))!.slice(6)) as { document_id: string }).document_id;
    const asked = await askInNewChat(alice.token, { content: "Какие перемычки на 2 этаже?", attached_document_ids: [mine.documentId] });
    expect(asked.stream).toContain("event: completed");
    mine.chatId = asked.chatId;
    mine.answerRunId = asked.runId;
    const detail = (await (await call(`/chats/${mine.chatId}`, { token: alice.token })).json()) as { messages: Array<{ images: Array<{ url: string }> }> };
    mine.imageId = new URL(detail.messages[1]!.images[0]!.url).pathname.split("/").at(-1)!;

    // bob: a chat of his own with an ended answer, whose run id he may try on alice's chat
    bobRunId = (await askInNewChat(bob.token, { content: "Что на листе?" })).runId;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers 404 in the one error shape on every such route and way of calling it, the same as for an id of nobody's, and changes nothing", async () => {
    const bobsSignedLink = new SignedImageLinks(new TextEncoder().encode(TEST_JWT_SECRET));
    const chatWalk = (probes: Walk["probes"]): Walk => ({ ids: [mine.chatId], missing: randomUUID(), probes });
    const walks: Record<string, Walk> = {
      "GET /chats/{chat_id}": chatWalk([probe("GET", (id) => `/chats/${id}`), probe("HEAD", (id) => `/chats/${id}`)]),
      "PATCH /chats/{chat_id}": chatWalk([probe("PATCH", (id) => `/chats/${id}`, () => ({ body: JSON.stringify({ title: "bob's" }) }))]),
      "DELETE /chats/{chat_id}": chatWalk([probe("DELETE", (id) => `/chats/${id}`)]),
      "GET /chats/{chat_id}/messages": chatWalk([probe("GET", (id) => `/chats/${id}/messages`), probe("GET", (id) => `/chats/${id}/messages?limit=1&before=2`)]),
      "POST /chats/{chat_id}/messages": chatWalk([probe("POST", (id) => `/chats/${id}/messages`, () => ({ body: JSON.stringify({ content: "bob's question" }) }))]),
      "POST /chats/{chat_id}/cancel": chatWalk([probe("POST", (id) => `/chats/${id}/cancel`)]),
      "GET /chats/{chat_id}/stream": chatWalk([
        probe("GET", (id) => `/chats/${id}/stream`),
        // resuming names a run: neither bob's own run nor alice's may open alice's chat
        probe("GET", (id) => `/chats/${id}/stream`, () => ({ headers: { "last-event-id": `${bobRunId}:1` } })),
        probe("GET", (id) => `/chats/${id}/stream?after=${bobRunId}:1`),
        probe("GET", (id) => `/chats/${id}/stream`, () => ({ headers: { "last-event-id": `${mine.answerRunId}:1` } })),
        socketProbe("query"),
        socketProbe("message"),
        socketProbe("query", `after=${bobRunId}:1`),
        socketProbe("message", `after=${mine.answerRunId}:1`),
      ]),
      "GET /runs/{run_id}/stream": {
        ids: [mine.ingestRunId, mine.answerRunId],
        missing: randomUUID(),
        probes: [
          probe("GET", (id) => `/runs/${id}/stream`),
          probe("GET", (id) => `/runs/${id}/stream?after=${id}:1`),
          probe("GET", (id) => `/runs/${id}/stream`, (id) => ({ headers: { "last-event-id": `${id}:1` } })),
          probe("HEAD", (id) => `/runs/${id}/stream`),
        ],
      },
      "POST /runs/{run_id}/cancel": { ids: [mine.ingestRunId, mine.answerRunId], missing: randomUUID(), probes: [probe("POST", (id) => `/runs/${id}/cancel`)] },
      "GET /files/{file_id}": { ids: [mine.fileId], missing: randomUUID(), probes: [probe("GET", (id) => `/files/${id}`), probe("HEAD", (id) => `/files/${id}`)] },
      "DELETE /files/{file_id}": { ids: [mine.fileId], missing: randomUUID(), probes: [probe("DELETE", (id) => `/files/${id}`)] },
      "GET /documents/{document_id}/pages/{page}/blocks": {
        ids: [mine.documentId],
        missing: randomUUID(),
        probes: [probe("GET", (id) => `/documents/${id}/pages/1/blocks`), probe("HEAD", (id) => `/documents/${id}/pages/1/blocks`)],
      },
      "GET /documents/{document_id}/pages/{page}/tiles.dzi": {
        ids: [mine.documentId],
        missing: randomUUID(),
        probes: [probe("GET", (id) => `/documents/${id}/pages/1/tiles.dzi`), probe("HEAD", (id) => `/documents/${id}/pages/1/tiles.dzi`)],
      },
      "GET /documents/{document_id}/pages/{page}/tiles_files/{level}/{tile}": {
        ids: [mine.documentId],
        missing: randomUUID(),
        probes: [
          probe("GET", (id) => `/documents/${id}/pages/1/tiles_files/0/0_0.png`),
          probe("GET", (id) => `/documents/${id}/pages/1/tiles_files/12/3_2.png`),
          // revalidating with the tag alice's tile carries answers bob no 304
          probe("GET", (id) => `/documents/${id}/pages/1/tiles_files/12/3_2.png`, () => ({ headers: { "if-none-match": mine.tileTag, "cache-control": "max-age=0" } })),
          probe("HEAD", (id) => `/documents/${id}/pages/1/tiles_files/12/3_2.png`),
        ],
      },
      "GET /images/{image_id}": {
        ids: [mine.imageId],
        missing: `img-${randomBytes(12).toString("hex")}`,
        probes: [
          probe("GET", (id) => `/images/${id}`),
          // a link validly signed for bob opens bob's images only
          async (_token, id) => answerOf(`signed link for bob to ${id}`, await fetch(bobsSignedLink.url(server.url, bob.id, id))),
        ],
      },
    };
    // not a user's resources: the team's shared Projects DB (read-only, the same for everyone; a sync imports into the
    // caller's own documents) and the docs page's
    // and the web UI's assets (the routes outside the OpenAPI document)
    const docsAssets = "GET /docs/assets/{name}";
    const webAssets = "GET /assets/{name}";
    const notOwned = ["GET /projects/documents/{document_id}/results", "POST /projects/documents/{document_id}/sync", docsAssets, webAssets];

    // a route that takes an id and has no walk here fails this test until it has one
    const documented = (await (await call("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const documentedWithIds = Object.entries(documented.paths)
      .filter(([path]) => path.includes("{"))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...documentedWithIds, docsAssets, webAssets].sort()).toEqual([...Object.keys(walks), ...notOwned].sort());
    expect(koaParameterRoutes()).toEqual([...Object.keys(walks), ...notOwned].sort());

    const before = await aliceSees();
    for (const [route, walk] of Object.entries(walks)) {
      for (const probeRoute of walk.probes) {
        const nobodys = withoutId(await probeRoute(bob.token, walk.missing), walk.missing);
        for (const id of walk.ids) {
          const answer = await probeRoute(bob.token, id);
          expect(answer.status, `${route}: ${answer.via}`).toBe(404);
          if (!answer.via.startsWith("HEAD")) expect(answer.body, `${route}: ${answer.via}`).toMatchObject({ error: { code: expect.stringMatching(/\.NOT_FOUND$/), message: expect.any(String) } });
          // no existence oracle: someone else's id answers exactly what an id of nobody's does
          expect(withoutId(answer, id), `${route}: ${answer.via}`).toEqual(nobodys);
        }
      }
    }
    expect(await aliceSees()).toEqual(before);
    // nothing of bob's walk landed on bob's side either
    expect(((await (await call("/chats", { token: bob.token })).json()) as unknown[]).length).toBe(1);
    expect(await (await call("/files", { token: bob.token })).json()).toEqual([]);

    // the Projects DB is shared: bob gets for a document id exactly what alice gets (here: none is configured)
    const results = async (token: string) => withoutId(await answerOf("results", await call(`/projects/documents/${mine.documentId}/results`, { token })), mine.documentId);
    expect(await results(bob.token)).toEqual(await results(alice.token));
  });

  it("refuses alice's document ids in bob's bodies with 404, as ids of nobody's, storing nothing", async () => {
    const refusal = async (documentId: string, where: "message" | "chat") => {
      const chat = (await (await call("/chats", { method: "POST", token: bob.token, body: JSON.stringify({ title: "чужое" }) })).json()) as { id: string };
      const response =
        where === "chat"
          ? await call("/chats", { method: "POST", token: bob.token, body: JSON.stringify({ title: "чужое", document_ids: [documentId] }) })
          : await call(`/chats/${chat.id}/messages`, { method: "POST", token: bob.token, body: JSON.stringify({ content: "Какие перемычки на 2 этаже?", attached_document_ids: [documentId] }) });
      expect((await (await call(`/chats/${chat.id}/messages`, { token: bob.token })).json()) as { messages: unknown[] }).toMatchObject({ messages: [] });
      return { status: response.status, body: JSON.stringify(await response.json()).replaceAll(documentId, "{id}").replace(/"request_id":"[^"]+"/, "") };
    };
    const chatsBefore = ((await (await call("/chats", { token: bob.token })).json()) as unknown[]).length;
    for (const where of ["message", "chat"] as const) {
      const hers = await refusal(mine.documentId, where);
      expect(hers.status, where).toBe(404);
      expect(JSON.parse(hers.body), where).toMatchObject({ error: { code: "DOCUMENT.NOT_FOUND" } });
      expect(hers, where).toEqual(await refusal(randomUUID(), where));
    }
    // the refused chats were never made (only the ones the walk posted into exist)
    expect(((await (await call("/chats", { token: bob.token })).json()) as unknown[]).length).toBe(chatsBefore + 4);
  });
});
