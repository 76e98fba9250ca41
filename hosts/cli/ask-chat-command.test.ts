import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { brokenStream, textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { PgliteDriver } from "../../adapters/local/pglite-driver.js";
import { pgliteDatabaseDir } from "../../adapters/local/pglite.config.js";
import { SqlChatStore } from "../../adapters/supabase/sql-chat-store.js";
import type { ChatMessage } from "../../core/domain/chat.js";
import Ask from "./commands/ask.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

/** The chat's messages as stored in the data dir's PGlite (read after the command closed it). */
async function storedMessages(dataDir: string, chatId: string): Promise<ChatMessage[]> {
  // as a second process would: the commands' application lets go of the database first
  await closeApplications();
  const driver = await PgliteDriver.open({ dataDir: pgliteDatabaseDir({ dataDir }) });
  try {
    return (await new SqlChatStore(driver).listMessages("local", chatId)).messages;
  } finally {
    await driver.close();
  }
}

const intentReply = () => textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false }));

describe("aizoomdoc ask keeps chats (local mode, PGlite, Gemini wire format)", () => {
  const saved = { gemini: process.env.GEMINI_API_KEY, google: process.env.GOOGLE_API_KEY, base: process.env.GEMINI_BASE_URL };
  let server: GeminiWireServer;
  let dir: string;
  let data: string;
  let pdf: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aizoomdoc-ask-chat-"));
    data = join(dir, "data");
    await seedLocalDataDir(data);
    pdf = join(dir, "set.pdf");
    writeFileSync(pdf, generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: 3 }).pdf);
    server = await GeminiWireServer.start();
    delete process.env.GOOGLE_API_KEY;
    process.env.GEMINI_API_KEY = "test-key";
    process.env.GEMINI_BASE_URL = server.url;
  });
  afterAll(async () => {
    for (const [name, value] of [["GEMINI_API_KEY", saved.gemini], ["GOOGLE_API_KEY", saved.google], ["GEMINI_BASE_URL", saved.base]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await server.close();
  });

  it("stores the answer with its usage, prints the chat id, and --chat gives the model the earlier turn", async () => {
    const first = "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3.";
    server.enqueue(intentReply(), textReply(JSON.stringify({ answer_markdown: first }), { usage: { promptTokenCount: 500, candidatesTokenCount: 40 }, streamPieces: 3 }));
    const one = await runCommand(Ask, [pdf, "Какие перемычки на 2 этаже?", "--data-dir", data]);
    const chatId = one.result.chatId!;
    expect(one.stderr).toContain(`chat ${chatId}`);
    const messages = await storedMessages(data, chatId);
    expect(messages.map((m) => [m.role, m.status, m.content])).toEqual([["user", "complete", "Какие перемычки на 2 этаже?"], ["assistant", "complete", first]]);
    // the intent call's default wire usage (11 in, 7 out) plus the answer's
    expect(messages[1]!.answer!.usage).toEqual({ calls: 2, input_tokens: 511, output_tokens: 47, images: 0 });

    server.enqueue(intentReply(), textReply(JSON.stringify({ answer_markdown: "ПР-2 больше всего." }), { streamPieces: 2 }));
    const two = await runCommand(Ask, [pdf, "А каких больше всего?", "--data-dir", data, "--chat", chatId, "--json"]);
    expect(two.result.chatId).toBe(chatId);
    const answerRequest = JSON.stringify(server.modelRequests.at(-1)!.body);
    expect(answerRequest).toContain("earlier turns of this chat");
    expect(answerRequest).toContain(`Q: Какие перемычки на 2 этаже?\\nA: ${first}`);
    expect((await storedMessages(data, chatId)).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("keeps the question and the partial answer when the model's stream breaks off", async () => {
    const text = JSON.stringify({ answer_markdown: "На 2 этаже применены перемычки ПР-1 и ПР-2, а также перемычки" });
    server.enqueue(intentReply(), brokenStream(text, 4));
    const failed = await runCommand(Ask, [pdf, "Какие перемычки применены?", "--data-dir", data]).then(
      () => undefined,
      (error: unknown) => error as Error & { stderr: string },
    );
    expect(failed).toBeDefined();
    expect(server.remaining).toBe(0);
    const chatId = /chat ([0-9a-f-]{36})/.exec(failed!.stderr)![1]!;
    const messages = await storedMessages(data, chatId);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[0]!.content).toBe("Какие перемычки применены?");
    expect(messages[1]).toMatchObject({ status: "partial", content: expect.stringContaining("На 2 этаже применены"), error: { code: expect.any(String) } });
  });

  it("with AIZOOMDOC_DIALOG_LOG=1 writes the chat's model calls to <dataDir>/logs/<chatId>.jsonl, secrets redacted", async () => {
    const key = `AIza${"Sy9876543210zyxwvutsrqponmlkjihg"}`;
    server.enqueue(intentReply(), textReply(JSON.stringify({ answer_markdown: "ok" }), { streamPieces: 2 }));
    process.env.AIZOOMDOC_DIALOG_LOG = "1";
    try {
      const { result } = await runCommand(Ask, [pdf, `Какие перемычки? (мой ключ ${key})`, "--data-dir", data, "--json"]);
      const lines = readFileSync(join(data, "logs", `${result.chatId}.jsonl`), "utf8").trimEnd().split("\n");
      const entries = lines.map((line) => JSON.parse(line) as { method: string; request: { messages: Array<{ text: string }> }; response?: { usage: { inputTokens: number } } });
      expect(entries.map((e) => e.method)).toEqual(["generate", "stream"]);
      expect(entries[1]!.request.messages[0]!.text).toContain("мой ключ [REDACTED]");
      expect(entries[1]!.response!.usage.inputTokens).toBeGreaterThan(0);
      expect(lines.join("\n")).not.toContain(key);
      expect(lines.join("\n")).not.toContain("test-key");
    } finally {
      delete process.env.AIZOOMDOC_DIALOG_LOG;
    }
  });
});
