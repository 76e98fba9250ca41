import { InMemoryPromptLibrary } from "../../core/ports/testing/in-memory-prompt-library.js";
import { beforeAll, describe, expect, it } from "vitest";
import { AgentWorld, type IngestedSet, OWNER, collectEvents } from "../agent/agent-harness.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { InMemoryBlockIndex } from "../../core/ports/testing/in-memory-block-index.js";
import { InMemoryChatStore } from "../../core/ports/testing/in-memory-chat-store.js";
import { InMemoryEvidenceImageStore } from "../../core/ports/testing/in-memory-evidence-image-store.js";
import { InMemoryStreamEventStore } from "../../core/ports/testing/in-memory-stream-event-store.js";
import { InMemoryUserStore } from "../../core/ports/testing/in-memory-user-store.js";
import { InMemoryRolePromptStore } from "../../core/ports/testing/in-memory-role-prompt-store.js";
import { SettingsService } from "../../core/application/settings-service.js";
import { SecretBox } from "../../core/domain/secret-box.js";
import { ScriptedLanguageModel } from "../../core/ports/testing/scripted-language-model.js";
import { AskService } from "../../core/application/ask-service.js";
import { BlockIndexService } from "../../core/application/block-index-service.js";
import type { ChatRecordingStores } from "../../core/application/chat-run-recorder.js";

let world: AgentWorld;
let set: IngestedSet;
beforeAll(async () => {
  world = new AgentWorld();
  set = await world.ingest("set.pdf", { sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: 5 });
});

function stores(): ChatRecordingStores {
  const chats = new InMemoryChatStore();
  return { chats, images: new InMemoryEvidenceImageStore(chats), events: new InMemoryStreamEventStore(chats) };
}

const intent = { object: { intent_type: "general_analysis", requires_visual_detail: false } };
const started = (events: StreamEvent[]) => events.find((e): e is Extract<StreamEvent, { type: "processing_started" }> => e.type === "processing_started")!;

