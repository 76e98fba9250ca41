import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CountAnswer, TINY_PNG, collectParts, modelRequest } from "../shared/testing/model-test-requests.js";
import type { GenerateRequest, StreamPart } from "../../core/ports/language-model.js";
import { describeLanguageModelContract } from "../../core/ports/testing/language-model.contract.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { GeminiConfig, type GeminiConfigInput } from "./gemini.config.js";
import { answerBlocked, brokenStream, dailyQuotaExceeded, googleError, keyRejected, promptBlocked, rateLimited, replyWithoutText, slowStream, textReply, type WireReply } from "./testing/gemini-wire-replies.js";
import { GeminiWireServer } from "./testing/gemini-wire-server.js";
import { domainErrorOf, errorCodeOf } from "../../core/ports/testing/domain-error-of.js";
import { InMemoryModelFileCache } from "../../core/ports/testing/in-memory-model-file-cache.js";

/** Tiny backoff so retry paths run in milliseconds. */
const fastRetries = { maxRetries: 2, retryMinDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000 } satisfies GeminiConfigInput;

function modelFor(server: GeminiWireServer, extra: GeminiConfigInput = {}, uploads?: InMemoryModelFileCache): GeminiLanguageModel {
  return new GeminiLanguageModel(GeminiConfig.parse({ apiKey: "config-key", baseUrl: server.url, ...fastRetries, ...extra }), uploads);
}

describeLanguageModelContract("GeminiLanguageModel over the wire-format server", async () => {
  const server = await GeminiWireServer.start();
  return {
    model: modelFor(server),
    replyWith: (text) => server.enqueue(textReply(text, { streamPieces: 4 })),
    replySlowly: (text, ms) => server.enqueue(slowStream(text, ms)),
    failMidStream: (prefix) => server.enqueue(brokenStream(prefix)),
    failUnavailable: () => server.enqueue(...Array.from({ length: fastRetries.maxRetries + 1 }, () => googleError(503, "UNAVAILABLE", "The model is overloaded."))),
    failBlocked: () => server.enqueue(promptBlocked()),
    replyCutOff: (text) => server.enqueue(textReply(text, { finishReason: "MAX_TOKENS", usage: { candidatesTokenCount: 300, thoughtsTokenCount: 212 } })),
    replyEmpty: () => server.enqueue(replyWithoutText("STOP")),
    limitedTo: (limits) => modelFor(server, limits),
    close: () => server.close(),
  };
});

