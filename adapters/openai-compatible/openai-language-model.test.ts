import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CountAnswer, TINY_PNG, collectParts, modelRequest } from "../shared/testing/model-test-requests.js";
import type { StreamPart } from "../../core/ports/language-model.js";
import { describeLanguageModelContract } from "../../core/ports/testing/language-model.contract.js";
import { domainErrorOf, errorCodeOf } from "../../core/ports/testing/domain-error-of.js";
import { OpenAiLanguageModel } from "./openai-language-model.js";
import { OpenAiConfig, type OpenAiConfigInput } from "./openai.config.js";
import { apiError, brokenStream, rateLimited, slowStream, textReply, vllmError, type WireReply } from "./testing/openai-wire-replies.js";
import { OpenAiWireServer } from "./testing/openai-wire-server.js";

/** Tiny backoff so retry paths run in milliseconds. */
const fastRetries = { maxRetries: 2, retryMinDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000 } satisfies OpenAiConfigInput;

function modelFor(server: OpenAiWireServer, extra: OpenAiConfigInput = {}): OpenAiLanguageModel {
  return new OpenAiLanguageModel(OpenAiConfig.parse({ baseUrl: server.url, fastModel: "qwen2.5-vl-7b", strongModel: "qwen2.5-vl-72b", ...fastRetries, ...extra }));
}

const overloaded = () => apiError(503, "The server is overloaded or not ready yet.", { type: "server_error" });
const contentFiltered = () =>
  apiError(400, "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", { type: "invalid_request_error", param: "prompt", code: "content_filter" });

describeLanguageModelContract("OpenAiLanguageModel over the wire-format server", async () => {
  const server = await OpenAiWireServer.start();
  return {
    model: modelFor(server),
    replyWith: (text) => server.enqueue(textReply(text, { streamPieces: 4 })),
    replySlowly: (text, ms) => server.enqueue(slowStream(text, ms)),
    failMidStream: (prefix) => server.enqueue(brokenStream(prefix)),
    failUnavailable: () => server.enqueue(...Array.from({ length: fastRetries.maxRetries + 1 }, overloaded)),
    failBlocked: () => server.enqueue(contentFiltered()),
    replyCutOff: (text) => server.enqueue(textReply(text, { finishReason: "length", usage: { completion_tokens: 512 } })),
    replyEmpty: () => server.enqueue(textReply("")),
    limitedTo: (limits) => modelFor(server, limits),
    close: () => server.close(),
  };
});

const finishOf = (parts: StreamPart[]) => {
  const last = parts.at(-1);
  if (last?.type !== "finish") throw new Error("the stream did not end with a finish part");
  return last.result;
};