describe("AskService records every run as a chat", () => {
  it("stores the question, then the whole answer with usage and timings, and the run's events numbered 1, 2, 3…", async () => {
    const recording = stores();
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "Три марки перемычек.", issues: ["нет узла"], recommendations: ["уточнить"] }, usage: { inputTokens: 1200, outputTokens: 80 } }]);
    const service = new AskService({ ...world.deps(model), chats: recording });
    const events = await collectEvents(service.ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));
    expect(events.at(-1)!.type).toBe("completed");
    const { chat_id: chatId, run_id: runId } = started(events);
    expect(events[0]).toEqual({ type: "processing_started", chat_id: chatId, run_id: runId });

    const { messages } = await recording.chats.listMessages(OWNER, chatId!);
    expect(messages.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "complete"]]);
    expect(messages[0]).toMatchObject({ content: "Какие перемычки?", attachedDocumentIds: [set.document.id] });
    const answer = messages[1]!.answer!;
    expect(messages[1]!.content).toBe("Три марки перемычек.");
    expect(messages[1]!.model).toBe("scripted-fast");
    expect(answer).toMatchObject({ mode: "llm", issues: ["нет узла"], recommendations: ["уточнить"] });
    // the intent call's estimated usage plus the answer's stated usage
    expect(answer.usage!.calls).toBe(2);
    expect(answer.usage!.input_tokens).toBeGreaterThan(1200);
    expect(answer.usage!.output_tokens).toBeGreaterThan(80);
    expect(Object.keys(answer.timings_ms ?? {})).toContain("total");

    const logged = await recording.events.listAfter(OWNER, runId!, 0);
    expect(logged.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(logged.map((e) => e.event)).toEqual(events);
    expect(await recording.events.listAfter(OWNER, runId!, logged.length - 1)).toEqual([logged.at(-1)]);
  });

  it("links the evidence images a run showed to its assistant message (evidence-only mode)", async () => {
    const recording = stores();
    const service = new AskService({ ...world.deps(), chats: recording });
    const events = await collectEvents(service.ask({ question: "Какие перемычки на 2 этаже?", documentIds: [set.document.id] }));
    const shown = events.filter((e): e is Extract<StreamEvent, { type: "image_ready" }> => e.type === "image_ready");
    expect(shown.length).toBeGreaterThan(0);
    const chatId = started(events).chat_id!;
    const { messages } = await recording.chats.listMessages(OWNER, chatId);
    expect(messages[1]).toMatchObject({ role: "assistant", status: "complete", messageType: "evidence_only" });
    const linked = await recording.images.listImages(OWNER, { chatId, messageId: messages[1]!.id });
    expect(linked.map((i) => [i.id, i.kind, i.page])).toEqual(shown.map((e) => [e.image_id, e.kind, e.page]));
    expect(linked.every((i) => i.mimeType === "image/png" && i.width > 0)).toBe(true);
  });

  it("keeps the question and the partial answer when the model fails mid-stream", async () => {
    const recording = stores();
    const text = JSON.stringify({ answer_markdown: "На 2 этаже применены перемычки ПР-1 и ПР-2, а также" });
    const model = new ScriptedLanguageModel([intent, { error: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), text, afterChunks: 4 }]);
    const service = new AskService({ ...world.deps(model), chats: recording });
    const events = await collectEvents(service.ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));
    const failure = events.at(-1)!;
    expect(failure).toMatchObject({ type: "error", partial_answer: expect.stringContaining("На 2 этаже") });
    const { messages } = await recording.chats.listMessages(OWNER, started(events).chat_id!);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1]).toMatchObject({ status: "partial", content: (failure as { partial_answer: string }).partial_answer, error: { code: expect.any(String) } });
    expect(messages[1]!.answer).toBeUndefined();
  });

  it("records an abandoned run as partial, and a failing event store ends the run with an error but keeps the chat", async () => {
    const recording = stores();
    const service = new AskService({ ...world.deps(), chats: recording });
    let chatId: string | undefined;
    for await (const event of service.ask({ question: "Какие перемычки?", documentIds: [set.document.id] })) {
      if (event.type === "processing_started") chatId = event.chat_id;
      if (event.type === "phase_started") break;
    }
    const abandoned = await recording.chats.listMessages(OWNER, chatId!);
    expect(abandoned.messages[1]).toMatchObject({ role: "assistant", status: "error", error: { code: "OPERATION.CANCELLED" } });

    const broken = stores();
    let appends = 0;
    const append = broken.events.append.bind(broken.events);
    broken.events.append = async (...args) => {
      if (++appends === 3) throw new Error("disk full");
      return append(...args);
    };
    const events = await collectEvents(new AskService({ ...world.deps(), chats: broken }).ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));
    expect(events.at(-1)).toMatchObject({ type: "error", error: { code: "INTERNAL", message: "disk full" } });
    const { messages } = await broken.chats.listMessages(OWNER, started(events).chat_id!);
    expect(messages.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "error"]]);
  });

  it("writes tokens behind the stream, in order, and a failed token write still ends the run with an error", async () => {
    const broken = stores();
    const append = broken.events.append.bind(broken.events);
    broken.events.append = async (owner, run, event, options) => {
      if (event.type === "llm_token") throw new Error("log unavailable");
      return append(owner, run, event, options);
    };
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "Три марки перемычек ПР-1, ПР-2, ПР-3." }, chunkSize: 8 }]);
    const events = await collectEvents(new AskService({ ...world.deps(model), chats: broken }).ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));
    expect(events.filter((e) => e.type === "llm_token").length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { message: "log unavailable" } });
    expect(events.some((e) => e.type === "completed")).toBe(false);
    const { messages } = await broken.chats.listMessages(OWNER, started(events).chat_id!);
    expect(messages.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "partial"]]);
  });

  it("gives the complex profile's collector the chat's previous question too", async () => {
    const recording = stores();
    const collector = { object: { selected_block_ids: [] } };
    const model = new ScriptedLanguageModel([intent, collector, { object: { answer_markdown: "ok" } }, intent, collector, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), chats: recording, settings: { profile: "complex" } });
    const first = await collectEvents(service.ask({ question: "Сколько перемычек ПР-1?", documentIds: [set.document.id] }));
    await collectEvents(service.ask({ question: "А на 3 этаже?", documentIds: [], chatId: started(first).chat_id! }));
    expect(model.calls.map((c) => c.tier)).toEqual(["fast", "fast", "strong", "fast", "fast", "strong"]);
    expect(model.calls[1]!.messages[0]!.text).not.toContain("previous question");
    const followUp = model.calls[4]!.messages[0]!.text;
    expect(followUp).toContain("previous question of this chat (context only)⟧\nСколько перемычек ПР-1?");
    expect(followUp.indexOf("previous question")).toBeLessThan(followUp.indexOf("QUESTION:\nА на 3 этаже?"));
  });

  it("continues a chat: the earlier question and answer reach the model as history", async () => {
    const recording = stores();
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ПР-1 — 4 шт., ПР-2 — 6 шт." } }, intent, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), chats: recording });
    const first = await collectEvents(service.ask({ question: "Сколько перемычек ПР-1?", documentIds: [set.document.id] }));
    const chatId = started(first).chat_id!;
    // no documents named: the chat's own (those of its first question) are searched
    const second = await collectEvents(service.ask({ question: "А каких больше?", documentIds: [], chatId }));
    expect(model.calls[2]!.messages[0]!.text).toContain("DOCUMENTS: «set.pdf»");
    expect(started(second).chat_id).toBe(chatId);
    const answerCall = model.calls[3]!.messages[0]!.text;
    expect(answerCall).toContain("earlier turns of this chat");
    expect(answerCall).toContain("Q: Сколько перемычек ПР-1?\nA: ПР-1 — 4 шт., ПР-2 — 6 шт.");
    expect(answerCall.indexOf("earlier turns")).toBeLessThan(answerCall.indexOf("QUESTION:\nА каких больше?"));
    expect(model.calls[1]!.messages[0]!.text).not.toContain("earlier turns");
    expect(model.calls[2]!.messages[0]!.text).toContain("previous question of this chat (context only)⟧\nСколько перемычек ПР-1?");
    expect(model.calls[0]!.messages[0]!.text).not.toContain("previous question");
    // the follow-up names nothing to search for; the chat's previous question is searched as well
    expect(world.searches.at(-1)).toBe("Сколько перемычек ПР-1?");
    expect((await recording.chats.listMessages(OWNER, chatId)).messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("refuses an unknown chat with one CHAT.NOT_FOUND event and stores nothing; a chat whose question cannot be stored is dropped", async () => {
    const recording = stores();
    const events = await collectEvents(new AskService({ ...world.deps(), chats: recording }).ask({ question: "q?", documentIds: [], chatId: "no-such-chat" }));
    expect(events).toEqual([{ type: "error", error: expect.objectContaining({ code: "CHAT.NOT_FOUND" }) }]);
    expect(await recording.chats.listChats(OWNER)).toEqual([]);

    const empty = await collectEvents(new AskService({ ...world.deps(), chats: recording }).ask({ question: "  ", documentIds: [] }));
    expect(empty).toEqual([{ type: "error", error: expect.objectContaining({ code: "VALIDATION.INVALID_INPUT", message: "the question is empty" }) }]);
    const tooLong = await collectEvents(new AskService({ ...world.deps(), chats: recording }).ask({ question: "x".repeat(2_000_001), documentIds: [] }));
    expect(tooLong).toEqual([{ type: "error", error: expect.objectContaining({ code: "VALIDATION.INVALID_INPUT" }) }]);
    expect(await recording.chats.listChats(OWNER)).toEqual([]);
  });
});

describe("AskService applies the owner's stored settings", () => {
  it("uses profile, role, temperature, top_p, thinking and media resolution from the user store; the request wins", async () => {
    const users = new InMemoryUserStore();
    await users.patchSettings(OWNER, { modelProfile: "complex", role: "economist", temperature: 0.4, topP: 0.8, thinkingEnabled: true, thinkingBudget: 512, mediaResolution: "high" });
    const collector = { object: { selected_block_ids: [] } };
    const model = new ScriptedLanguageModel([intent, collector, { object: { answer_markdown: "ok" } }, intent, { object: { answer_markdown: "ok" } }]);
    const userSettings = new SettingsService({ ownerId: OWNER, users, roles: new InMemoryRolePromptStore(), secrets: async () => new SecretBox("x".repeat(32)), prompts: new InMemoryPromptLibrary([]), modelProvider: "gemini" });
    const service = new AskService({ ...world.deps(model), userSettings });
    await collectEvents(service.ask({ question: "Сколько перемычек?", documentIds: [set.document.id] }));
    // complex: intent, collector (fast), answer (strong)
    expect(model.calls.map((c) => c.tier)).toEqual(["fast", "fast", "strong"]);
    expect(model.calls[2]!.system).toContain("Role: a construction cost engineer");
    expect(model.calls[2]!.request).toMatchObject({ temperature: 0.4, topP: 0.8, thinking: { enabled: true, budgetTokens: 512 }, mediaResolution: "high" });

    await users.patchSettings(OWNER, { role: null });
    await collectEvents(service.ask({ question: "Сколько перемычек?", documentIds: [set.document.id], profile: "simple", settings: { temperature: 0.1 } }));
    expect(model.calls.slice(3).map((c) => c.tier)).toEqual(["fast", "fast"]);
    expect(model.calls[4]!.system).not.toContain("Role:");
    expect(model.calls[4]!.request).toMatchObject({ temperature: 0.1, topP: 0.8 });
    expect(model.remaining).toBe(0);
  });
});

describe("AskService with the user's own key and roles", () => {
  const settingsFor = () => {
    const secrets = new SecretBox("a-secret-of-at-least-32-characters!");
    return new SettingsService({ ownerId: OWNER, users: new InMemoryUserStore(), roles: new InMemoryRolePromptStore(), secrets: async () => secrets, prompts: new InMemoryPromptLibrary([]), modelProvider: "gemini" });
  };

  it("runs evidence-only when the model has no key of its own and the user has none; with the user's key their runs reach the model with it", async () => {
    const userSettings = settingsFor();
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), userSettings, modelNeedsUserKey: true });
    const ask = () => collectEvents(service.ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));

    const withoutKey = (await ask()).find((e) => e.type === "completed");
    expect(withoutKey).toMatchObject({ answer: { mode: "evidence_only" } });
    expect(model.calls).toHaveLength(0);

    await userSettings.setModelKey({ key: "AIzaSy-users-own-key" });
    const withKey = (await ask()).find((e) => e.type === "completed");
    expect(withKey).toMatchObject({ answer: { mode: "llm", answer_markdown: "ok" } });
    expect(model.calls.map((c) => c.request.apiKey)).toEqual(["AIzaSy-users-own-key", "AIzaSy-users-own-key"]);
  });

  it("applies the user's own role as their text, and refuses an unknown role with an error event", async () => {
    const userSettings = settingsFor();
    await userSettings.saveRole({ name: "Технадзор", content: "Отмечай каждое отступление от СП 63." });
    await userSettings.updateSettings({ role: "Технадзор" });
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), userSettings });
    await collectEvents(service.ask({ question: "Какие перемычки?", documentIds: [set.document.id] }));
    expect(model.calls[1]!.system).toContain("Role chosen by the user");
    expect(model.calls[1]!.system).toContain("Отмечай каждое отступление от СП 63.");

    const refused = await collectEvents(service.ask({ question: "Какие перемычки?", documentIds: [set.document.id], settings: { role: "astronaut" } }));
    expect(refused).toEqual([{ type: "error", error: expect.objectContaining({ code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining('unknown role "astronaut"') }) }]);
    expect(model.remaining).toBe(0);
  });
});

