import { describe, expect, it } from "vitest";
import { DomainError } from "../core/domain/errors.js";
import { AizoomdocClient, RemoteError, type AizoomdocClientOptions } from "./index.js";

const USER_ID = "7d0c9a4e-3f5b-4d2a-9a51-0f2c7a3b6e11";
const TIME = "2026-01-01T10:00:00.000Z";
const user = { id: USER_ID, username: "alice", status: "active", role: "user", created_at: TIME, last_seen_at: null };
const chat = { id: "c1", title: "Чат", description: null, user_id: USER_ID, is_archived: false, document_ids: [], created_at: TIME, updated_at: TIME };
const message = {
  id: "m1",
  chat_id: "c1",
  seq: 1,
  role: "user",
  content: "вопрос",
  message_type: "text",
  status: "complete",
  model: null,
  answer: null,
  error: null,
  attached_file_ids: [],
  attached_document_ids: [],
  compare_document_ids_a: [],
  compare_document_ids_b: [],
  images: [],
  created_at: TIME,
  run_id: "r1",
  queue_position: 3,
};

/** A JWT whose payload names the user (the client reads `sub`, the server verifies). */
const jwt = (n: number) => `h.${btoa(JSON.stringify({ sub: USER_ID, n })).replace(/=+$/, "")}.s`;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const wireError = (code: string, message: string) => ({ error: { code, message }, message });

type Handler = (request: { method: string; path: string; authorization: string | null }) => Response | Promise<Response>;

/** A client over a scripted server: each request goes to `handler`, in order, and is recorded. */
function scripted(handler: Handler, options: Partial<AizoomdocClientOptions> = {}) {
  const requests: Array<{ method: string; path: string; authorization: string | null }> = [];
  const waits: number[] = [];
  let tokens = 0;
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const request = { method: init?.method ?? "GET", path: url.pathname + url.search, authorization: new Headers(init?.headers).get("authorization") };
    requests.push(request);
    if (request.path === "/auth/exchange" || request.path === "/auth/refresh") {
      const answer = await handler(request);
      if (answer.status !== 200) return answer;
      tokens += 1;
      return json(200, { access_token: jwt(tokens), token_type: "bearer", expires_in: 600, user });
    }
    // as a real fetch: an abort rejects the call, whatever the server does
    const signal = init?.signal;
    return Promise.race([
      handler(request),
      new Promise<never>((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
    ]);
  }) as typeof globalThis.fetch;
  const client = new AizoomdocClient({
    baseUrl: "http://server.test",
    staticToken: "azd_static",
    fetch,
    retry: { minDelayMs: 1, maxDelayMs: 2 },
    wait: async (ms) => void waits.push(ms),
    ...options,
  });
  return { client, requests, waits };
}

const ok = () => json(200, {});
const calls = (requests: Array<{ method: string; path: string }>) => requests.map((r) => `${r.method} ${r.path}`);