describe("GeminiLanguageModel", () => {
  let server: GeminiWireServer;
  beforeAll(async () => {
    server = await GeminiWireServer.start({ processingPolls: 1 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    expect(server.remaining).toBe(0);
  });

  it("sends the request as Gemini expects: model per tier, system, generation config, inline image, per-request key", async () => {
    server.enqueue(textReply('{"answer_markdown":"ok"}', { usage: { promptTokenCount: 1234, candidatesTokenCount: 56, thoughtsTokenCount: 78 }, modelVersion: "gemini-2.5-pro-002" }));
    const result = await modelFor(server).generate(
      modelRequest({
        tier: "strong",
        schema: CountAnswer,
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 4096,
        thinking: { enabled: true, budgetTokens: 2048 },
        mediaResolution: "high",
        apiKey: "user-key",
      }),
    );
    const [sent] = server.modelRequests;
    expect(sent?.path).toBe("/v1beta/models/gemini-2.5-pro:generateContent");
    expect(sent?.headers["x-goog-api-key"]).toBe("user-key");
    const body = sent?.body as Record<string, Record<string, unknown>>;
    expect(body.systemInstruction).toEqual({ parts: [{ text: "Answer from the evidence only." }], role: "user" });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Сколько перемычек?" }, { inlineData: { mimeType: "image/png", data: Buffer.from(TINY_PNG).toString("base64") } }] },
    ]);
    expect(body.generationConfig).toMatchObject({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 4096,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
      mediaResolution: "MEDIA_RESOLUTION_HIGH",
      responseMimeType: "application/json",
      responseJsonSchema: { type: "object", properties: { answer_markdown: { type: "string" } }, required: ["answer_markdown"] },
    });
    expect(JSON.stringify(body.generationConfig)).not.toContain("$schema");
    expect(result.object).toEqual({ answer_markdown: "ok", count: 0 });
    // thinking is billed as output: 56 answer tokens + 78 thinking tokens
    expect(result.usage).toEqual({ inputTokens: 1234, outputTokens: 134, thinkingTokens: 78, images: 1 });
    expect(result.model).toBe("gemini-2.5-pro-002");
  });

  it("uses the configured key and fast model by default, and switches thinking off where the model allows it", async () => {
    server.enqueue(textReply("a"), textReply("b"));
    await modelFor(server).generate(modelRequest({ thinking: { enabled: false } }));
    await modelFor(server).generate(modelRequest({ tier: "strong", thinking: { enabled: false } }));
    const [fast, strong] = server.modelRequests;
    expect(fast?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(fast?.headers["x-goog-api-key"]).toBe("config-key");
    expect((fast?.body as { generationConfig: unknown }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    expect((strong?.body as { generationConfig: unknown }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 128 } });
  });

  it("fails with LLM.NOT_CONFIGURED before any request when there is no key", async () => {
    const model = new GeminiLanguageModel(GeminiConfig.parse({ baseUrl: server.url }));
    expect(await errorCodeOf(() => model.generate(modelRequest()))).toBe("LLM.NOT_CONFIGURED");
    expect(server.requests).toHaveLength(0);
  });

  it("retries a 429 after its RetryInfo delay (Gemini sends no Retry-After) and then succeeds", async () => {
    server.enqueue(rateLimited(0.2), textReply("after the wait"));
    const started = Date.now();
    const result = await modelFor(server).generate(modelRequest());
    expect(result.text).toBe("after the wait");
    expect(server.modelRequests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("fails at once with LLM.RATE_LIMITED when RetryInfo asks for a longer wait than the policy allows", async () => {
    server.enqueue(rateLimited(120));
    const error = await domainErrorOf(() => modelFor(server, { maxRetryAfterMs: 1_000 }).generate(modelRequest()));
    expect(error.code).toBe("LLM.RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe(120_000);
    expect(server.modelRequests).toHaveLength(1);
  });

  it("stops waiting out a Retry-After when the caller aborts", async () => {
    server.enqueue(rateLimited(5));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const started = Date.now();
    const error = await domainErrorOf(() => modelFor(server, { maxRetryAfterMs: 10_000 }).generate(modelRequest({ signal: controller.signal })));
    expect(error.code).toBe("OPERATION.CANCELLED");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.modelRequests).toHaveLength(1);
  });

  it("retries 500s and gives up with a retryable LLM.UNAVAILABLE after the configured retries", async () => {
    server.enqueue(...Array.from({ length: 3 }, () => googleError(500, "INTERNAL", "An internal error has occurred.")));
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    expect(error.code).toBe("LLM.UNAVAILABLE");
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("500");
    expect(server.modelRequests).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    server.enqueue(googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    expect(error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(server.modelRequests).toHaveLength(1);
  });

  it("reports a rejected API key as LLM.NOT_CONFIGURED without echoing the key", async () => {
    server.enqueue(keyRejected());
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest({ apiKey: "secret-user-key-123" })));
    expect(error.code).toBe("LLM.NOT_CONFIGURED");
    expect(JSON.stringify(error.toJSON())).not.toContain("secret-user-key-123");
  });

  it("fails at once on a used-up daily quota, though its RetryInfo names a short wait", async () => {
    server.enqueue(dailyQuotaExceeded(), dailyQuotaExceeded());
    const started = Date.now();
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    // nor is its 13.5 s RetryInfo waited out before giving up
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe("LLM.RATE_LIMITED");
    expect(error.isRetryable).toBe(false);
    expect(error.details).toMatchObject({ quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier", retryAfterMs: 13_500 });
    expect(server.modelRequests).toHaveLength(1);
    server.clear();
  });

  it("maps a body that is not JSON to LLM.BAD_RESPONSE", async () => {
    server.enqueue({ kind: "raw", status: 200, contentType: "application/json", body: '{"candidates": [{"content": ' });
    expect(await errorCodeOf(() => modelFor(server).generate(modelRequest()))).toBe("LLM.BAD_RESPONSE");
  });

  it("repairs fenced JSON in JSON mode, and rejects text that is not the schema", async () => {
    server.enqueue(textReply('```json\n{"answer_markdown": "fenced", "count": 2}\n```'), textReply("I cannot answer in JSON."));
    expect((await modelFor(server).generate(modelRequest({ schema: CountAnswer }))).object).toEqual({ answer_markdown: "fenced", count: 2 });
    expect(await errorCodeOf(() => modelFor(server).generate(modelRequest({ schema: CountAnswer })))).toBe("LLM.BAD_RESPONSE");
  });

  it("reads the finish reason before the JSON: an answer cut at maxOutputTokens is LLM.OUTPUT_TRUNCATED, with what to change", async () => {
    server.enqueue(textReply('{"answer_markdown": "Перемычки: ПР-1 — 9', { finishReason: "MAX_TOKENS", usage: { candidatesTokenCount: 900, thoughtsTokenCount: 3196 } }));
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest({ schema: CountAnswer, maxOutputTokens: 4096 })));
    expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
    expect(error.details).toMatchObject({ maxOutputTokens: 4096, outputTokens: 4096, thinkingTokens: 3196, remedy: "lower_thinking_or_raise_budget" });
    expect(error.message).toContain("raise maxOutputTokens or lower the thinking budget");
    expect(server.modelRequests).toHaveLength(1);
  });

  it("reports an answer without text by why it has none: EMPTY_RESPONSE after STOP, BAD_RESPONSE after a failed function call", async () => {
    server.enqueue(replyWithoutText("STOP"), replyWithoutText("MALFORMED_FUNCTION_CALL", { finishMessage: "Malformed function call: print(default_api.archive(" }));
    const empty = await domainErrorOf(() => modelFor(server).generate(modelRequest({ schema: CountAnswer })));
    const malformed = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    expect([empty.code, malformed.code]).toEqual(["LLM.EMPTY_RESPONSE", "LLM.BAD_RESPONSE"]);
    expect(malformed.details?.finishReason).toBe("MALFORMED_FUNCTION_CALL");
    expect(server.modelRequests).toHaveLength(2);
  });

  it("maps a blocked prompt and a SAFETY finish to LLM.BLOCKED, without retrying", async () => {
    server.enqueue(promptBlocked(), answerBlocked());
    const prompt = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    const answer = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
    expect([prompt.code, answer.code]).toEqual(["LLM.BLOCKED", "LLM.BLOCKED"]);
    expect(prompt.details?.reason).toBe("SAFETY");
    expect(server.modelRequests).toHaveLength(2);
  });

  it("times out a silent server with LLM.TIMEOUT, retrying each attempt", async () => {
    server.enqueue({ kind: "hang" }, { kind: "hang" });
    const started = Date.now();
    const error = await domainErrorOf(() => modelFor(server, { timeoutMs: 150, maxRetries: 1 }).generate(modelRequest()));
    expect(error.code).toBe("LLM.TIMEOUT");
    expect(server.modelRequests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("cancels a hanging call when the caller aborts, without retrying", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 80);
    const error = await domainErrorOf(() => modelFor(server).generate(modelRequest({ signal: controller.signal })));
    expect(error.code).toBe("OPERATION.CANCELLED");
    expect(server.modelRequests).toHaveLength(1);
    await expect.poll(() => server.modelRequests[0]?.closedEarly, { timeout: 1_000 }).toBe(true);
  });

  describe("streaming", () => {
    it("streams thought summaries and text over SSE, then one finish with usage", async () => {
      const json = JSON.stringify({ answer_markdown: "Перемычки: 12 шт.", count: 12 });
      server.enqueue(textReply(json, { thought: "Looking at the table.", streamPieces: 5, usage: { promptTokenCount: 300, candidatesTokenCount: 40, thoughtsTokenCount: 9 } }));
      const parts = await collectParts(modelFor(server).stream(modelRequest({ schema: CountAnswer })));
      expect(server.modelRequests[0]?.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
      expect(server.modelRequests[0]?.query.alt).toBe("sse");
      expect(parts[0]).toEqual({ type: "thinking-delta", delta: "Looking at the table." });
      const deltas = parts.filter((part) => part.type === "text-delta");
      expect(deltas.length).toBeGreaterThanOrEqual(5);
      expect(deltas.map((part) => part.delta).join("")).toBe(json);
      const finish = parts.at(-1);
      expect(finish?.type).toBe("finish");
      if (finish?.type !== "finish") return;
      expect(finish.result.object).toEqual({ answer_markdown: "Перемычки: 12 шт.", count: 12 });
      expect(finish.result.usage).toEqual({ inputTokens: 300, outputTokens: 49, thinkingTokens: 9, images: 1 });
    });

    it("books the last chunk's running totals, thinking and cached prompt included, never a sum of chunks", async () => {
      server.enqueue(textReply("a".repeat(60), { thought: "plan", streamPieces: 6, usage: { promptTokenCount: 900, candidatesTokenCount: 30, thoughtsTokenCount: 120, cachedContentTokenCount: 512 } }));
      const finish = (await collectParts(modelFor(server).stream(modelRequest()))).at(-1);
      expect(finish?.type === "finish" && finish.result.usage).toEqual({ inputTokens: 900, outputTokens: 150, thinkingTokens: 120, cachedInputTokens: 512, images: 1 });
    });

    it("reads Google's error out of the SDK's wrapper of a failed stream (sent as text/event-stream)", async () => {
      server.enqueue(keyRejected(), googleError(404, "NOT_FOUND", "models/gemini-x is not found for API version v1beta."), rateLimited(120));
      const rejected = await domainErrorOf(() => collectParts(modelFor(server).stream(modelRequest())));
      const unknown = await domainErrorOf(() => collectParts(modelFor(server).stream(modelRequest())));
      const limited = await domainErrorOf(() => collectParts(modelFor(server, { maxRetryAfterMs: 1_000 }).stream(modelRequest())));
      expect([rejected.code, unknown.code, limited.code]).toEqual(["LLM.NOT_CONFIGURED", "LLM.NOT_CONFIGURED", "LLM.RATE_LIMITED"]);
      expect(rejected.message).toContain("API key not valid");
      expect(unknown.details?.googleStatus).toBe("NOT_FOUND");
      expect(limited.details).toMatchObject({ googleStatus: "RESOURCE_EXHAUSTED", retryAfterMs: 120_000 });
      expect(server.modelRequests).toHaveLength(3);
    });

    it("fails a stream at once on a used-up daily quota", async () => {
      server.enqueue(dailyQuotaExceeded(), dailyQuotaExceeded());
      const error = await domainErrorOf(() => collectParts(modelFor(server).stream(modelRequest())));
      expect([error.code, error.isRetryable, error.details?.quotaId]).toEqual(["LLM.RATE_LIMITED", false, "GenerateRequestsPerDayPerProjectPerModel-FreeTier"]);
      expect(server.modelRequests).toHaveLength(1);
      server.clear();
    });

    it("retries a stream that fails before its first chunk (429, dropped connection), then streams", async () => {
      server.enqueue(rateLimited(0), { kind: "stream", events: [], truncate: "reset" }, textReply("streamed after retry"));
      const parts = await collectParts(modelFor(server).stream(modelRequest()));
      expect(parts.filter((part) => part.type === "text-delta").map((part) => part.delta).join("")).toBe("streamed after retry");
      expect(server.modelRequests).toHaveLength(3);
    });

    it.each([[true], ["reset"]] as const)("throws a retryable LLM.UNAVAILABLE after the partial deltas when the stream is cut mid-JSON (truncate: %s)", async (truncate) => {
      server.enqueue(brokenStream("the first half of the answer", 3, truncate));
      const deltas: string[] = [];
      const error = await domainErrorOf(async () => {
        for await (const part of modelFor(server).stream(modelRequest())) if (part.type === "text-delta") deltas.push(part.delta);
      });
      expect(deltas.join("")).toBe("the first half of the answer");
      expect(error.code).toBe("LLM.UNAVAILABLE");
      expect(error.isRetryable).toBe(true);
      expect(server.modelRequests).toHaveLength(1);
    });

    it("streams the thought summary of an answer that only thought until MAX_TOKENS, then fails LLM.OUTPUT_TRUNCATED: lower the thinking", async () => {
      server.enqueue(replyWithoutText("MAX_TOKENS", { thought: "Counting the lintels on every axis first.", usage: { thoughtsTokenCount: 2048 } }));
      const seen: StreamPart[] = [];
      const error = await domainErrorOf(async () => {
        for await (const part of modelFor(server).stream(modelRequest({ thinking: { enabled: true }, maxOutputTokens: 2048 }))) seen.push(part);
      });
      expect(seen).toEqual([{ type: "thinking-delta", delta: "Counting the lintels on every axis first." }]);
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ remedy: "lower_thinking", thinkingTokens: 2048, outputTokens: 2048 });
    });

    it("maps a SAFETY finish mid-stream to LLM.BLOCKED", async () => {
      const partial = brokenStream("partial ", 2) as Extract<WireReply, { kind: "stream" }>;
      const blocked = answerBlocked() as Extract<WireReply, { kind: "response" }>;
      server.enqueue({ kind: "stream", events: [...partial.events, blocked.body] });
      const error = await domainErrorOf(() => collectParts(modelFor(server).stream(modelRequest())));
      expect(error.code).toBe("LLM.BLOCKED");
    });

    it("times out a stream that goes silent", async () => {
      server.enqueue(slowStream("x".repeat(30), 3_000, 3));
      const error = await domainErrorOf(() => collectParts(modelFor(server, { timeoutMs: 200, maxRetries: 0 }).stream(modelRequest())));
      expect(error.code).toBe("LLM.TIMEOUT");
    });

    it("closes the connection when the consumer stops early", async () => {
      server.enqueue(slowStream("y".repeat(100), 2_000, 10));
      for await (const part of modelFor(server).stream(modelRequest())) {
        expect(part.type).toBe("text-delta");
        break;
      }
      await expect.poll(() => server.modelRequests[0]?.closedEarly, { timeout: 1_000 }).toBe(true);
      server.enqueue(textReply("next"));
      expect((await modelFor(server).generate(modelRequest())).text).toBe("next");
    });
  });

  describe("large images", () => {
    it("uploads images beyond the inline limit through the Files API and references them by URI", async () => {
      const big = new Uint8Array(3_000).fill(7);
      const small = new Uint8Array(10).fill(1);
      server.enqueue(textReply("one"), textReply("two"));
      const model = modelFor(server, { inlineRequestLimitBytes: 1_000, filePollIntervalMs: 5 });
      const messages: GenerateRequest["messages"] = [
        { role: "user", parts: [{ type: "text", text: "compare" }, { type: "image", mimeType: "image/png", data: big, label: "roi-big" }, { type: "image", mimeType: "image/png", data: small }] },
      ];
      await model.generate({ tier: "fast", system: "", messages });
      await model.generate({ tier: "fast", system: "", messages });

      const start = server.requests.find((r) => r.path === "/upload/v1beta/files" && r.headers["x-goog-upload-command"] === "start");
      expect(start?.headers["x-goog-upload-protocol"]).toBe("resumable");
      expect(start?.headers["x-goog-upload-header-content-length"]).toBe("3000");
      expect(start?.body).toMatchObject({ file: { mimeType: "image/png", displayName: "roi-big" } });
      expect(server.uploadedBytes("files/wire-1")).toBe(3_000);
      // The upload was PROCESSING once, so the adapter polled files.get until ACTIVE.
      expect(server.requests.filter((r) => r.method === "GET" && r.path === "/v1beta/files/wire-1")).toHaveLength(1);
      // The same image is uploaded once, and reused by the follow-up call.
      expect(server.requests.filter((r) => r.headers["x-goog-upload-command"] === "start")).toHaveLength(1);
      for (const call of server.modelRequests) {
        const parts = (call.body as { contents: Array<{ parts: unknown[] }> }).contents[0]?.parts;
        expect(parts?.[1]).toEqual({ fileData: { fileUri: `${server.url}/v1beta/files/wire-1`, mimeType: "image/png" } });
        expect(parts?.[2]).toEqual({ inlineData: { mimeType: "image/png", data: Buffer.from(small).toString("base64") } });
      }
    });

    it("references an image another instance uploaded with the same key, and uploads again under another key", async () => {
      const big = new Uint8Array(3_000).fill(9);
      const shared = new InMemoryModelFileCache();
      server.enqueue(textReply("on a"), textReply("on b"), textReply("own key"));
      const settings = { inlineRequestLimitBytes: 1_000, filePollIntervalMs: 5 };
      const messages: GenerateRequest["messages"] = [{ role: "user", parts: [{ type: "text", text: "look" }, { type: "image", mimeType: "image/png", data: big }] }];
      await modelFor(server, settings, shared).generate({ tier: "fast", system: "", messages });
      // a second process over the same deployment database
      await modelFor(server, settings, shared).generate({ tier: "fast", system: "", messages });
      const starts = () => server.requests.filter((r) => r.headers["x-goog-upload-command"] === "start").length;
      expect(starts()).toBe(1);
      const [first, second] = server.modelRequests.map((call) => (call.body as { contents: Array<{ parts: unknown[] }> }).contents[0]?.parts?.[1]);
      expect(second).toEqual(first);
      // a file uploaded with one key is not another key's to reference
      await modelFor(server, settings, shared).generate({ tier: "fast", system: "", messages, apiKey: "a-users-own-key" });
      expect(starts()).toBe(2);
    });
  });
});