describe("retrieve with the block index", () => {
  it("offers a drawing without text that only its index entry matches, captioned by the entry", async () => {
    const source = set.blocks.find((b) => b.kind === "IMAGE")!;
    const document = { ...set.document, id: "doc-blank-drawing", name: "blank.pdf" };
    const blocks = set.blocks.map((b) => ({ ...b, documentId: document.id, ...(b.id === source.id ? { text: "" } : {}) }));
    await world.store.saveDocument(document, blocks);
    const index = new InMemoryBlockIndex(world.store);
    await index.upsert(OWNER, [
      {
        documentId: document.id, blockId: source.id, sourceVersion: document.sourceVersion, promptVersion: 1, status: "indexed", attempts: 1,
        title: "Схема вентиляции П1", discipline: "ОВ", keywords: ["вентиляция", "воздуховод"], systemCodes: ["П1"], summary: "приточная система П1, воздуховоды 400×300",
      },
    ]);
    const blockIndex = new BlockIndexService({ ownerId: OWNER, documents: world.documents, evidence: world.evidence, index, prompts: world.prompts });
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ok" } }]);
    const events = await collectEvents(new AskService({ ...world.deps(model), blockIndex }).ask({ question: "Где проходит вентиляция П1?", documentIds: [document.id] }));
    expect(events.at(-1)!.type).toBe("completed");
    expect(events).toContainEqual(expect.objectContaining({ type: "tool_call", tool: "block_index" }));
    const candidates = model.calls[1]!.messages[0]!.text;
    expect(candidates).toMatch(new RegExp(`\\[${source.id}\\] «blank.pdf» · p.${source.page} · IMAGE: Схема вентиляции П1 — приточная система П1`));

    // evidence-only mode lists the drawing with the same caption
    const evidence = await collectEvents(new AskService({ ...world.deps(), blockIndex }).ask({ question: "Где проходит вентиляция П1?", documentIds: [document.id] }));
    const answer = evidence.at(-1) as Extract<StreamEvent, { type: "completed"; answer: object }>;
    expect(answer.answer.answer_markdown).toContain("Схема вентиляции П1");
  });
});