describe("AizoomdocClient over a scripted server", () => {
  it("signs in once with the static token and sends the access token on every call", async () => {
    const { client, requests } = scripted(({ path }) => (path.startsWith("/auth") ? ok() : json(200, [chat])));
    expect(await client.listChats()).toEqual([expect.objectContaining({ id: "c1", ownerId: USER_ID, metadata: {} })]);
    await client.listChats({ limit: 5 });
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "GET /chats?limit=5"]);
    expect(requests[1]!.authorization).toBe(`Bearer ${jwt(1)}`);
  });

  it("asks for health without signing in", async () => {
    const { client, requests } = scripted(() => json(200, { status: "healthy", version: "1.2.3", service: "aizoomdoc-server" }));
    expect(await client.health()).toMatchObject({ version: "1.2.3" });
    expect(requests).toEqual([{ method: "GET", path: "/health", authorization: null }]);
  });

  it("refreshes a token close to its expiry before the call, and keeps the new one", async () => {
    let now = 0;
    const kept: string[] = [];
    const { client, requests } = scripted(({ path }) => (path.startsWith("/auth") ? ok() : json(200, [])), { now: () => now, onToken: (t) => kept.push(t.accessToken) });
    await client.listChats();
    now = 590_000; // 600 s tokens, refreshed within the last 60 s
    await client.listChats();
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "POST /auth/refresh", "GET /chats"]);
    expect(requests[2]!.authorization).toBe(`Bearer ${jwt(1)}`);
    expect(requests[3]!.authorization).toBe(`Bearer ${jwt(2)}`);
    expect(kept).toEqual([jwt(1), jwt(2)]);
  });

  it("on a 401 renews the token once and sends the call again; a second 401 is the caller's AUTH.UNAUTHORIZED", async () => {
    let refusals = 1;
    const { client, requests } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      return refusals-- > 0 ? json(401, wireError("AUTH.UNAUTHORIZED", "the token is not valid")) : json(200, []);
    });
    await client.listChats();
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "POST /auth/refresh", "GET /chats"]);

    refusals = 2;
    const error = await client.listChats().catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("AUTH.UNAUTHORIZED");
    expect(calls(requests).slice(4)).toEqual(["GET /chats", "POST /auth/refresh", "GET /chats"]);
  });

  it("signs in again with the static token when the refresh is refused", async () => {
    let refreshRefused = false;
    const { client, requests } = scripted(({ path }) => {
      if (path === "/auth/refresh" && refreshRefused) return json(401, wireError("AUTH.UNAUTHORIZED", "expired"));
      if (path.startsWith("/auth")) return ok();
      return requests.filter((r) => r.path === "/chats").length === 2 ? json(401, wireError("AUTH.UNAUTHORIZED", "revoked")) : json(200, []);
    });
    await client.listChats();
    refreshRefused = true;
    await client.listChats();
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "GET /chats", "POST /auth/refresh", "POST /auth/exchange", "GET /chats"]);
  });

  it("waits out Retry-After on 429 and sends even a non-idempotent post again (the server refused it before acting)", async () => {
    let full = 1;
    const { client, requests, waits } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      return full-- > 0 ? json(429, wireError("QUEUE.FULL", "the queue is full"), { "retry-after": "7" }) : json(201, message);
    });
    const posted = await client.postMessage("c1", { content: "вопрос" });
    expect(posted).toMatchObject({ runId: "r1", position: 3, message: { id: "m1", seq: 1, content: "вопрос" } });
    expect(waits).toEqual([7_000]);
    expect(calls(requests)).toEqual(["POST /auth/exchange", "POST /chats/c1/messages", "POST /chats/c1/messages"]);
  });

  it("gives a Retry-After longer than it waits to the caller, retryable and with the wait", async () => {
    const { client, waits } = scripted(({ path }) => (path.startsWith("/auth") ? ok() : json(503, wireError("STORAGE.UNAVAILABLE", "busy"), { "retry-after": "120" })));
    const error = await client.listChats().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: "STORAGE.UNAVAILABLE", status: 503, retryAfterMs: 120_000, isRetryable: true });
    expect(waits).toEqual([]);
  });

  it("tries an idempotent call again after a lost connection, but not a post that may have been acted on", async () => {
    let drops = 2;
    const { client, requests } = scripted(({ path, method }) => {
      if (path.startsWith("/auth")) return ok();
      if (drops-- > 0 || method === "POST") throw new TypeError("fetch failed");
      return json(200, [chat]);
    });
    expect(await client.listChats()).toHaveLength(1);
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "GET /chats", "GET /chats"]);
    const error = await client.createChat({ title: "x" }).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("SERVER.UNREACHABLE");
    expect(calls(requests).slice(4)).toEqual(["POST /chats"]);
  });

  it("takes a DELETE whose answer was lost as done when the next try finds it gone, but not a first-try 404", async () => {
    let deleted = false;
    const { client, requests } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      if (path === "/chats/c1" && !deleted) {
        deleted = true;
        throw new TypeError("fetch failed");
      }
      return json(404, wireError("CHAT.NOT_FOUND", "chat not found"));
    });
    await client.deleteChat("c1");
    expect(calls(requests)).toEqual(["POST /auth/exchange", "DELETE /chats/c1", "DELETE /chats/c1"]);
    expect(await client.deleteChat("c2").catch((e: unknown) => e)).toMatchObject({ code: "CHAT.NOT_FOUND", status: 404 });
  });

  it("does not try again what the server refused for good (a 503 of a missing Projects DB, a 404)", async () => {
    const { client, requests } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      return path.startsWith("/projects") ? json(503, wireError("PROJECTS.NOT_CONFIGURED", "no Projects DB")) : json(404, wireError("CHAT.NOT_FOUND", "chat c9 not found"));
    });
    const errors = [await client.projectTree().catch((e: unknown) => e), await client.getChat("c9").catch((e: unknown) => e)];
    expect(errors.map((e) => DomainError.isInstance(e) && e.code)).toEqual(["PROJECTS.NOT_CONFIGURED", "CHAT.NOT_FOUND"]);
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /projects/tree", "GET /chats/c9"]);
  });

  it("maps an answer outside the error shape by its status, and a body outside the schema to SERVER.UNREACHABLE", async () => {
    const { client } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      return path === "/files" ? new Response("<html>forbidden</html>", { status: 403 }) : json(200, [{ id: 1 }]);
    });
    expect(await client.listFiles().catch((e: unknown) => e)).toMatchObject({ code: "AUTH.FORBIDDEN", status: 403 });
    expect(await client.listChats().catch((e: unknown) => e)).toMatchObject({ code: "SERVER.UNREACHABLE", isRetryable: false });
  });

  it("stops a call when its signal aborts, with the signal's reason and without trying again", async () => {
    const controller = new AbortController();
    const reason = new DomainError("OPERATION.CANCELLED", "the user pressed Ctrl-C");
    const { client, requests } = scripted(({ path }) => {
      if (path.startsWith("/auth")) return ok();
      controller.abort(reason);
      throw new DOMException("aborted", "AbortError");
    });
    expect(await client.listChats({}, { signal: controller.signal }).catch((e: unknown) => e)).toBe(reason);
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats"]);
  });

  it("counts a server that never answers as a lost try, and tries a GET again", async () => {
    const { client, requests } = scripted(
      ({ path }) => (path.startsWith("/auth") ? ok() : new Promise<Response>(() => undefined)),
      { headersTimeoutMs: 20, retry: { retries: 1, minDelayMs: 1 } },
    );
    expect(await client.listChats().catch((e: unknown) => e)).toMatchObject({ code: "SERVER.UNREACHABLE", message: expect.stringContaining("no answer within 20 ms") });
    expect(calls(requests)).toEqual(["POST /auth/exchange", "GET /chats", "GET /chats"]);
  });

  it("reopens a run stream that falls silent, after the last event it got", async () => {
    const frame = (seq: number, event: string, data: unknown) => `id: r1:${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    const opened: Array<string | null> = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const path = new URL(String(input)).pathname;
      if (path === "/auth/exchange") return json(200, { access_token: jwt(1), token_type: "bearer", expires_in: 600, user });
      const after = new Headers(init?.headers).get("last-event-id");
      opened.push(after);
      const text = after
        ? frame(2, "completed", { message: "done", document_id: "d1" })
        : frame(1, "queue_position", { position: 0, estimated_wait_seconds: 0 });
      const signal = init?.signal;
      // the first connection sends one event and then nothing, without closing
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          if (after) controller.close();
          else signal?.addEventListener("abort", () => controller.error(signal.reason));
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
    }) as typeof globalThis.fetch;
    const client = new AizoomdocClient({ baseUrl: "http://server.test", staticToken: "azd_static", fetch, reconnect: { idleMs: 30, minDelayMs: 1 } });
    const events = [];
    for await (const event of client.runEvents("r1")) events.push(event);
    expect(events.map((e) => [e.seq, e.event.type])).toEqual([
      [1, "queue_position"],
      [2, "completed"],
    ]);
    expect(opened).toEqual([null, "r1:1"]);
  });

  it("refuses a negative event id before any request, as the in-process binding does", async () => {
    const { client, requests } = scripted(() => ok());
    const error = await (async () => {
      for await (const _ of client.runEvents("r1", { after: -1 })) return undefined;
    })().catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(requests).toEqual([]);
  });
});
