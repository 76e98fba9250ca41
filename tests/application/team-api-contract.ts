import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TeamApi } from "../../core/application/aizoomdoc-api.js";
import { DomainError, type ErrorCode } from "../../core/domain/errors.js";
import type { StoredStreamEvent } from "../../core/ports/stream-event-store.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";

export interface TeamApiSubject {
  api: TeamApi;
  /** A chat of another user of the same deployment: to this caller it does not exist. */
  othersChatId: string;
}

/** What each step of the suite returned, ids and times replaced, so the bindings' transcripts can be compared. */
export type Transcript = Map<string, unknown>;

/** UUIDs and the evidence images' content ids (`img-` and hex). */
const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|img-[0-9a-f]{16,}/gi;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

/**
 * Keys that differ between any two runs: how long a step took, a page's cursor (a message `seq`, see below), and a
 * question's key (the client library makes one up for every post; the suite checks keys by what they do).
 */
const VARYING = new Set(["timings_ms", "nextBefore", "clientMessageId"]);

/**
 * A value with its ids numbered by first appearance (so equal ids stay equal) and its times blanked; `url` is left
 * out (the server's signed image links exist only over HTTP), and so are timings. A message's `seq` counts across
 * the store, so only its order matters (the suite checks the cursors by what they page to).
 */
export function normalized(value: unknown, ids = new Map<string, string>()): unknown {
  if (typeof value === "string") {
    if (TIME.test(value)) return "<time>";
    return value.replace(ID, (id) => {
      if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), `<id${ids.size + 1}>`);
      return ids.get(id.toLowerCase())!;
    });
  }
  if (Array.isArray(value)) return value.map((item) => normalized(item, ids));
  if (value && typeof value === "object") {
    const isMessage = "chatId" in value && "seq" in value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => key !== "url" && !VARYING.has(key) && !(isMessage && key === "seq") && item !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, normalized(item, ids)]),
    );
  }
  return value;
}