describe("OpenAiLanguageModel", () => {
  let server: OpenAiWireServer;
  beforeAll(async () => {
    server = await OpenAiWireServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    expect(server.remaining).toBe(0);
  });

  it("sends the chat-completions request: model per tier, system message, image as a data URL, json_schema, budget, per-request key", async () => {
    server.enqueue(textReply('{"answer_markdown":"ok"}', { usage: { prompt_tokens: 1234, completion_tokens: 134, reasoning_tokens: 78, cached_tokens: 1024 }, model: "qwen2.5-vl-72b-instruct-awq" }));
    const result = await modelFor(server, { apiKey: "config-key" }).generate(
      modelRequest({ tier: "strong", schema: CountAnswer, temperature: 0.2, topP: 0.9, maxOutputTokens: 4096, mediaResolution: "high", apiKey: "user-key" }),
    );
    const [sent] = server.requests;
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer user-key");
    expect(sent?.body).toMatchObject({ model: "qwen2.5-vl-72b", temperature: 0.2, top_p: 0.9, max_tokens: 4096 });
    expect(sent?.body.stream).toBeUndefined();
    expect(sent?.body.messages).toEqual([
      { role: "system", content: "Answer from the evidence only." },
      {
        role: "user",
        content: [
          { type: "text", text: "Сколько перемычек?" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(TINY_PNG).toString("base64")}`, detail: "high" } },
        ],
      },
    ]);
    expect(sent?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "answer", strict: false, schema: expect.objectContaining({ type: "object", required: ["answer_markdown"] }) },
    });
    expect(JSON.stringify(sent?.body.response_format)).not.toContain("$schema");
    expect(result.object).toEqual({ answer_markdown: "ok", count: 0 });
    // completion_tokens already include the reasoning tokens, prompt_tokens the cached ones: nothing is added up
    expect(result.usage).toEqual({ inputTokens: 1234, outputTokens: 134, thinkingTokens: 78, cachedInputTokens: 1024, images: 1 });
    expect(result.model).toBe("qwen2.5-vl-72b-instruct-awq");
  });

  it("sends no Authorization header when neither the request nor the configuration has a key (a self-hosted server)", async () => {
    server.enqueue(textReply("a"));
    expect((await modelFor(server).generate(modelRequest())).text).toBe("a");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.body.model).toBe("qwen2.5-vl-7b");
  });

  it("sends model turns as assistant text", async () => {
    server.enqueue(textReply("b"));
    await modelFor(server).generate({ tier: "fast", system: "", messages: [{ role: "user", parts: [{ type: "text", text: "q1" }] }, { role: "model", parts: [{ type: "text", text: "a1" }] }, { role: "user", parts: [{ type: "text", text: "q2" }] }] });
    expect(server.requests[0]?.body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "q1" }] },
      { role: "assistant", content: "a1" },
      { role: "user", content: [{ type: "text", text: "q2" }] },
    ]);
  });

  it("refuses more images than the server takes before sending anything", async () => {
    const error = await domainErrorOf(() => modelFor(server, { maxImagesPerRequest: 1 }).generate(modelRequest({ messages: [{ role: "user", parts: [{ type: "image", mimeType: "image/png", data: TINY_PNG }, { type: "image", mimeType: "image/png", data: TINY_PNG }] }] })));
    expect(error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(error.details).toMatchObject({ images: 2, maxImagesPerRequest: 1 });
    expect(server.requests).toHaveLength(0);
  });

  describe("structured output where the server lacks json_schema", () => {
    it("asks again at once in JSON mode with the schema in the instructions when json_schema is refused, and keeps to it", async () => {
      server.enqueue(vllmError(400, "response_format.type json_schema is not supported by this server"), textReply('{"answer_markdown":"json mode"}'), textReply('{"answer_markdown":"again"}'));
      const model = modelFor(server);
      expect((await model.generate(modelRequest({ schema: CountAnswer }))).object).toEqual({ answer_markdown: "json mode", count: 0 });
      expect((await model.generate(modelRequest({ schema: CountAnswer }))).object).toEqual({ answer_markdown: "again", count: 0 });
      const [refused, retried, later] = server.requests.map((r) => r.body);
      expect((refused?.response_format as { type: string }).type).toBe("json_schema");
      for (const body of [retried, later]) {
        expect(body?.response_format).toEqual({ type: "json_object" });
        expect((body?.messages as Array<{ content: string }>)[0]?.content).toContain('"answer_markdown"');
      }
    });

    it("in prompt mode, shows the model its reply that misses the schema and asks once more", async () => {
      server.enqueue(textReply("Перемычек семь."), textReply('Here it is: {"answer_markdown": "**7**", "count": 7}'));
      const result = await modelFor(server, { structuredOutput: "prompt" }).generate(modelRequest({ schema: CountAnswer }));
      expect(result.object).toEqual({ answer_markdown: "**7**", count: 7 });
      const [first, repair] = server.requests.map((r) => r.body);
      expect(first?.response_format).toBeUndefined();
      const turns = repair?.messages as Array<{ role: string; content: unknown }>;
      expect(turns.at(-2)).toEqual({ role: "assistant", content: "Перемычек семь." });
      expect(JSON.stringify(turns.at(-1))).toContain("JSON object only");
    });

    it("gives up with LLM.BAD_RESPONSE after the one repair", async () => {
      server.enqueue(textReply("no"), textReply("still no"));
      expect(await errorCodeOf(() => modelFor(server, { structuredOutput: "prompt" }).generate(modelRequest({ schema: CountAnswer })))).toBe("LLM.BAD_RESPONSE");
      expect(server.requests).toHaveLength(2);
    });

    it("repairs a streamed reply that misses the schema once, the finish carrying the repaired result", async () => {
      server.enqueue(textReply("Перемычек семь: ПР-1 и ПР-2.", { streamPieces: 3 }), textReply('{"answer_markdown": "**7**", "count": 7}'));
      const parts = await collectParts(modelFor(server, { structuredOutput: "prompt" }).stream(modelRequest({ schema: CountAnswer })));
      const deltas = parts.flatMap((part) => (part.type === "text-delta" ? [part.delta] : []));
      expect(deltas.join("")).toBe("Перемычек семь: ПР-1 и ПР-2.");
      expect(finishOf(parts).object).toEqual({ answer_markdown: "**7**", count: 7 });
      expect(parts.filter((part) => part.type === "finish")).toHaveLength(1);
      const [streamed, repair] = server.requests.map((r) => r.body);
      expect(streamed?.stream).toBe(true);
      expect(repair?.stream).toBeUndefined();
      expect((repair?.messages as Array<{ role: string; content: unknown }>).at(-2)).toEqual({ role: "assistant", content: "Перемычек семь: ПР-1 и ПР-2." });
      // once more off the schema: the stream fails as generate would
      server.enqueue(textReply("no", { streamPieces: 2 }), textReply("still no"));
      expect(await errorCodeOf(() => collectParts(modelFor(server, { structuredOutput: "prompt" }).stream(modelRequest({ schema: CountAnswer }))))).toBe("LLM.BAD_RESPONSE");
    });

    it("does not repair under json_schema: the server enforced the schema, a mismatch is the answer", async () => {
      server.enqueue(textReply('{"count": 3}'));
      expect(await errorCodeOf(() => modelFor(server).generate(modelRequest({ schema: CountAnswer })))).toBe("LLM.BAD_RESPONSE");
      expect(server.requests).toHaveLength(1);
    });
  });

  it("switches the budget field to max_completion_tokens when the server says max_tokens is unsupported", async () => {
    server.enqueue(
      apiError(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", { param: "max_tokens", code: "unsupported_parameter" }),
      textReply("ok"),
    );
    expect((await modelFor(server).generate(modelRequest({ maxOutputTokens: 900 }))).text).toBe("ok");
    const [refused, retried] = server.requests.map((r) => r.body);
    expect(refused?.max_tokens).toBe(900);
    expect(retried).toMatchObject({ max_completion_tokens: 900 });
    expect(retried?.max_tokens).toBeUndefined();
  });

  it("sends thinking as reasoning_effort where configured, and stops sending it when the server refuses it", async () => {
    const model = modelFor(server, { thinkingControl: "reasoning_effort" });
    server.enqueue(textReply("a"), textReply("b"), textReply("c"), apiError(400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.", { param: "reasoning_effort", code: "unsupported_parameter" }), textReply("d"), textReply("e"));
    await model.generate(modelRequest({ thinking: { enabled: false } }));
    await model.generate(modelRequest({ thinking: { enabled: true, budgetTokens: 4_096 } }));
    await model.generate(modelRequest({ thinking: { enabled: true, budgetTokens: 24_576 } }));
    await model.generate(modelRequest({ thinking: { enabled: true } }));
    await model.generate(modelRequest({ thinking: { enabled: true, budgetTokens: 24_576 } }));
    expect(server.requests.map((r) => r.body.reasoning_effort)).toEqual(["low", "medium", "high", "medium", undefined, undefined]);
    // not configured: never sent
    server.enqueue(textReply("f"));
    await modelFor(server).generate(modelRequest({ thinking: { enabled: false } }));
    expect(server.requests.at(-1)?.body).not.toHaveProperty("reasoning_effort");
  });

  describe("errors", () => {
    it("retries a 429 after its Retry-After and then succeeds", async () => {
      server.enqueue(rateLimited(0.2), textReply("after the wait"));
      const started = Date.now();
      expect((await modelFor(server).generate(modelRequest())).text).toBe("after the wait");
      expect(server.requests).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it("reads retry-after-ms before Retry-After", async () => {
      server.enqueue(apiError(429, "Rate limit reached.", { code: "rate_limit_exceeded", headers: { "retry-after-ms": "150", "retry-after": "120" } }), textReply("ok"));
      const started = Date.now();
      await modelFor(server).generate(modelRequest());
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("fails at once with LLM.RATE_LIMITED when Retry-After asks for a longer wait than the policy allows", async () => {
      server.enqueue(rateLimited(120));
      const error = await domainErrorOf(() => modelFor(server, { maxRetryAfterMs: 1_000 }).generate(modelRequest()));
      expect(error.code).toBe("LLM.RATE_LIMITED");
      expect(error.details?.retryAfterMs).toBe(120_000);
      expect(server.requests).toHaveLength(1);
    });

    it("does not retry a used-up quota (insufficient_quota is billing, not pace)", async () => {
      server.enqueue(apiError(429, "You exceeded your current quota, please check your plan and billing details.", { type: "insufficient_quota", code: "insufficient_quota" }));
      const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
      expect([error.code, error.isRetryable, error.details?.quotaId]).toEqual(["LLM.RATE_LIMITED", false, "insufficient_quota"]);
      expect(server.requests).toHaveLength(1);
    });

    it("retries 5xx and gives up with a retryable LLM.UNAVAILABLE after the configured retries", async () => {
      server.enqueue(overloaded(), overloaded(), overloaded());
      const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
      expect([error.code, error.isRetryable]).toEqual(["LLM.UNAVAILABLE", true]);
      expect(error.message).toContain("503");
      expect(server.requests).toHaveLength(3);
    });

    it("reports a rejected key as LLM.NOT_CONFIGURED without echoing it, and an unknown model too", async () => {
      server.enqueue(apiError(401, "Incorrect API key provided: sk-wro***ong.", { code: "invalid_api_key" }), vllmError(404, "The model `qwen-x` does not exist.", "NotFoundError"));
      const rejected = await domainErrorOf(() => modelFor(server).generate(modelRequest({ apiKey: "secret-user-key-123" })));
      const unknown = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
      expect([rejected.code, unknown.code]).toEqual(["LLM.NOT_CONFIGURED", "LLM.NOT_CONFIGURED"]);
      expect(JSON.stringify(rejected.toJSON())).not.toContain("secret-user-key-123");
      expect(server.requests).toHaveLength(2);
    });

    it("reports a prompt over the context as VALIDATION.INVALID_INPUT naming the limit, without retrying", async () => {
      server.enqueue(vllmError(400, "This model's maximum context length is 32768 tokens. However, you requested 41648 tokens (37552 in the messages, 4096 in the completion)."));
      const error = await domainErrorOf(() => modelFor(server).generate(modelRequest()));
      expect(error.code).toBe("VALIDATION.INVALID_INPUT");
      expect(error.details).toMatchObject({ reason: "context_length_exceeded", contextTokens: 32768, requestedTokens: 41648 });
      expect(server.requests).toHaveLength(1);
    });

    it("maps a content filter, a finish_reason content_filter and a refusal to LLM.BLOCKED", async () => {
      server.enqueue(contentFiltered(), textReply(null, { finishReason: "content_filter" }), textReply(null, { refusal: "I can't help with that." }));
      const codes = [await errorCodeOf(() => modelFor(server).generate(modelRequest())), await errorCodeOf(() => modelFor(server).generate(modelRequest())), await errorCodeOf(() => modelFor(server).generate(modelRequest()))];
      expect(codes).toEqual(["LLM.BLOCKED", "LLM.BLOCKED", "LLM.BLOCKED"]);
    });

    it("maps finish_reason length on structured output to LLM.OUTPUT_TRUNCATED with the reasoning named", async () => {
      server.enqueue(textReply('{"answer_markdown": "ПР-1 — 9', { finishReason: "length", usage: { completion_tokens: 4096, reasoning_tokens: 3196 } }));
      const error = await domainErrorOf(() => modelFor(server).generate(modelRequest({ schema: CountAnswer, maxOutputTokens: 4096 })));
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ maxOutputTokens: 4096, outputTokens: 4096, thinkingTokens: 3196, remedy: "lower_thinking_or_raise_budget" });
    });

    it("maps a body that is not JSON to LLM.BAD_RESPONSE, and a refused connection to a retryable LLM.UNAVAILABLE", async () => {
      server.enqueue({ kind: "raw", status: 200, contentType: "application/json", body: '{"choices": [' });
      expect(await errorCodeOf(() => modelFor(server).generate(modelRequest()))).toBe("LLM.BAD_RESPONSE");
      const unreachable = new OpenAiLanguageModel(OpenAiConfig.parse({ baseUrl: "http://127.0.0.1:9/v1", maxRetries: 0 }));
      const error = await domainErrorOf(() => unreachable.generate(modelRequest()));
      expect([error.code, error.isRetryable]).toEqual(["LLM.UNAVAILABLE", true]);
    });

    it("times out a silent server with LLM.TIMEOUT, retrying each attempt", async () => {
      server.enqueue({ kind: "hang" }, { kind: "hang" });
      const started = Date.now();
      const error = await domainErrorOf(() => modelFor(server, { timeoutMs: 150, maxRetries: 1 }).generate(modelRequest()));
      expect(error.code).toBe("LLM.TIMEOUT");
      expect(server.requests).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it("cancels a hanging call when the caller aborts, without retrying, and drops the connection", async () => {
      server.enqueue({ kind: "hang" });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 80);
      const error = await domainErrorOf(() => modelFor(server).generate(modelRequest({ signal: controller.signal })));
      expect(error.code).toBe("OPERATION.CANCELLED");
      expect(server.requests).toHaveLength(1);
      await expect.poll(() => server.requests[0]?.closedEarly, { timeout: 1_000 }).toBe(true);
    });

    it("stops waiting out a Retry-After when the caller aborts", async () => {
      server.enqueue(rateLimited(5));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 80);
      const started = Date.now();
      const error = await domainErrorOf(() => modelFor(server, { maxRetryAfterMs: 10_000 }).generate(modelRequest({ signal: controller.signal })));
      expect(error.code).toBe("OPERATION.CANCELLED");
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });

  describe("streaming", () => {
    it("asks for usage, streams reasoning then content deltas, and ends with one finish carrying the last chunk's usage", async () => {
      const json = JSON.stringify({ answer_markdown: "Перемычки: 12 шт.", count: 12 });
      server.enqueue(textReply(json, { reasoning: "Looking at the table.", streamPieces: 5, usage: { prompt_tokens: 300, completion_tokens: 49, reasoning_tokens: 9 } }));
      const parts = await collectParts(modelFor(server).stream(modelRequest({ schema: CountAnswer })));
      expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      const thinking = parts.filter((part) => part.type === "thinking-delta").map((part) => part.delta);
      expect(thinking.join("")).toBe("Looking at the table.");
      expect(parts.findIndex((part) => part.type === "thinking-delta")).toBeLessThan(parts.findIndex((part) => part.type === "text-delta"));
      const deltas = parts.filter((part) => part.type === "text-delta");
      expect(deltas.length).toBeGreaterThanOrEqual(5);
      expect(deltas.map((part) => part.delta).join("")).toBe(json);
      const result = finishOf(parts);
      expect(result.object).toEqual({ answer_markdown: "Перемычки: 12 шт.", count: 12 });
      expect(result.usage).toEqual({ inputTokens: 300, outputTokens: 49, thinkingTokens: 9, cachedInputTokens: 0, images: 1 });
    });

    it.each<[string, WireReply, number]>([
      ["usage on the finish chunk (llama.cpp)", textReply("abc", { usage: { prompt_tokens: 40, completion_tokens: 3 }, style: { usage: "on-finish" } }), 40],
      ["no usage at all", textReply("abc", { style: { usage: "none" } }), 0],
      ["no finish_reason before [DONE]", textReply("abc", { usage: { prompt_tokens: 41 }, style: { finishReason: false } }), 41],
    ])("accepts a stream with %s", async (_label, reply, inputTokens) => {
      server.enqueue(reply);
      const result = finishOf(await collectParts(modelFor(server).stream(modelRequest())));
      expect(result.text).toBe("abc");
      expect(result.finishReason.unified).toBe("stop");
      expect(result.usage.inputTokens).toBe(inputTokens);
    });

    it("retries a stream that fails before its first chunk (429, dropped connection), then streams", async () => {
      server.enqueue(rateLimited(0), { kind: "stream", events: [], truncate: "reset" }, textReply("streamed after retry"));
      const parts = await collectParts(modelFor(server).stream(modelRequest()));
      expect(parts.filter((part) => part.type === "text-delta").map((part) => part.delta).join("")).toBe("streamed after retry");
      expect(server.requests).toHaveLength(3);
    });

    it.each([[true], ["reset"]] as const)("throws a retryable LLM.UNAVAILABLE after the partial deltas when the stream is cut (truncate: %s)", async (truncate) => {
      server.enqueue(brokenStream("the first half of the answer", 3, truncate));
      const deltas: string[] = [];
      const error = await domainErrorOf(async () => {
        for await (const part of modelFor(server).stream(modelRequest())) if (part.type === "text-delta") deltas.push(part.delta);
      });
      expect(deltas.join("")).toBe("the first half of the answer");
      expect([error.code, error.isRetryable]).toEqual(["LLM.UNAVAILABLE", true]);
      expect(server.requests).toHaveLength(1);
    });

    it("throws the error event a server sends in the middle of a stream", async () => {
      const start = (slowStream("partial", 10, 2) as Extract<WireReply, { kind: "stream" }>).events.slice(0, 2);
      server.enqueue({ kind: "stream", events: [...start, { error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } }] });
      const error = await domainErrorOf(() => collectParts(modelFor(server, { maxRetries: 0 }).stream(modelRequest())));
      expect(error.code).toBe("LLM.UNAVAILABLE");
      expect(error.message).toContain("server had an error");
    });

    it("maps finish_reason length mid-stream with only reasoning to LLM.OUTPUT_TRUNCATED: lower the thinking", async () => {
      server.enqueue(textReply("", { reasoning: "Counting the lintels on every axis first.", finishReason: "length", usage: { completion_tokens: 2048, reasoning_tokens: 2048 } }));
      const seen: StreamPart[] = [];
      const error = await domainErrorOf(async () => {
        for await (const part of modelFor(server).stream(modelRequest({ maxOutputTokens: 2048 }))) seen.push(part);
      });
      expect(new Set(seen.map((part) => part.type))).toEqual(new Set(["thinking-delta"]));
      expect(seen.map((part) => (part.type === "thinking-delta" ? part.delta : "")).join("")).toBe("Counting the lintels on every axis first.");
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ remedy: "lower_thinking", thinkingTokens: 2048 });
    });

    it("times out a stream that goes silent", async () => {
      server.enqueue(slowStream("x".repeat(30), 3_000, 3));
      expect(await errorCodeOf(() => collectParts(modelFor(server, { timeoutMs: 200, maxRetries: 0 }).stream(modelRequest())))).toBe("LLM.TIMEOUT");
    });

    it("closes the connection when the consumer stops early", async () => {
      server.enqueue(slowStream("y".repeat(100), 2_000, 10));
      for await (const part of modelFor(server).stream(modelRequest())) {
        expect(part.type).toBe("text-delta");
        break;
      }
      await expect.poll(() => server.requests[0]?.closedEarly, { timeout: 1_000 }).toBe(true);
    });
  });
});
