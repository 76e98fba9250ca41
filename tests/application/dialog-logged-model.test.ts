import { describe, expect, it } from "vitest";
import { AgentWorld, collectEvents } from "../agent/agent-harness.js";
import { DomainError } from "../../core/domain/errors.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { InMemoryChatStore } from "../../core/ports/testing/in-memory-chat-store.js";
import { InMemoryDialogLog } from "../../core/ports/testing/in-memory-dialog-log.js";
import { InMemoryEvidenceImageStore } from "../../core/ports/testing/in-memory-evidence-image-store.js";
import { InMemoryStreamEventStore } from "../../core/ports/testing/in-memory-stream-event-store.js";
import { ScriptedLanguageModel } from "../../core/ports/testing/scripted-language-model.js";
import { AskService } from "../../core/application/ask-service.js";
import { dialogLogged } from "../../core/application/dialog-logged-model.js";
import { redactSecrets } from "../../core/application/redact-secrets.js";

const GOOGLE_KEY = `AIza${"Sy0123456789abcdefghijklmnopqrstu"}`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhbCJ9.c2lnbmF0dXJlLXBhcnQ";

describe("redactSecrets", () => {
  it("removes known values and common secret shapes, and leaves ordinary text alone", () => {
    const text = [
      `key ${GOOGLE_KEY}`,
      `Authorization: Bearer abcdef123456789`,
      `jwt ${JWT}`,
      "postgres://aizoom:hunter2pass@db.local:5432/app",
      'config {"api_key": "plainsecretvalue", "token=tok_1234567"}',
      "my own key: my-user-key-42",
      "Перемычка ПР-1, отм. +3,300, сечение 250×120",
    ].join("\n");
    const redacted = redactSecrets(text, ["my-user-key-42"]);
    for (const secret of [GOOGLE_KEY, "abcdef123456789", JWT, "hunter2pass", "plainsecretvalue", "tok_1234567", "my-user-key-42"]) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain("postgres://aizoom:[REDACTED]@db.local:5432/app");
    expect(redacted).toContain("Перемычка ПР-1, отм. +3,300, сечение 250×120");
  });
});

describe("dialogLogged", () => {
  it("logs each call's prompt, images by size, parameters and reply, without the API key; failures with their partial text", async () => {
    const model = new ScriptedLanguageModel([
      { object: { ok: true }, usage: { inputTokens: 10, outputTokens: 2 } },
      { error: new DomainError("LLM.UNAVAILABLE", `upstream refused key ${GOOGLE_KEY}`), text: `{"answer_markdown":"частичный ответ, token=abcd1234"}`, afterChunks: 4 },
    ]);
    const log = new InMemoryDialogLog();
    const logged = dialogLogged(model, { log, chatId: "chat-1", runId: "run-1", secrets: ["user-key-777"] });
    await logged.generate({
      tier: "fast",
      system: "system prompt",
      messages: [{ role: "user", parts: [{ type: "text", text: "question with user-key-777" }, { type: "image", mimeType: "image/png", data: new Uint8Array(42), label: "img-1" }] }],
      temperature: 0.3,
      apiKey: "user-key-777",
    });
    const stream = logged.stream({ tier: "strong", system: "s", messages: [{ role: "user", parts: [{ type: "text", text: "q" }] }] });
    await expect(collectEvents(stream)).rejects.toMatchObject({ code: "LLM.UNAVAILABLE" });

    const entries = await log.read("chat-1");
    expect(entries.map((e) => [e.call, e.method, e.tier])).toEqual([[1, "generate", "fast"], [2, "stream", "strong"]]);
    expect(entries[0]!.request).toMatchObject({ parameters: { temperature: 0.3 }, messages: [{ text: "question with [REDACTED]", images: [{ mimeType: "image/png", bytes: 42, label: "img-1" }] }] });
    expect(entries[0]!.response).toMatchObject({ text: '{"ok":true}', usage: { inputTokens: 10, outputTokens: 2 }, finishReason: "stop" });
    expect(entries[1]!.error).toMatchObject({ code: "LLM.UNAVAILABLE", message: "upstream refused key [REDACTED]" });
    expect(entries[1]!.error!.partialText).toBe('{"answer_markdown":"частичный ответ, token=[REDACTED]');
    const all = JSON.stringify(entries);
    expect(all).not.toContain("user-key-777");
    expect(all).not.toContain(GOOGLE_KEY);
  });

  it("AskService writes a recorded run's model calls to its chat's log", async () => {
    const world = new AgentWorld();
    const set = await world.ingest("set.pdf", { sheets: [{ kind: "floor-plan", floor: 2 }], seed: 5 });
    const chats = new InMemoryChatStore();
    const log = new InMemoryDialogLog();
    const model = new ScriptedLanguageModel([{ object: { intent_type: "general_analysis", requires_visual_detail: false } }, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({
      ...world.deps(model),
      chats: { chats, images: new InMemoryEvidenceImageStore(chats), events: new InMemoryStreamEventStore(chats) },
      dialogLog: log,
      settings: { apiKey: "per-user-key-5555" },
    });
    const events = await collectEvents(service.ask({ question: "Сколько перемычек? per-user-key-5555", documentIds: [set.document.id] }));
    const started = events[0] as Extract<StreamEvent, { type: "processing_started" }>;
    const entries = await log.read(started.chat_id!);
    expect(entries.map((e) => [e.method, e.runId])).toEqual([["generate", started.run_id], ["stream", started.run_id]]);
    expect(entries[1]!.request.messages[0]!.text).toContain("Сколько перемычек? [REDACTED]");
    expect(JSON.stringify(entries)).not.toContain("per-user-key-5555");
  });
});
