import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../adapters/local/testing/pglite-template.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";
import type { StreamEvent } from "../core/domain/stream-event.js";
import { LOCAL_USER_ID, openDeployment, openLocalApplication } from "./deployment.js";

const codeOf = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: { code?: string }) => error.code);

describe("openDeployment: one process, many callers", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-deployment-"));
    await seedLocalDataDir(dataDir);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("gives each user an application that sees only their own documents, chats, images and settings", async () => {
    const deployment = await openDeployment({ dataDir });
    try {
      const alice = deployment.forUser("alice");
      const bob = deployment.forUser("bob");
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "isolation" });
      const document = await alice.addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" });

      expect((await alice.listDocuments()).map((d) => d.id)).toEqual([document.id]);
      expect(await bob.listDocuments()).toEqual([]);
      expect(await codeOf(bob.getDocument(document.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await codeOf(bob.getBlocks(document.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await bob.search("перемычки", { limit: 5 })).toEqual([]);

      const drawing = (await alice.getBlocks(document.id, { kind: "IMAGE" }))[0]!;
      const { image } = await alice.render({ documentId: document.id, blockId: drawing.id });
      expect(await codeOf(bob.getEvidenceImage(image.id))).toBe("STORAGE.NOT_FOUND");
      expect(await codeOf(bob.render({ documentId: document.id, blockId: drawing.id }))).toBe("DOCUMENT.NOT_FOUND");

      // a chat of Alice's cannot be continued by Bob
      const events: StreamEvent[] = [];
      for await (const event of alice.ask({ question: "Какие перемычки на 2 этаже?", documentIds: [document.id] })) events.push(event);
      const chatId = (events.find((e) => e.type === "processing_started") as { chat_id?: string } | undefined)?.chat_id;
      expect(chatId).toBeTruthy();
      const stolen: StreamEvent[] = [];
      for await (const event of bob.ask({ question: "а на 3 этаже?", documentIds: [], chatId: chatId! })) stolen.push(event);
      expect(stolen.at(-1)).toMatchObject({ type: "error", error: { code: "CHAT.NOT_FOUND" } });

      await alice.updateSettings({ modelProfile: "complex", role: "economist" });
      expect((await bob.getSettings()).modelProfile).toBe("simple");
      await alice.saveRole({ name: "Технадзор", content: "Проверяй соответствие СП." });
      expect((await bob.listRoles()).map((r) => r.name)).not.toContain("Технадзор");
    } finally {
      await deployment.close();
    }
  });

  it("answers a posted question off the caller: the run's stored events stream live, and a resume gets exactly the rest", async () => {
    const deployment = await openDeployment({ dataDir });
    try {
      const alice = deployment.forUser("alice");
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "posted" });
      const document = await alice.addDocument({ name: "АР-2.pdf", bytes: pdf }, { ocr: "never" });
      const chat = await alice.createChat({ title: "вопросы", documentIds: [document.id] });
      const posted = await alice.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?" });
      expect(posted.message).toMatchObject({ role: "user", content: "Какие перемычки на 2 этаже?", chatId: chat.id });
      expect(await alice.latestRun(chat.id)).toBe(posted.runId);

      const all: Array<{ seq: number; type: string }> = [];
      for await (const { seq, event } of alice.runEvents(posted.runId)) all.push({ seq, type: event.type });
      expect(all[0]).toEqual({ seq: 1, type: "queue_position" });
      expect(all.at(-1)?.type).toBe("completed");
      expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));

      const resumed: number[] = [];
      for await (const { seq } of alice.runEvents(posted.runId, { after: 3 })) resumed.push(seq);
      expect(resumed).toEqual(all.slice(3).map((e) => e.seq));
      // after the last event there is nothing more, at once
      expect(await Array.fromAsync(alice.runEvents(posted.runId, { after: all.length }))).toEqual([]);

      const history = await alice.getChat(chat.id);
      expect(history.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      // another user can neither read the run nor post to the chat
      const bob = deployment.forUser("bob");
      expect(await codeOf(Array.fromAsync(bob.runEvents(posted.runId)))).toBe("CHAT.NOT_FOUND");
      expect(await codeOf(bob.postMessage(chat.id, { content: "чужой вопрос" }))).toBe("CHAT.NOT_FOUND");
      expect(await codeOf(alice.postMessage(chat.id, { content: "  " }))).toBe("VALIDATION.INVALID_INPUT");
    } finally {
      await deployment.close();
    }
  });

  it("keeps questions that wait across a restart: the next start answers each once, and nothing is lost", async () => {
    const answers = { concurrency: 1 };
    const first = await openDeployment({ dataDir, answers });
    const posted: Array<{ user: string; chatId: string; runId: string }> = [];
    try {
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "restart" });
      const chats = [];
      for (const user of ["alice", "bob", "carol"]) {
        const app = first.forUser(user);
        const document = await app.addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" });
        chats.push({ user, app, chat: await app.createChat({ title: "до перезапуска", documentIds: [document.id] }) });
      }
      // the three questions in a row, then the stop at once
      for (const { user, app, chat } of chats) posted.push({ user, chatId: chat.id, ...(await app.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?" })) });
    } finally {
      await first.close();
    }
    const again = await openDeployment({ dataDir, answers });
    try {
      // one worker could not have answered three questions before the stop: some waited through the restart
      const unanswered = [];
      for (const run of posted) if (!(await again.forUser(run.user).getChat(run.chatId)).messages.some((m) => m.role === "assistant")) unanswered.push(run);
      expect(unanswered.length).toBeGreaterThan(0);
      await again.startWorkers();
      for (const { user, chatId, runId } of posted) {
        const types = (await Array.fromAsync(again.forUser(user).runEvents(runId))).map((e) => e.event.type);
        expect(types.filter((t) => t === "completed" || t === "error")).toEqual(["completed"]);
        expect((await again.forUser(user).getChat(chatId)).messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      }
    } finally {
      await again.close();
    }
  });

  it("deletes a chat durably: its rows at once, its images' bytes by a job that also runs after a restart", async () => {
    const answers = { concurrency: 1 };
    const first = await openDeployment({ dataDir, answers });
    let imageIds: string[] = [];
    let chatId = "";
    try {
      const alice = first.forUser("alice");
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "delete" });
      const document = await alice.addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" });
      const chat = await alice.createChat({ title: "удалить", documentIds: [document.id] });
      chatId = chat.id;
      const posted = await alice.postMessage(chat.id, { content: "Какие перемычки на 2 этаже?" });
      await Array.fromAsync(alice.runEvents(posted.runId));
      imageIds = (await alice.listChatImages(chat.id)).map((image) => image.id);
      expect(imageIds.length).toBeGreaterThan(0);
      expect((await alice.getEvidenceImage(imageIds[0]!)).bytes.length).toBeGreaterThan(0);
      // bob's questions keep the one worker busy, so the deletion may well wait through the restart
      const bob = first.forUser("bob");
      const bobs = await bob.createChat({ title: "занят", documentIds: [] });
      await bob.postMessage(bobs.id, { content: "Какие перемычки?" });
      expect(await codeOf(bob.deleteChat(chat.id))).toBe("CHAT.NOT_FOUND");
      await alice.deleteChat(chat.id);
      expect(await codeOf(alice.getChat(chat.id))).toBe("CHAT.NOT_FOUND");
    } finally {
      await first.close();
    }
    const again = await openDeployment({ dataDir, answers });
    try {
      const alice = again.forUser("alice");
      expect(await codeOf(alice.getChat(chatId))).toBe("CHAT.NOT_FOUND");
      await again.startWorkers();
      const gone = async () => (await Promise.all(imageIds.map((id) => codeOf(alice.getEvidenceImage(id))))).every((code) => code === "STORAGE.NOT_FOUND");
      for (const deadline = Date.now() + 15_000; !(await gone()) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await gone()).toBe(true);
    } finally {
      await again.close();
    }
  });

  it("cancels a question that waits: it never starts, and its stream and chat say so", async () => {
    const deployment = await openDeployment({ dataDir, answers: { concurrency: 1 } });
    try {
      const alice = deployment.forUser("alice");
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "cancel" });
      const document = await alice.addDocument({ name: "АР.pdf", bytes: pdf }, { ocr: "never" });
      const [kept, dropped] = [await alice.createChat({ title: "ждёт ответа" }), await alice.createChat({ title: "отменён" })];
      const first = await alice.postMessage(kept.id, { content: "Какие перемычки на 2 этаже?", documentIds: [document.id] });
      const second = await alice.postMessage(dropped.id, { content: "Какие перемычки на 2 этаже?", documentIds: [document.id] });
      expect(await codeOf(deployment.forUser("bob").cancelRun(dropped.id))).toBe("CHAT.NOT_FOUND");
      expect(await alice.cancelRun(dropped.id)).toBe(true);
      const cancelled = (await Array.fromAsync(alice.runEvents(second.runId))).map((e) => e.event);
      expect(cancelled.map((e) => e.type)).toEqual(["queue_position", "error"]);
      expect(cancelled[1]).toMatchObject({ error: { code: "OPERATION.CANCELLED" } });
      expect((await alice.getChat(dropped.id)).messages.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "error"]]);
      expect((await Array.fromAsync(alice.runEvents(first.runId))).at(-1)?.event.type).toBe("completed");
      // an answered question has nothing left to cancel
      expect(await alice.cancelRun(kept.id)).toBe(false);
    } finally {
      await deployment.close();
    }
  });

  it("takes back a question the full queue refused, so a retry stores it once", async () => {
    const deployment = await openDeployment({ dataDir, answers: { concurrency: 1, queueSize: 1 } });
    try {
      const alice = deployment.forUser("alice");
      const outcomes: Array<{ chatId: string; code: string }> = [];
      for (const title of ["первый", "второй", "третий"]) {
        const chat = await alice.createChat({ title });
        outcomes.push({ chatId: chat.id, code: String(await codeOf(alice.postMessage(chat.id, { content: "Какие перемычки?" }))) });
      }
      const refused = outcomes.filter((o) => o.code === "QUEUE.FULL");
      expect(refused.length).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.code === "resolved").length).toBeGreaterThan(0);
      for (const { chatId, code } of outcomes) {
        const { messages } = await alice.getChat(chatId);
        expect(messages.filter((m) => m.role === "user").length).toBe(code === "resolved" ? 1 : 0);
      }
    } finally {
      await deployment.close();
    }
  });

  it("manages the deployment's users and signs them in over its own database, across restarts", async () => {
    const first = await openDeployment({ dataDir });
    let issued: Awaited<ReturnType<typeof first.admin.addUser>>;
    try {
      issued = await first.admin.addUser("Мария", { admin: true });
      expect((await first.signIn.signIn(issued.token)).id).toBe(issued.user.id);
      // the signed-in user's application is theirs alone
      await first.forUser(issued.user.id).updateSettings({ modelProfile: "complex" });
      expect((await first.forUser(LOCAL_USER_ID).getSettings()).modelProfile).toBe("simple");
    } finally {
      await first.close();
    }
    const again = await openDeployment({ dataDir });
    try {
      expect((await again.signIn.currentUser(issued.user.id)).role).toBe("admin");
      const rotated = await again.admin.rotateToken("мария");
      expect(await codeOf(again.signIn.signIn(issued.token))).toBe("AUTH.UNAUTHORIZED");
      await again.admin.removeUser("МАРИЯ");
      expect(await codeOf(again.signIn.signIn(rotated.token))).toBe("AUTH.UNAUTHORIZED");
      expect((await again.forUser(issued.user.id).getSettings()).modelProfile).toBe("simple");
    } finally {
      await again.close();
    }
  });

  it("closes every adapter: the embedded database's lock is released and the same data opens again", async () => {
    const first = await openLocalApplication({ dataDir });
    // the embedded store is one process's at a time: a second opener is told who holds it
    expect(await codeOf(openDeployment({ dataDir }))).toBe("STORAGE.LOCKED");
    await first.close();
    const again = await openDeployment({ dataDir });
    try {
      expect((await again.forUser(LOCAL_USER_ID).getSettings()).modelProfile).toBe("simple");
    } finally {
      await again.close();
    }
  });

  it("refuses a bad configuration before opening anything, naming every bad field", async () => {
    const refused = await openDeployment({ dataDir, databaseUrl: "mysql://db", secretKey: "short" } as never).catch((error: { code: string; message: string }) => error);
    expect(refused).toMatchObject({ code: "CONFIGURATION.INVALID" });
    expect((refused as { message: string }).message).toMatch(/databaseUrl.*secretKey|secretKey.*databaseUrl/);
    // nothing was left open: the data opens at once
    const deployment = await openDeployment({ dataDir });
    await deployment.close();
  });
});