/** The code of the `DomainError` a call throws (anything else fails the test). */
async function codeOf(call: () => Promise<unknown>): Promise<ErrorCode> {
  try {
    await call();
  } catch (error) {
    if (DomainError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Events without their image links: a signed link is made (with its expiry) each time an event is sent. */
const withoutLinks = (events: StoredStreamEvent[]) => events.map(({ seq, event }) => ({ seq, event: event.type === "image_ready" ? { ...event, url: undefined } : event }));

async function collect(events: AsyncIterable<StoredStreamEvent>): Promise<StoredStreamEvent[]> {
  const all: StoredStreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const source = (bytes: Uint8Array, filename: string, declaredType?: string) => ({
  filename,
  ...(declaredType ? { declaredType } : {}),
  read: async function* () {
    yield bytes;
  },
});

/**
 * The contract of `TeamApi` (DESIGN §2): what every binding must do, in-process and over HTTP alike. The steps run in
 * order on one user's fresh data and write what they saw to `transcript`, for a comparison across bindings.
 */
export function teamApiContract(name: string, subject: () => TeamApiSubject, transcript: Transcript): void {
  describe(`TeamApi contract: ${name}`, () => {
    const state: { documentId?: string; fileId?: string; chatId?: string; runId?: string; events?: StoredStreamEvent[] } = {};
    const record = (step: string, value: unknown) => transcript.set(step, normalized(value));

    it("keeps settings: defaults, a patch applied and returned, bad values refused", async () => {
      const { api } = subject();
      const before = await api.getSettings();
      expect(before).toMatchObject({ modelProfile: "simple", modelKey: null });
      const after = await api.updateSettings({ modelProfile: "complex", temperature: 0.3, thinkingEnabled: false });
      expect(after).toMatchObject({ modelProfile: "complex", temperature: 0.3, thinkingEnabled: false });
      expect(await api.getSettings()).toEqual(after);
      const reset = await api.updateSettings({ temperature: null });
      expect(reset.temperature).toBeUndefined();
      const errors = [await codeOf(() => api.updateSettings({ temperature: 7 })), await codeOf(() => api.updateSettings({ role: "no-such-role" }))];
      expect(errors).toEqual(["VALIDATION.INVALID_INPUT", "VALIDATION.INVALID_INPUT"]);
      record("settings", { before, after, reset, errors });
    });

    it("lists the built-in roles", async () => {
      const roles = await subject().api.listRoles();
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((role) => role.builtIn && role.name.length > 0)).toBe(true);
      record("roles", roles);
    });

    it("takes a PDF upload, ingests it on a run whose events end with the document, and knows the same bytes again", async () => {
      const { api } = subject();
      const { pdf } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "team-api" });
      const uploaded = await api.uploadFile(source(pdf, "АР этаж 2.pdf", "application/pdf"));
      expect(uploaded.file).toMatchObject({ filename: "АР этаж 2.pdf", mimeType: "application/pdf", sizeBytes: pdf.byteLength, sourceType: "user_upload" });
      expect(uploaded.runId).toBeTruthy();
      const events = await collect(api.runEvents(uploaded.runId!));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const last = events.at(-1)!.event;
      expect(last.type).toBe("completed");
      state.documentId = last.type === "completed" && !last.answer ? last.document_id : undefined;
      expect(state.documentId).toBeTruthy();
      state.fileId = uploaded.file.id;

      const again = await api.uploadFile(source(pdf, "копия.pdf"));
      expect(again.file.id).toBe(uploaded.file.id);
      expect(again.documentId).toBe(state.documentId);

      const listed = await api.listFiles();
      expect(listed.map((f) => f.id)).toContain(uploaded.file.id);
      const got = await api.getFile(uploaded.file.id);
      expect(got).toEqual(listed.find((f) => f.id === uploaded.file.id));
      const refused = [
        await codeOf(() => api.uploadFile(source(new TextEncoder().encode("not a pdf at all"), "fake.pdf", "application/pdf"))),
        await codeOf(() => api.getFile(randomUUID())),
      ];
      expect(refused).toEqual(["DOCUMENT.UNSUPPORTED_FORMAT", "STORAGE.NOT_FOUND"]);
      record("upload", { uploaded, events, again, got, refused });
    });

    it("creates, lists, renames and reads chats, and refuses bad titles and unknown chats", async () => {
      const { api, othersChatId } = subject();
      const first = await api.createChat({ title: "Перемычки", documentIds: [state.documentId!] });
      const second = await api.createChat();
      const blank = await api.createChat({ title: "   " });
      expect(blank.title).toBe("Новый чат");
      await api.deleteChat(blank.id);
      expect(first).toMatchObject({ title: "Перемычки", documentIds: [state.documentId], isArchived: false });
      expect(second.title).toBe("Новый чат");
      const listed = await api.listChats();
      expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining([first.id, second.id]));
      const renamed = await api.renameChat(first.id, "Перемычки 2 этажа");
      expect(renamed.title).toBe("Перемычки 2 этажа");
      const detail = await api.getChat(first.id);
      expect(detail.chat).toEqual(renamed);
      expect(detail.messages).toEqual([]);
      const errors = [
        await codeOf(() => api.createChat({ title: "т".repeat(501) })),
        await codeOf(() => api.getChat(randomUUID())),
        await codeOf(() => api.renameChat(othersChatId, "чужой")),
        await codeOf(() => api.listMessages(othersChatId)),
        await codeOf(() => api.postMessage(othersChatId, { content: "вопрос" })),
      ];
      expect(errors).toEqual(["VALIDATION.INVALID_INPUT", "CHAT.NOT_FOUND", "CHAT.NOT_FOUND", "CHAT.NOT_FOUND", "CHAT.NOT_FOUND"]);
      state.chatId = first.id;
      await api.deleteChat(second.id);
      expect((await api.listChats()).map((c) => c.id)).not.toContain(second.id);
      expect(await codeOf(() => api.getChat(second.id))).toBe("CHAT.NOT_FOUND");
      record("chats", { first, second, renamed, detail, errors });
    });

    it("posts a question that returns at once and answers it on a run read to its end", async () => {
      const { api } = subject();
      const posted = await api.postMessage(state.chatId!, { content: "Какие перемычки на 2 этаже?", documentIds: [state.documentId!] });
      expect(posted.message).toMatchObject({ role: "user", content: "Какие перемычки на 2 этаже?", attachedDocumentIds: [state.documentId] });
      expect(posted.position).toBeGreaterThanOrEqual(0);
      const events = await collect(api.runEvents(posted.runId));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[0]!.event.type).toBe("queue_position");
      expect(events.at(-1)!.event.type).toBe("completed");
      expect(events.filter((e) => e.event.type === "image_ready").length).toBeGreaterThan(0);
      state.runId = posted.runId;
      state.events = events;
      const page = await api.listMessages(state.chatId!);
      expect(page.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      expect(page.messages[1]!.status).toBe("complete");
      // pages go back from the newest: one message, then the one before it, then none
      const newest = await api.listMessages(state.chatId!, { limit: 1 });
      expect(newest.messages.map((m) => m.id)).toEqual([page.messages[1]!.id]);
      const older = await api.listMessages(state.chatId!, { limit: 1, before: newest.nextBefore! });
      expect(older.messages.map((m) => m.id)).toEqual([page.messages[0]!.id]);
      expect(older.nextBefore).toBeUndefined();
      const detail = await api.getChat(state.chatId!);
      expect(detail.messages).toEqual(page.messages);
      // the same question posted again with its key (a retry after a lost reply) is the one stored before, with its run
      const keyed = { content: "Сколько перемычек ПР-1?", documentIds: [state.documentId!], clientMessageId: `contract-${randomUUID()}` };
      const once = await api.postMessage(state.chatId!, keyed);
      const twice = await api.postMessage(state.chatId!, keyed);
      expect(twice).toEqual(once);
      expect(once.message.runId).toBe(once.runId);
      await collect(api.runEvents(once.runId));
      expect((await api.listMessages(state.chatId!)).messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      const refused = [await codeOf(() => api.postMessage(state.chatId!, { content: "   " })), await codeOf(() => api.cancelRun(randomUUID()))];
      expect(refused).toEqual(["VALIDATION.INVALID_INPUT", "CHAT.NOT_FOUND"]);
      expect(await api.cancelRun(state.chatId!)).toBe(false);
      record("answer", { posted, events, page, newest, older, detail, refused, keyed: { once, twice } });
    });

    it("posts a question in compare mode: the message keeps its two sides, one-sided is refused", async () => {
      const { api } = subject();
      const chat = await api.createChat({ title: "сравнение" });
      const compare = { a: [state.documentId!], b: [state.documentId!] };
      const posted = await api.postMessage(chat.id, { content: "Сравни перемычки", compare });
      expect(posted.message.compare).toEqual(compare);
      const events = await collect(api.runEvents(posted.runId));
      expect(["completed", "error"]).toContain(events.at(-1)!.event.type);
      const history = await api.listMessages(chat.id);
      expect(history.messages[0]!.compare).toEqual(compare);
      const refused = await codeOf(() => api.postMessage(chat.id, { content: "Сравни", compare: { a: [state.documentId!], b: [] } }));
      expect(refused).toBe("VALIDATION.INVALID_INPUT");
      await api.deleteChat(chat.id);
      record("compare", { posted, last: events.at(-1), history, refused });
    });

    it("resumes a run after an event id exactly, and after its last event gives nothing", async () => {
      const { api } = subject();
      const events = state.events!;
      const resumed = await collect(api.runEvents(state.runId!, { after: 2 }));
      expect(withoutLinks(resumed)).toEqual(withoutLinks(events.slice(2)));
      expect(await collect(api.runEvents(state.runId!, { after: events.at(-1)!.seq }))).toEqual([]);
      const errors = [await codeOf(() => collect(api.runEvents(randomUUID()))), await codeOf(() => collect(api.runEvents(state.runId!, { after: -1 })))];
      expect(errors).toEqual(["CHAT.NOT_FOUND", "VALIDATION.INVALID_INPUT"]);
      record("resume", { count: resumed.length, errors });
    });

    it("stops reading a run when the caller aborts", async () => {
      const controller = new AbortController();
      const read: StoredStreamEvent[] = [];
      const reading = (async () => {
        for await (const event of subject().api.runEvents(state.runId!, { signal: controller.signal })) {
          read.push(event);
          controller.abort(new DomainError("OPERATION.CANCELLED", "enough"));
        }
      })();
      expect(await codeOf(() => reading)).toBe("OPERATION.CANCELLED");
      expect(read).toHaveLength(1);
    });

    it("deletes a file and a chat for good", async () => {
      const { api } = subject();
      await api.deleteFile(state.fileId!);
      await api.deleteChat(state.chatId!);
      const errors = [await codeOf(() => api.getFile(state.fileId!)), await codeOf(() => api.getChat(state.chatId!)), await codeOf(() => api.deleteChat(state.chatId!))];
      expect(errors).toEqual(["STORAGE.NOT_FOUND", "CHAT.NOT_FOUND", "CHAT.NOT_FOUND"]);
      record("deleted", errors);
    });

    it("answers PROJECTS.NOT_CONFIGURED without a Projects DB", async () => {
      const { api } = subject();
      const errors = [await codeOf(() => api.projectTree()), await codeOf(() => api.projectSearch("АР")), await codeOf(() => api.projectDocumentResults(randomUUID()))];
      expect(errors).toEqual(["PROJECTS.NOT_CONFIGURED", "PROJECTS.NOT_CONFIGURED", "PROJECTS.NOT_CONFIGURED"]);
      record("projects", errors);
    });
  });
}
