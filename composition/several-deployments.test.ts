import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { textReply } from "../adapters/gemini/testing/gemini-wire-replies.js";
import { GeminiWireServer } from "../adapters/gemini/testing/gemini-wire-server.js";
import { startTestPostgres, type TestPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";
import type { StoredStreamEvent } from "../core/ports/stream-event-store.js";
import { type Deployment, openDeployment } from "./deployment.js";

// Two deployments over one Postgres server, as two instances are: what one does, the other sees and can stop.
let server: TestPostgresServer;
let wire: GeminiWireServer;
let databaseUrl: string;
const dataDirs: string[] = [];
beforeAll(async () => {
  [server, wire] = await Promise.all([startTestPostgres(), GeminiWireServer.start()]);
  databaseUrl = await server.createDatabase();
});
afterAll(async () => {
  await Promise.all([server?.stop(), wire?.close()]);
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

async function instance(): Promise<Deployment> {
  const dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-instance-"));
  dataDirs.push(dataDir);
  return openDeployment({ dataDir, databaseUrl, model: { provider: "gemini", apiKey: "test-key", baseUrl: wire.url } });
}

it("stops an answer running on one instance when its cancel is posted to another, and the other's follower sees it end", async () => {
  // the answer's streamed call never answers: only a cancel ends the run
  wire.enqueue(
    () => textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false })),
    () => ({ kind: "hang" }),
  );
  const [a, b] = [await instance(), await instance()];
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    // only a works the queue, so the answer runs there
    await a.startWorkers();
    const chat = await a.forUser("alice").createChat({ title: "отмена с другого экземпляра" });
    const posted = await a.forUser("alice").postMessage(chat.id, { content: "Какие перемычки на 2 этаже?" });
    // each instance listens for the other's appends on a connection of its own
    const listening = await sql<{ count: number }[]>`select count(*)::int as count from pg_stat_activity where application_name = 'aizoomdoc-run-signals' and datname = current_database() and query ilike 'listen%'`;
    expect(listening[0]!.count).toBe(2);

    const followed: StoredStreamEvent[] = [];
    const following = (async () => {
      for await (const stored of b.forUser("alice").runEvents(posted.runId)) followed.push(stored);
    })();
    await expect.poll(() => wire.modelRequests.some((r) => r.action === "streamGenerateContent"), { timeout: 15_000, interval: 20 }).toBe(true);
    expect(followed.map((s) => s.event.type)).toContain("processing_started");

    const cancelledAt = Date.now();
    expect(await b.forUser("alice").cancelRun(chat.id)).toBe(true);
    await following;
    // a's claim check (every 2 s) sees the job cancelled and aborts its handler, which ends the run
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    expect(followed.at(-1)?.event).toMatchObject({ type: "error", error: { code: "OPERATION.CANCELLED" } });
    expect(followed.filter((s) => s.event.type === "completed" || s.event.type === "error")).toHaveLength(1);
    // the model call on a was aborted, not left to run
    await expect.poll(() => wire.modelRequests.find((r) => r.action === "streamGenerateContent")?.closedEarly, { timeout: 5_000 }).toBe(true);
    const messages = (await b.forUser("alice").getChat(chat.id)).messages;
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "error"],
    ]);
    const live = await sql<{ count: number }[]>`select count(*)::int as count from pgboss.job where state in ('created', 'retry', 'active')`;
    expect(live[0]!.count).toBe(0);
  } finally {
    await sql.end();
    await Promise.all([a.close(), b.close()]);
  }
});

it("shows a chat list's changes made on one instance in the list the other serves from memory, also across a lost connection", async () => {
  const [a, b] = [await instance(), await instance()];
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const titles = async () => (await a.forUser("bob").listChats()).map((chat) => chat.title);
  try {
    const first = await b.forUser("bob").createChat({ title: "Кровля" });
    expect(await titles()).toEqual(["Кровля"]);
    // a keeps bob's list now; b's changes reach it over the database's notifications
    const second = await b.forUser("bob").createChat({ title: "Фасады" });
    await expect.poll(titles, { timeout: 5_000, interval: 20 }).toEqual(["Фасады", "Кровля"]);
    await b.forUser("bob").renameChat(first.id, "Кровля, узлы");
    await expect.poll(titles, { timeout: 5_000, interval: 20 }).toEqual(["Кровля, узлы", "Фасады"]);
    await b.forUser("bob").deleteChat(second.id);
    await expect.poll(titles, { timeout: 5_000, interval: 20 }).toEqual(["Кровля, узлы"]);

    // the listening connections are cut: a lets go of what it kept and listens again, and b's next change still shows
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'aizoomdoc-run-signals' and datname = current_database()`;
    await b.forUser("bob").createChat({ title: "Лестницы" });
    await expect.poll(titles, { timeout: 10_000, interval: 50 }).toEqual(["Лестницы", "Кровля, узлы"]);
    await expect.poll(async () => (await sql`select 1 from pg_stat_activity where application_name = 'aizoomdoc-run-signals' and datname = current_database() and query ilike 'listen%'`).length, { timeout: 10_000 }).toBe(2);
    await b.forUser("bob").renameChat(first.id, "Кровля, примыкания");
    await expect.poll(titles, { timeout: 5_000, interval: 20 }).toEqual(["Кровля, примыкания", "Лестницы"]);
  } finally {
    await sql.end();
    await Promise.all([a.close(), b.close()]);
  }
});
