import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textReply } from "../../adapters/openai-compatible/testing/openai-wire-replies.js";
import { OpenAiWireServer } from "../../adapters/openai-compatible/testing/openai-wire-server.js";
import { openLocalApplication } from "../../composition/deployment.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";

/** The application's `ask`, composed with `model.provider: "openai-compatible"` and no key, against the OpenAI wire-format server. */
describe("ask with an OpenAI-compatible server (no key, as self-hosted)", () => {
  let server: OpenAiWireServer;
  beforeAll(async () => {
    server = await OpenAiWireServer.start();
  });
  afterAll(() => server.close());

  it("streams a cited answer from the server", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aizoomdoc-openai-"));
    // the document is added without a model, so the deployment's block indexing makes no model calls of its own
    const loader = await openLocalApplication({ dataDir });
    const document = await loader.addDocument({ name: "set.pdf", bytes: generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: 3 }).pdf }, { ocr: "never" });
    await loader.close();

    const text = "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3.";
    server.enqueue(textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false })), (request) => {
      const table = JSON.stringify(request.body).match(/\[([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})\] «set.pdf» · p.1 · TABLE/)![1]!;
      return textReply(JSON.stringify({ answer_markdown: text, citations: [{ block_id: table, kind: "text_block", page: 1 }] }), { streamPieces: 5, usage: { prompt_tokens: 900, completion_tokens: 60 } });
    });
    const application = await openLocalApplication({ dataDir, model: { provider: "openai-compatible", baseUrl: server.url, fastModel: "qwen2.5-vl-7b", strongModel: "qwen2.5-vl-72b" } });
    try {
      const events: StreamEvent[] = [];
      for await (const event of application.ask({ question: "Какие перемычки на 2 этаже?", documentIds: [document.id] })) events.push(event);
      const done = events.at(-1) as Extract<StreamEvent, { type: "completed" }>;
      expect(done.type).toBe("completed");
      expect(done.answer?.mode).toBe("llm");
      expect(done.answer?.answer_markdown).toBe(text);
      expect(done.answer?.citations[0]).toMatchObject({ kind: "text_block", page: 1 });
      const tokens = events.filter((e): e is Extract<StreamEvent, { type: "llm_token" }> => e.type === "llm_token");
      expect(tokens.length).toBeGreaterThan(1);
      expect(tokens.map((t) => t.token).join("")).toBe(text);
      expect(server.requests.map((r) => [r.path, r.body.stream === true, r.headers.authorization])).toEqual([
        ["/v1/chat/completions", false, undefined],
        ["/v1/chat/completions", true, undefined],
      ]);
      expect((server.requests[1]!.body.response_format as { type: string }).type).toBe("json_schema");
    } finally {
      await application.close();
    }
  });

  it("answers a user who stored their own server from that server, with their key and never the deployment's", async () => {
    const own = await OpenAiWireServer.start();
    const dataDir = mkdtempSync(join(tmpdir(), "aizoomdoc-own-server-"));
    const loader = await openLocalApplication({ dataDir });
    const document = await loader.addDocument({ name: "set.pdf", bytes: generateDrawingSet({ sheets: [{ kind: "specification" }], seed: 3 }).pdf }, { ocr: "never" });
    await loader.close();
    server.requests.length = 0;
    const application = await openLocalApplication({
      dataDir,
      model: { provider: "openai-compatible", baseUrl: server.url, apiKey: "sk-deployment-secret", userBaseUrls: [own.url] },
    });
    try {
      expect((await application.setModelKey({ key: "sk-alice-own-key", baseUrl: own.url })).modelKey).toEqual({ provider: "openai-compatible", ownServer: true });
      own.enqueue(textReply(JSON.stringify({ intent_type: "general_analysis", requires_visual_detail: false })), textReply(JSON.stringify({ answer_markdown: "Из спецификации." })));
      const events: StreamEvent[] = [];
      for await (const event of application.ask({ question: "Что в спецификации?", documentIds: [document.id] })) events.push(event);
      expect(events.at(-1)).toMatchObject({ type: "completed", answer: { mode: "llm", answer_markdown: "Из спецификации." } });
      expect(own.requests.map((r) => r.headers.authorization)).toEqual(["Bearer sk-alice-own-key", "Bearer sk-alice-own-key"]);
      expect(server.requests).toEqual([]);

      // removed, the runs go back to the deployment's server and key
      await application.setModelKey(null);
      server.enqueue(textReply(JSON.stringify({ intent_type: "general_analysis", requires_visual_detail: false })), textReply(JSON.stringify({ answer_markdown: "Снова с сервера развёртывания." })));
      for await (const event of application.ask({ question: "Что в спецификации?", documentIds: [document.id] })) void event;
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer sk-deployment-secret", "Bearer sk-deployment-secret"]);
      expect(own.requests).toHaveLength(2);
    } finally {
      await application.close();
      await own.close();
    }
  });
});
