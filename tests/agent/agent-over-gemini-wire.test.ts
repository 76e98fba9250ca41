import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGeminiLanguageModel } from "../../adapters/gemini/create-gemini-language-model.js";
import { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import { AskService } from "../../core/application/ask-service.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { AgentWorld, type IngestedSet, collectEvents } from "./agent-harness.js";

/** The agent over the real Gemini adapter, against the local wire-format server: schemas, streaming, images. */
describe("agent over the Gemini wire format", () => {
  let server: GeminiWireServer;
  let world: AgentWorld;
  let set: IngestedSet;
  beforeAll(async () => {
    server = await GeminiWireServer.start();
    world = new AgentWorld();
    set = await world.ingest("set.pdf", { sheets: [{ kind: "floor-plan", floor: 2 }], seed: 11 });
  });
  afterAll(() => server.close());

  it("sends JSON schemas and the token budget, streams the answer field, attaches images inline and sums usage, thinking included", async () => {
    const text = "На плане 2 этажа: ПР-1 и ПР-2 (см. I1).";
    server.enqueue(
      textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: true, focus_areas: ["перемычки"], search_terms: ["ПР-1"] }), {
        usage: { promptTokenCount: 120, candidatesTokenCount: 30 },
      }),
      (request) => {
        const drawing = JSON.stringify(request.body).match(/Image I1 · overview of \[([A-Z0-9-]{13})\]/)![1]!;
        const answer = { answer_markdown: text, citations: [{ block_id: drawing, kind: "roi", image_id: "I1" }] };
        return textReply(JSON.stringify(answer), { streamPieces: 6, usage: { promptTokenCount: 2500, candidatesTokenCount: 80, thoughtsTokenCount: 45, cachedContentTokenCount: 2048 } });
      },
    );
    const model = createGeminiLanguageModel({ apiKey: "test-key", baseUrl: server.url });
    const service = new AskService({ ...world.deps(model), settings: { budget: { maxOutputTokens: 3000 } } });
    const events = await collectEvents(service.ask({ question: "Какие перемычки на плане 2 этажа?", documentIds: [set.document.id] }));

    expect(events.at(-1)!.type).toBe("completed");
    const [intentCall, answerCall] = server.modelRequests;
    expect(intentCall!.action).toBe("generateContent");
    expect(answerCall!.action).toBe("streamGenerateContent");
    for (const call of [intentCall!, answerCall!]) {
      const config = (call.body as { generationConfig: Record<string, unknown> }).generationConfig;
      expect(config.responseMimeType).toBe("application/json");
      expect(config.responseJsonSchema).toBeDefined();
      expect(config.maxOutputTokens).toBe(3000);
    }
    const parts = (answerCall!.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> }).contents[0]!.parts;
    expect(parts.filter((p) => p.inlineData).length).toBe(events.filter((e) => e.type === "image_ready").length);
    const tokens = events.filter((e): e is Extract<StreamEvent, { type: "llm_token" }> => e.type === "llm_token");
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.map((t) => t.token).join("")).toBe(text);
    const done = events.at(-1) as Extract<StreamEvent, { type: "completed"; answer: object }>;
    // the answer's 45 thinking tokens are billed output, and stay visible as a part of it
    expect(done.answer.usage).toMatchObject({ calls: 2, input_tokens: 2620, output_tokens: 155, thinking_tokens: 45, cached_input_tokens: 2048 });
    const final = events.find((e): e is Extract<StreamEvent, { type: "llm_final" }> => e.type === "llm_final")!;
    expect(final.usage).toMatchObject({ outputTokens: 155, thinkingTokens: 45, cachedInputTokens: 2048 });
    expect(done.answer.citations[0]).toMatchObject({ kind: "roi", image_id: events.find((e) => e.type === "image_ready")!.image_id });
  });

  it("asks an answer Gemini cut at MAX_TOKENS once more with twice the budget and capped thinking", async () => {
    const intent = JSON.stringify({ intent_type: "general_analysis", requires_visual_detail: false, focus_areas: [], search_terms: ["ПР-1"] });
    const text = "Перемычки ПР-1 и ПР-2 (см. спецификацию).";
    server.requests.length = 0;
    server.enqueue(
      textReply(intent),
      textReply('{"answer_markdown": "Перемычки ПР-1', { finishReason: "MAX_TOKENS", thought: "Reading the schedule.", usage: { candidatesTokenCount: 120, thoughtsTokenCount: 2880 } }),
      textReply(JSON.stringify({ answer_markdown: text }), { streamPieces: 3 }),
    );
    const model = createGeminiLanguageModel({ apiKey: "test-key", baseUrl: server.url });
    const service = new AskService({ ...world.deps(model), settings: { budget: { maxOutputTokens: 3000 } } });
    const events = await collectEvents(service.ask({ question: "Какие перемычки указаны в спецификации?", documentIds: [set.document.id] }));

    expect(events.at(-1)!.type).toBe("completed");
    const configs = server.modelRequests.map((r) => (r.body as { generationConfig: Record<string, unknown> }).generationConfig);
    expect(configs.map((c) => c.maxOutputTokens)).toEqual([3000, 3000, 6000]);
    expect(configs[2]!.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 1500 });
    const done = events.at(-1) as Extract<StreamEvent, { type: "completed"; answer: object }>;
    expect(done.answer.answer_markdown).toBe(text);
    // the cut-off call was billed (3000 output tokens, 2880 thinking) and is booked with the two others
    expect(done.answer.usage).toMatchObject({ calls: 3, thinking_tokens: 2880 });
    expect(done.answer.usage!.output_tokens).toBeGreaterThanOrEqual(3000);
  });
});
