import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";
import type { GenerateRequest, StreamPart } from "../../core/ports/language-model.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { GeminiConfig, type GeminiConfigInput } from "./gemini.config.js";
import { recordedReply } from "./testing/recorded-reply.js";
import { GeminiWireServer } from "./testing/gemini-wire-server.js";

/**
 * The adapter against replies Gemini really sent (fixtures/recorded, origins in its README), served byte for
 * byte by the wire server: what the hand-written replies of gemini-language-model.test.ts only approximate.
 */
const Answer = z.object({ answer_markdown: z.string() });
const fastRetries = { maxRetries: 2, retryMinDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2_000 } satisfies GeminiConfigInput;
// A case the adapter gets wrong may wait out a real RetryInfo delay; it should fail, not stall the suite.
const replayTimeoutMs = 5_000;

function request<T>(extra: Partial<GenerateRequest<T>> = {}): GenerateRequest<T> {
  return { tier: "fast", system: "Answer briefly.", messages: [{ role: "user", parts: [{ type: "text", text: "why is the sky blue?" }] }], ...extra };
}

async function failureOf(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (DomainError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

async function collect<T>(parts: AsyncIterable<StreamPart<T>>, seen: StreamPart<T>[] = []): Promise<StreamPart<T>[]> {
  for await (const part of parts) seen.push(part);
  return seen;
}

const deltas = (parts: StreamPart[], type: "text-delta" | "thinking-delta") =>
  parts.flatMap((part) => (part.type === type ? [part.delta] : []));
const finishOf = (parts: StreamPart[]) => {
  const last = parts.at(-1);
  if (last?.type !== "finish") throw new Error("the stream did not end with a finish part");
  return last.result;
};

describe("GeminiLanguageModel replaying recorded Gemini replies", () => {
  let server: GeminiWireServer;
  const model = (extra: GeminiConfigInput = {}) => new GeminiLanguageModel(GeminiConfig.parse({ apiKey: "config-key", baseUrl: server.url, ...fastRetries, ...extra }));
  beforeAll(async () => {
    server = await GeminiWireServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.clear();
  });

  describe("answers", () => {
    it("books a 2.5 answer's thinking as output next to its visible tokens", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-thinking"));
      const result = await model().generate(request());
      expect(result.text).toBe("Hello there! How can I help you today?");
      expect(result.usage).toEqual({ inputTokens: 10, outputTokens: 35, thinkingTokens: 27, images: 0 });
    });

    it("streams a 2.5 answer's thought summaries, then its text, and books the last chunk's cumulative counts", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-stream-thinking"));
      const parts = await collect(model().stream(request({ thinking: { enabled: true } })));
      expect(deltas(parts, "thinking-delta")).toHaveLength(3);
      expect(deltas(parts, "text-delta").join("")).toBe("Hi there! How can I help you today?");
      expect(finishOf(parts).usage).toEqual({ inputTokens: 2, outputTokens: 351, thinkingTokens: 344, images: 0 });
    });

    it("reads a stream whose chunks carry no candidate index, with the system prompt sent", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-1.5-stream-high-low"));
      const parts = await collect(model().stream(request({ system: "I say high you say low." })));
      expect(deltas(parts, "text-delta").join("")).toBe("low\n");
      expect(finishOf(parts)).toMatchObject({ text: "low\n", finishReason: { unified: "stop" }, model: "gemini-1.5-flash", usage: { inputTokens: 8, outputTokens: 2 } });
    });

    it("takes the prompt count of the last chunk when it changes mid-stream", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.0-stream-prompt-count-changes"));
      const result = finishOf(await collect(model().stream(request())));
      expect(result.usage).toMatchObject({ inputTokens: 135, outputTokens: 2 });
    });

    it("joins a six-chunk stream exactly", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.0-stream-story"));
      const parts = await collect(model().stream(request()));
      const text = deltas(parts, "text-delta");
      expect(text).toHaveLength(6);
      expect(text.join("")).toMatch(/^Rain lashed against the bakery window\..*the smallest kindnesses are the warmest\.\n$/s);
      expect(finishOf(parts).usage).toMatchObject({ inputTokens: 11, outputTokens: 116 });
    });
  });

  describe("MAX_TOKENS", () => {
    it("returns plain text cut at the budget with finish reason length and thinking booked", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-max-tokens-thinking"));
      const result = await model().generate(request({ maxOutputTokens: 200 }));
      expect(result.text).toMatch(/^The sky is blue primarily due to .*nitrogen \(N2\) and oxygen \(O2$/s);
      expect(result.finishReason).toEqual({ unified: "length", raw: "MAX_TOKENS" });
      expect(result.usage).toEqual({ inputTokens: 7, outputTokens: 198, thinkingTokens: 51, images: 0 });
    });

    it("reports structured output cut at the budget as LLM.OUTPUT_TRUNCATED, not as text that is not JSON", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-max-tokens-thinking"));
      const error = await failureOf(() => model().generate(request({ schema: Answer, maxOutputTokens: 200 })));
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ maxOutputTokens: 200, outputTokens: 198, thinkingTokens: 51 });
      expect(server.modelRequests).toHaveLength(1);
    });

    it("streams text cut at the budget and ends with finish reason length", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.0-stream-max-tokens"));
      const parts = await collect(model().stream(request()));
      expect(deltas(parts, "text-delta").join("")).toBe("The sky is blue due to a phenomenon called **Rayleigh scattering**. Here's a breakdown:");
      expect(finishOf(parts).finishReason).toEqual({ unified: "length", raw: "MAX_TOKENS" });
    });

    it("fails a streamed schema answer cut at the budget with LLM.OUTPUT_TRUNCATED after its deltas", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.0-stream-max-tokens"));
      const seen: StreamPart[] = [];
      const error = await failureOf(() => collect(model().stream(request({ schema: Answer })), seen));
      expect(deltas(seen, "text-delta")).toHaveLength(3);
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
    });

    it("reports a 2.5 answer that spent its budget thinking as LLM.OUTPUT_TRUNCATED, booking the thinking", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-reasoning-max-tokens"));
      const error = await failureOf(() => model().generate(request({ schema: Answer, maxOutputTokens: 64 })));
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ outputTokens: 60, thinkingTokens: 57, partialText: "We are looking" });
    });

    it("returns that 2.5 answer's plain text with finish reason length", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-reasoning-max-tokens"));
      const result = await model().generate(request({ maxOutputTokens: 64 }));
      expect(result).toMatchObject({ text: "We are looking", finishReason: { unified: "length" }, usage: { inputTokens: 29, outputTokens: 60, thinkingTokens: 57 } });
    });

    it("streams the thought summary of a 2.5 stream cut at the budget, then its first word, books 59 thinking tokens", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-stream-reasoning-max-tokens"));
      const parts = await collect(model().stream(request({ thinking: { enabled: true, budgetTokens: 1024 }, maxOutputTokens: 64 })));
      expect(deltas(parts, "thinking-delta")[0]).toMatch(/^\*\*Initiating the Descent\*\*/);
      expect(deltas(parts, "text-delta")).toEqual(["We"]);
      expect(finishOf(parts)).toMatchObject({ finishReason: { unified: "length" }, usage: { inputTokens: 29, outputTokens: 59, thinkingTokens: 59 } });
    });

    it("fails that stream with a schema as LLM.OUTPUT_TRUNCATED", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-stream-reasoning-max-tokens"));
      expect((await failureOf(() => collect(model().stream(request({ schema: Answer }))))).code).toBe("LLM.OUTPUT_TRUNCATED");
    });

    it("reports a candidate with no parts that thought until MAX_TOKENS as LLM.OUTPUT_TRUNCATED, not as empty text", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("pro-2.5-thinking-only-max-tokens"));
      const error = await failureOf(() => model().generate(request()));
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details).toMatchObject({ thinkingTokens: 2999, outputTokens: 2999 });
      expect(error.message).toMatch(/thinking/);
    });
  });

  describe("answers without text", () => {
    it("reports a STOP candidate with no parts as LLM.EMPTY_RESPONSE", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("pro-2.5-empty-stop"));
      expect((await failureOf(() => model().generate(request()))).code).toBe("LLM.EMPTY_RESPONSE");
    });

    it("reports it as LLM.EMPTY_RESPONSE with a schema too, not as text that is not JSON", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("pro-2.5-empty-stop"));
      expect((await failureOf(() => model().generate(request({ schema: Answer })))).code).toBe("LLM.EMPTY_RESPONSE");
    });

    it("reports a candidate without content that ended MALFORMED_FUNCTION_CALL as LLM.BAD_RESPONSE naming the finish", { timeout: replayTimeoutMs }, async () => {
      // its finishMessage ("Malformed function call: …") is dropped by @google/genai 2.32 on the Developer API path
      server.enqueue(recordedReply("flash-2.5-malformed-function-call"));
      const error = await failureOf(() => model().generate(request()));
      expect(error.code).toBe("LLM.BAD_RESPONSE");
      expect(error.details?.finishReason).toBe("MALFORMED_FUNCTION_CALL");
    });

    it("reports the same candidate on a stream as LLM.BAD_RESPONSE", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("flash-2.5-stream-malformed-function-call"));
      expect((await failureOf(() => collect(model().stream(request())))).code).toBe("LLM.BAD_RESPONSE");
    });
  });

  describe("errors", () => {
    it("maps a rejected key on generateContent to LLM.NOT_CONFIGURED without retrying or echoing the key", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("api-key-invalid.400"));
      const error = await failureOf(() => model().generate(request({ apiKey: "secret-user-key-123" })));
      expect(error.code).toBe("LLM.NOT_CONFIGURED");
      expect(JSON.stringify(error.toJSON())).not.toContain("secret-user-key-123");
      expect(server.modelRequests).toHaveLength(1);
    });

    it("maps a disabled API (403 PERMISSION_DENIED) to LLM.NOT_CONFIGURED", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("service-disabled.403"));
      const error = await failureOf(() => model().generate(request()));
      expect(error.code).toBe("LLM.NOT_CONFIGURED");
      expect(error.details?.googleStatus).toBe("PERMISSION_DENIED");
    });

    it("maps a rejected key on the stream endpoint to LLM.NOT_CONFIGURED, not to a refused request", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("stream-api-key-invalid.400"));
      const error = await failureOf(() => collect(model().stream(request())));
      expect(error.code).toBe("LLM.NOT_CONFIGURED");
      expect(error.details?.googleStatus).toBe("INVALID_ARGUMENT");
      expect(error.message).toContain("API key not valid");
    });

    it("keeps Google's status and message of an unknown model on the stream endpoint", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("stream-model-not-found.404"));
      const error = await failureOf(() => collect(model().stream(request())));
      expect(error.code).toBe("LLM.NOT_CONFIGURED");
      expect(error.details?.googleStatus).toBe("NOT_FOUND");
      expect(error.message).toContain("models/custom-gemini-2.0-flash is not found for API version v1beta");
    });

    it("reads a stream 429's RetryInfo and fails at once when it is longer than the policy waits", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("stream-rate-limited-per-minute.429"), recordedReply("stream-rate-limited-per-minute.429"), recordedReply("stream-rate-limited-per-minute.429"));
      const error = await failureOf(() => collect(model({ maxRetryAfterMs: 1_000 }).stream(request())));
      expect(error.code).toBe("LLM.RATE_LIMITED");
      expect(error.details).toMatchObject({ retryAfterMs: 26_000, googleStatus: "RESOURCE_EXHAUSTED" });
      expect(server.modelRequests).toHaveLength(1);
    });

    it("fails a stream at once on an exhausted daily quota, whatever its RetryInfo says", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("stream-rate-limited-per-day.429"), recordedReply("stream-rate-limited-per-day.429"), recordedReply("stream-rate-limited-per-day.429"));
      const error = await failureOf(() => collect(model({ maxRetryAfterMs: 60_000 }).stream(request())));
      expect(error.code).toBe("LLM.RATE_LIMITED");
      expect(error.isRetryable).toBe(false);
      expect(error.details?.quotaId).toBe("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
      expect(server.modelRequests).toHaveLength(1);
    });

    it("fails generateContent at once on an exhausted daily quota too", { timeout: replayTimeoutMs }, async () => {
      server.enqueue(recordedReply("rate-limited-per-day.429"), recordedReply("rate-limited-per-day.429"), recordedReply("rate-limited-per-day.429"));
      const error = await failureOf(() => model({ maxRetryAfterMs: 60_000 }).generate(request()));
      expect(error.code).toBe("LLM.RATE_LIMITED");
      expect(error.details?.quotaId).toBe("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
      expect(server.modelRequests).toHaveLength(1);
    });
  });
});
