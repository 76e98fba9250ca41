import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { openDeployment, type Deployment } from "../../composition/deployment.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";

/** The frames of an SSE body: `id`, `event` and the parsed `data` of each. */
function framesOf(text: string): Array<{ id: string; event: string; data: Record<string, unknown> }> {
  return text
    .split("\n\n")
    .map((block) => Object.fromEntries(block.split("\n").filter((line) => /^(id|event|data): /.test(line)).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)])))
    .filter((frame) => frame.event)
    .map((frame) => ({ id: frame.id!, event: frame.event!, data: JSON.parse(frame.data!) as Record<string, unknown> }));
}

describe("the HTTP server over a real loopback port", () => {
  let dataDir: string;
  let deployment: Deployment;
  let server: RunningServer;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };
  let documentId: string;
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...(init.body ? { "content-type": "application/json" } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-http-"));
    await seedLocalDataDir(dataDir);
    deployment = await openDeployment({ dataDir });
    const issued = [await deployment.admin.addUser("alice"), await deployment.admin.addUser("bob")];
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "http" });
    documentId = (await deployment.forUser(issued[0]!.user.id).addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" })).id;
    server = await startLoopbackServer(deployment);
    const exchange = async (token: string) => (await (await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: token }) })).json()) as { access_token: string; user: { id: string } };
    const [a, b] = [await exchange(issued[0]!.token), await exchange(issued[1]!.token)];
    alice = { token: a.access_token, id: a.user.id };
    bob = { token: b.access_token, id: b.user.id };
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers health, info, the OpenAPI document and its docs page without sign-in", async () => {
    expect(await (await call("/health")).json()).toEqual({ status: "healthy", version: "test", service: "aizoomdoc-server" });
    expect(await (await call("/")).json()).toMatchObject({ docs: "/docs", health: "/health" });
    const document = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(document.paths)).toContain("/chats/{chat_id}/stream");
    const docs = await call("/docs");
    expect(docs.headers.get("content-type")).toContain("text/html");
    expect(await docs.text()).toContain("/docs/assets/");
  });

  it("refuses missing, forged and malformed tokens and bad sign-ins with 401 in the one error shape", async () => {
    const forged = `${alice.token.slice(0, -4)}AAAA`;
    const attempts: Array<Record<string, string>> = [{}, { authorization: `Bearer ${forged}` }, { authorization: "Bearer not.a.jwt" }, { authorization: "Basic abc" }];
    for (const headers of attempts) {
      const response = await call("/me", { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "AUTH.UNAUTHORIZED", message: expect.any(String) } });
    }
    expect((await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: "azd_wrong" }) })).status).toBe(401);
    const badJson = await call("/auth/exchange", { method: "POST", body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: "VALIDATION.INVALID_INPUT" } });
    expect((await call("/auth/exchange", { method: "POST", body: JSON.stringify({ static_token: "x", extra: 1 }) })).status).toBe(400);
  });

  it("keeps settings per user, all fields persisted", async () => {
    const patched = await call("/me/settings", { method: "PATCH", token: alice.token, body: JSON.stringify({ model_profile: "complex", temperature: 0.3, thinking_enabled: false }) });
    expect(patched.status).toBe(200);
    const me = (await (await call("/me", { token: alice.token })).json()) as { user: { username: string }; settings: Record<string, unknown> };
    expect(me.user.username).toBe("alice");
    expect(me.settings).toMatchObject({ model_profile: "complex", temperature: 0.3, thinking_enabled: false });
    expect(((await (await call("/me", { token: bob.token })).json()) as { settings: Record<string, unknown> }).settings.model_profile).toBe("simple");
    expect((await call("/me/settings", { method: "PATCH", token: alice.token, body: JSON.stringify({ temperature: 7 }) })).status).toBe(400);
  });

  it("stores a user's own model key sealed over PUT /me/model-key, never sends it back, and removes it with DELETE", async () => {
    const key = "AIzaSy-alice-own-key-42";
    const stored = await call("/me/model-key", { method: "PUT", token: alice.token, body: JSON.stringify({ key }) });
    expect(stored.status).toBe(200);
    const settings = (await stored.json()) as { model_key: unknown };
    expect(settings.model_key).toEqual({ provider: "gemini", own_server: false });
    const me = await (await call("/me", { token: alice.token })).text();
    expect(me).not.toContain(key);
    expect(JSON.parse(me)).toMatchObject({ gemini_api_key_configured: true, settings: { model_key: { provider: "gemini" } } });
    expect(((await (await call("/me", { token: bob.token })).json()) as { gemini_api_key_configured: boolean }).gemini_api_key_configured).toBe(false);
    // a Gemini deployment takes no server of the user's own; a malformed body is refused before the service
    const server = await call("/me/model-key", { method: "PUT", token: alice.token, body: JSON.stringify({ key, base_url: "http://127.0.0.1:9/v1" }) });
    expect(server.status).toBe(400);
    expect(((await server.json()) as { error: { code: string } }).error.code).toBe("VALIDATION.INVALID_INPUT");
    expect((await call("/me/model-key", { method: "PUT", token: alice.token, body: JSON.stringify({ key, colour: "red" }) })).status).toBe(400);
    const cleared = await call("/me/model-key", { method: "DELETE", token: alice.token });
    expect(((await cleared.json()) as { model_key: unknown }).model_key).toBeNull();
    expect(((await (await call("/me", { token: alice.token })).json()) as { gemini_api_key_configured: boolean }).gemini_api_key_configured).toBe(false);
  });

  it("lists the system prompt templates and the roles at /prompts, the role templates only as roles", async () => {
    const prompts = (await (await call("/prompts", { token: alice.token })).json()) as { system: Array<{ id: string; version: number }>; roles: Array<{ name: string }> };
    const ids = prompts.system.map(({ id }) => id);
    expect(ids).toEqual(expect.arrayContaining(["system", "intent", "collector", "answer", "compare"]));
    expect(ids.some((id) => id.startsWith("role-"))).toBe(false);
    expect(prompts.system.every(({ version }) => version >= 1)).toBe(true);
    expect(prompts.roles.map(({ name }) => name)).toEqual(expect.arrayContaining(["engineer", "economist"]));
  });

  it("posts a message that returns at once, streams the answer over SSE with rising ids, and resumes exactly after Last-Event-ID", async () => {
    const created = await call("/chats", { method: "POST", token: alice.token, body: JSON.stringify({ title: "Перемычки" }) });
    expect(created.status).toBe(201);
    const chat = (await created.json()) as { id: string };
    const posted = await call(`/chats/${chat.id}/messages`, { method: "POST", token: alice.token, body: JSON.stringify({ content: "Какие перемычки на 2 этаже?", attached_document_ids: [documentId] }) });
    expect(posted.status).toBe(201);
    const message = (await posted.json()) as { role: string; content: string; run_id: string };
    expect(message).toMatchObject({ role: "user", content: "Какие перемычки на 2 этаже?" });

    const stream = await call(`/chats/${chat.id}/stream`, { token: alice.token });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const frames = framesOf(await stream.text());
    expect(frames[0]?.event).toBe("queue_position");
    expect(frames.at(-1)?.event).toBe("completed");
    const seqs = frames.map((f) => Number(f.id.split(":").at(-1)));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(frames.every((f) => f.id.startsWith(`${message.run_id}:`))).toBe(true);

    const resumed = framesOf(await (await call(`/chats/${chat.id}/stream`, { token: alice.token, headers: { "last-event-id": frames[2]!.id } })).text());
    expect(resumed.map((f) => f.id)).toEqual(frames.slice(3).map((f) => f.id));

    // the WebSocket route carries the same events: token as the first message, resuming after an id
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/chats/${chat.id}/stream?after=${encodeURIComponent(frames[1]!.id)}`);
    const received: Array<{ id: string; event: string }> = [];
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    socket.on("open", () => socket.send(JSON.stringify({ token: alice.token })));
    socket.on("message", (data) => received.push(JSON.parse(String(data)) as { id: string; event: string }));
    expect(await closed).toBe(1000);
    expect(received.map((f) => f.id)).toEqual(frames.slice(2).map((f) => f.id));
    expect(received.map((f) => f.event)).toEqual(frames.slice(2).map((f) => f.event));

    const forged = new WebSocket(`${server.url.replace("http", "ws")}/chats/${chat.id}/stream?token=not.a.jwt`);
    const refusal: string[] = [];
    forged.on("message", (data) => refusal.push(String(data)));
    expect(await new Promise<number>((resolve) => forged.on("close", (code) => resolve(code)))).toBe(4401);
    expect(JSON.parse(refusal[0]!)).toMatchObject({ event: "error", data: { code: "AUTH.UNAUTHORIZED" } });

    // the chat answers both shapes: the chat's fields at the top level, and `chat` + `messages`
    const detail = (await (await call(`/chats/${chat.id}`, { token: alice.token })).json()) as {
      id: string;
      chat: { id: string };
      messages: Array<{ role: string; images: Array<{ url: string | null }> }>;
    };
    expect(detail.id).toBe(chat.id);
    expect(detail.chat.id).toBe(chat.id);
    expect(detail.messages.map((m) => m.role)).toEqual(["user", "assistant"]);

    // the answer's evidence images download through their signed links, for their owner only
    const url = detail.messages[1]!.images[0]?.url;
    expect(url).toBeTruthy();
    const image = await fetch(url!);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const tampered = new URL(url!);
    tampered.searchParams.set("user", bob.id);
    expect((await fetch(tampered)).status).toBe(401);
    expect((await call(new URL(url!).pathname, { token: bob.token })).status).toBe(404);
  });

  it("answers 404 on every chat route for another user's chat", async () => {
    const chat = (await (await call("/chats", { method: "POST", token: alice.token, body: JSON.stringify({ title: "чужой" }) })).json()) as { id: string };
    await call(`/chats/${chat.id}/messages`, { method: "POST", token: alice.token, body: JSON.stringify({ content: "вопрос" }) });
    const routes: Array<[string, string, string?]> = [
      ["GET", `/chats/${chat.id}`],
      ["PATCH", `/chats/${chat.id}`, JSON.stringify({ title: "x" })],
      ["GET", `/chats/${chat.id}/messages`],
      ["POST", `/chats/${chat.id}/messages`, JSON.stringify({ content: "x" })],
      ["GET", `/chats/${chat.id}/stream`],
      ["POST", `/chats/${chat.id}/cancel`],
      ["DELETE", `/chats/${chat.id}`],
    ];
    for (const [method, path, body] of routes) {
      const response = await call(path, { method, token: bob.token, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect(((await (await call("/chats", { token: bob.token })).json()) as unknown[]).length).toBe(0);
  });

  it("answers in compare mode when the stream names the sides, as the Python client sends it, or when the post does", async () => {
    const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "http-compare" });
    const other = (await deployment.forUser(alice.id).addDocument({ name: "АР изм.1.pdf", bytes: pdf }, { ocr: "never" })).id;
    const sides = new URLSearchParams([["document_ids", documentId], ["document_ids", other], ["compare_document_ids_a", documentId], ["compare_document_ids_b", other]]);
    const ask = async (body: Record<string, unknown>, query: URLSearchParams) => {
      const chat = (await (await call("/chats", { method: "POST", token: alice.token, body: JSON.stringify({ title: "сравнение" }) })).json()) as { id: string };
      const posted = await call(`/chats/${chat.id}/messages`, { method: "POST", token: alice.token, body: JSON.stringify({ content: "Что изменилось между версиями?", attached_document_ids: [documentId, other], ...body }) });
      expect(posted.status).toBe(201);
      const frames = framesOf(await (await call(`/chats/${chat.id}/stream?${query}`, { token: alice.token })).text());
      const history = (await (await call(`/chats/${chat.id}/messages`, { token: alice.token })).json()) as { messages: Array<{ role: string }> };
      return { frames, roles: history.messages.map((m) => m.role), runId: ((await posted.json()) as { run_id: string }).run_id };
    };
    const compared = (frames: Array<{ event: string; data: Record<string, unknown> }>) => frames.some((f) => f.event === "phase_started" && f.data.phase === "compare");

    // the Python client: the post names the documents, the stream names the sides. Without a model an answer takes
    // milliseconds, so bob's questions hold both workers: alice's waits while her stream names the sides
    const bobDocument = (await deployment.forUser(bob.id).addDocument({ name: "КР.pdf", bytes: pdf }, { ocr: "never" })).id;
    const busy = (await (await call("/chats", { method: "POST", token: bob.token, body: JSON.stringify({ title: "занят", document_ids: [bobDocument] }) })).json()) as { id: string };
    for (let i = 0; i < 4; i++) await call(`/chats/${busy.id}/messages`, { method: "POST", token: bob.token, body: JSON.stringify({ content: `Какие перемычки на 2 этаже? ${i}` }) });
    const python = await ask({}, sides);
    expect(python.frames.at(-1)?.event).toBe("completed");
    expect(compared(python.frames)).toBe(true);
    // the stream follows the comparison that replaced the posted run, and the chat holds one question and one answer
    expect(python.frames.every((f) => !f.id.startsWith(`${python.runId}:`))).toBe(true);
    expect(python.roles).toEqual(["user", "assistant"]);

    const ours = await ask({ compare_document_ids_a: [documentId], compare_document_ids_b: [other] }, new URLSearchParams());
    expect(compared(ours.frames)).toBe(true);
    expect(ours.frames.every((f) => f.id.startsWith(`${ours.runId}:`))).toBe(true);

    const plain = await ask({}, new URLSearchParams([["document_ids", documentId]]));
    expect(compared(plain.frames)).toBe(false);
    const oneSide = await call(`/chats/${documentId}/messages`, { method: "POST", token: alice.token, body: JSON.stringify({ content: "x", compare_document_ids_a: [documentId] }) });
    expect(oneSide.status).toBe(400);
  });

  it("cancels a chat's answer through the cancel route, once", async () => {
    const chat = (await (await call("/chats", { method: "POST", token: alice.token, body: JSON.stringify({ title: "отмена" }) })).json()) as { id: string };
    // the answer is under way or waiting right after the post: either way it is cancelled and its stream ends so
    const posted = (await (await call(`/chats/${chat.id}/messages`, { method: "POST", token: alice.token, body: JSON.stringify({ content: "Какие перемычки на 2 этаже?", attached_document_ids: [documentId] }) })).json()) as { run_id: string };
    const cancel = await call(`/chats/${chat.id}/cancel`, { method: "POST", token: alice.token });
    expect(await cancel.json()).toEqual({ chat_id: chat.id, cancelled: true });
    const frames = framesOf(await (await call(`/chats/${chat.id}/stream`, { token: alice.token })).text());
    expect(frames.at(-1)).toMatchObject({ event: "error", data: { code: "OPERATION.CANCELLED" } });
    expect(posted.run_id).toBeTruthy();
    expect(await (await call(`/chats/${chat.id}/cancel`, { method: "POST", token: alice.token })).json()).toEqual({ chat_id: chat.id, cancelled: false });
  });
});
