import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateRequest, StreamPart } from "../../core/ports/language-model.js";
import { domainErrorOf } from "../../core/ports/testing/domain-error-of.js";
import { OpenAiLanguageModel } from "./openai-language-model.js";
import { OpenAiConfig, type OpenAiConfigInput } from "./openai.config.js";
import { recordedReply } from "./testing/recorded-reply.js";
import { textReply } from "./testing/openai-wire-replies.js";
import { OpenAiWireServer } from "./testing/openai-wire-server.js";

/**
 * The adapter against replies real servers sent (fixtures/recorded, origins in its README), served byte for byte
 * by the wire server: what the hand-written replies of openai-language-model.test.ts only approximate.
 */
const fastRetries = { maxRetries: 2, retryMinDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000 } satisfies OpenAiConfigInput;

function request(extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { tier: "fast", system: "Answer briefly.", messages: [{ role: "user", parts: [{ type: "text", text: "What is the capital of Denmark?" }] }], ...extra };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const seen: StreamPart[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

describe("OpenAiLanguageModel replaying recorded replies", () => {
  let server: OpenAiWireServer;
  const model = (extra: OpenAiConfigInput = {}) => new OpenAiLanguageModel(OpenAiConfig.parse({ apiKey: "config-key", baseUrl: server.url, ...fastRetries, ...extra }));
  beforeAll(async () => {
    server = await OpenAiWireServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.clear();
  });

  it("reads a completion with its usage details", async () => {
    server.enqueue(recordedReply("gpt-4.1-nano-text"));
    const result = await model().generate(request());
    expect(result.text.startsWith("**Holiday Name:** Galaxy Day")).toBe(true);
    expect(result.text).toContain("vast darkness—mirroring");
    expect(result.finishReason).toEqual({ unified: "stop", raw: "stop" });
    expect(result.usage).toEqual({ inputTokens: 16, outputTokens: 363, thinkingTokens: 0, cachedInputTokens: 0, images: 0 });
    expect(result.model).toBe("gpt-4.1-nano-2025-04-14");
  });

  it("streams past Azure's choice-less filter chunk, books the reasoning inside completion_tokens, and takes the model from the chunks", async () => {
    server.enqueue(recordedReply("azure-gpt-5-nano-stream-reasoning"));
    const parts = await collect(model().stream(request()));
    expect(parts.filter((part) => part.type === "text-delta").map((part) => part.delta)).toEqual(["Capital", " of", " Denmark", "."]);
    expect(parts.filter((part) => part.type === "finish")).toHaveLength(1);
    const finish = parts.at(-1);
    if (finish?.type !== "finish") throw new Error("no finish part");
    expect(finish.result.text).toBe("Capital of Denmark.");
    expect(finish.result.usage).toEqual({ inputTokens: 15, outputTokens: 78, thinkingTokens: 64, cachedInputTokens: 0, images: 0 });
    expect(finish.result.model).toBe("gpt-5-nano-2025-08-07");
  });

  it("reports a rejected key as LLM.NOT_CONFIGURED, on generate and on stream", async () => {
    server.enqueue(recordedReply("invalid-api-key.401"), recordedReply("invalid-api-key.401"));
    const generated = await domainErrorOf(() => model().generate(request()));
    const streamed = await domainErrorOf(() => collect(model().stream(request())));
    for (const error of [generated, streamed]) {
      expect(error.code).toBe("LLM.NOT_CONFIGURED");
      expect(error.message).toContain("Incorrect API key provided");
    }
    expect(server.requests).toHaveLength(2);
  });

  it("waits out the 6 ms a 429 names only in its message, then succeeds", async () => {
    server.enqueue(recordedReply("rate-limited-tokens.429"), textReply("after the wait"));
    expect((await model().generate(request())).text).toBe("after the wait");
    expect(server.requests).toHaveLength(2);
    server.enqueue(recordedReply("rate-limited-tokens.429"));
    const error = await domainErrorOf(() => model({ maxRetries: 0 }).generate(request()));
    expect([error.code, error.isRetryable, error.details?.retryAfterMs]).toEqual(["LLM.RATE_LIMITED", true, 6]);
  });

  it("fails at once on a 429 that asks to wait 114 hours", async () => {
    server.enqueue(recordedReply("rate-limited-for-days.429"));
    const error = await domainErrorOf(() => model().generate(request()));
    expect(error.code).toBe("LLM.RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe((114 * 60 + 18) * 60_000);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["context-length-exceeded.400", 4097, 4120],
    ["vllm-context-length.400", 32768, 41648],
  ])("reads the context limit out of %s", async (name, contextTokens, requestedTokens) => {
    server.enqueue(recordedReply(name));
    const error = await domainErrorOf(() => model().generate(request()));
    expect(error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(error.details).toMatchObject({ reason: "context_length_exceeded", contextTokens, requestedTokens });
    expect(server.requests).toHaveLength(1);
  });

  it("maps Azure's content filter refusal to LLM.BLOCKED without retrying", async () => {
    server.enqueue(recordedReply("azure-content-filter.400"));
    const error = await domainErrorOf(() => collect(model().stream(request())));
    expect(error.code).toBe("LLM.BLOCKED");
    expect(error.details?.reason).toBe("content_filter");
    expect(server.requests).toHaveLength(1);
  });

  it("moves the budget to max_completion_tokens after a reasoning model's refusal of max_tokens", async () => {
    server.enqueue(recordedReply("unsupported-max-tokens.400"), textReply("ok"));
    expect((await model().generate(request({ maxOutputTokens: 256 }))).text).toBe("ok");
    expect(server.requests.map((r) => [r.body.max_tokens, r.body.max_completion_tokens])).toEqual([
      [256, undefined],
      [undefined, 256],
    ]);
  });
});
