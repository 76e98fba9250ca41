import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ErrorCode } from "../../domain/errors.js";
import type { GenerateRequest, LanguageModel, ModelLimits, StreamPart } from "../language-model.js";
import { domainErrorOf, errorCodeOf } from "./domain-error-of.js";

/** Drives one adapter through vendor-neutral situations; each method scripts the NEXT call. */
export interface LanguageModelHarness {
  model: LanguageModel;
  replyWith(text: string): void;
  /** The reply arrives over about `ms` milliseconds, so a cancellation can land mid-call. */
  replySlowly(text: string, ms: number): void;
  /** The call streams `prefix` and then the connection breaks. */
  failMidStream(prefix: string): void;
  /** Every attempt of the call finds the service down. */
  failUnavailable(): void;
  /** The safety filter refuses the call. */
  failBlocked(): void;
  /** The reply is `text` and then the output budget runs out (finish reason `length`). */
  replyCutOff(text: string): void;
  /** The model finishes normally without writing anything. */
  replyEmpty(): void;
  /** The same adapter, configured with these server limits (it may share the harness's scripted replies). */
  limitedTo(limits: ModelLimits): LanguageModel;
  close(): Promise<void>;
}

const Answer = z.object({ answer_markdown: z.string(), count: z.number().int() });
const pixel = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function request<T>(extra: Partial<GenerateRequest<T>> = {}): GenerateRequest<T> {
  return {
    tier: "fast",
    system: "You answer questions about drawings.",
    messages: [
      {
        role: "user",
        parts: [
          { type: "text", text: "How many lintels?" },
          { type: "image", mimeType: "image/png", data: pixel, label: "img-1" },
          { type: "image", mimeType: "image/png", data: pixel, label: "img-2" },
        ],
      },
    ],
    ...extra,
  };
}

async function collect<T>(parts: AsyncIterable<StreamPart<T>>): Promise<StreamPart<T>[]> {
  const seen: StreamPart<T>[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

/** The behaviour every `LanguageModel` (real adapter or fake) must show; see the port's JSDoc. */
export function describeLanguageModelContract(name: string, makeHarness: () => Promise<LanguageModelHarness>): void {
  describe(`LanguageModel contract: ${name}`, () => {
    let harness: LanguageModelHarness;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness.close();
    });

    it("generates structured output validated with the schema, with usage counting the images sent", async () => {
      harness.replyWith(JSON.stringify({ answer_markdown: "**7** lintels", count: 7 }));
      const result = await harness.model.generate(request({ schema: Answer }));
      expect(result.object).toEqual({ answer_markdown: "**7** lintels", count: 7 });
      expect(JSON.parse(result.text)).toEqual(result.object);
      expect(result.usage.images).toBe(2);
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.finishReason.unified).toBe("stop");
      expect(result.model).not.toBe("");
    });

    it("returns plain text without a schema", async () => {
      harness.replyWith("Seven lintels.");
      const result = await harness.model.generate(request());
      expect(result.text).toBe("Seven lintels.");
      expect(result.object).toBeUndefined();
    });

    it("rejects output that does not match the schema as LLM.BAD_RESPONSE", async () => {
      harness.replyWith(JSON.stringify({ answer_markdown: "x", count: "seven" }));
      expect(await errorCodeOf(() => harness.model.generate(request({ schema: Answer })))).toBe("LLM.BAD_RESPONSE");
    });

    it("returns plain text cut at the output budget, saying so in the finish reason", async () => {
      harness.replyCutOff("Seven lintels: ПР-1 on axes");
      const result = await harness.model.generate(request());
      expect(result.text).toBe("Seven lintels: ПР-1 on axes");
      expect(result.finishReason.unified).toBe("length");
    });

    it("reports structured output cut at the output budget as LLM.OUTPUT_TRUNCATED, not as a malformed answer", async () => {
      harness.replyCutOff('{"answer_markdown": "**7** lin');
      const error = await domainErrorOf(() => harness.model.generate(request({ schema: Answer, maxOutputTokens: 512 })));
      expect(error.code).toBe("LLM.OUTPUT_TRUNCATED");
      expect(error.details?.remedy).toMatch(/raise_budget|lower_thinking/);
    });

    it("reports an answer without any text as LLM.EMPTY_RESPONSE", async () => {
      harness.replyEmpty();
      expect((await domainErrorOf(() => harness.model.generate(request()))).code).toBe("LLM.EMPTY_RESPONSE");
    });

    it("streams text deltas and ends with exactly one finish carrying the whole result", async () => {
      const text = JSON.stringify({ answer_markdown: "Перемычки ПР-1: 12 шт., ПР-2: 4 шт.", count: 16 });
      harness.replyWith(text);
      const parts = await collect(harness.model.stream(request({ schema: Answer })));
      const deltas = parts.filter((part) => part.type === "text-delta");
      const finishes = parts.filter((part) => part.type === "finish");
      expect(deltas.length).toBeGreaterThan(1);
      expect(finishes).toHaveLength(1);
      expect(parts.at(-1)?.type).toBe("finish");
      const finish = finishes[0] as Extract<StreamPart, { type: "finish" }>;
      expect(deltas.map((part) => part.delta).join("")).toBe(text);
      expect(finish.result.text).toBe(text);
      expect(finish.result.object).toEqual(JSON.parse(text));
    });

    it("fails mid-stream after the deltas already yielded", async () => {
      harness.failMidStream('{"answer_markdown": "partial ans');
      const seen: string[] = [];
      const error = await domainErrorOf(async () => {
        for await (const part of harness.model.stream(request({ schema: Answer }))) if (part.type === "text-delta") seen.push(part.delta);
      });
      expect(seen.join("")).toContain("partial");
      expect(error.code.startsWith("LLM.")).toBe(true);
    });

    it.each<[string, (h: LanguageModelHarness) => void, ErrorCode]>([
      ["an unavailable service", (h) => h.failUnavailable(), "LLM.UNAVAILABLE"],
      ["a safety block", (h) => h.failBlocked(), "LLM.BLOCKED"],
    ])("maps %s to its error code", async (_label, script, code) => {
      script(harness);
      expect(await errorCodeOf(() => harness.model.generate(request()))).toBe(code);
    });

    it("states its configured limits and refuses more images than allowed before calling, on generate and stream", async () => {
      expect(harness.model.limits?.maxImagesPerRequest).toBeUndefined();
      const limited = harness.limitedTo({ maxImagesPerRequest: 1, contextTokens: 32_768, imageTokens: 1_200 });
      expect(limited.limits).toEqual({ maxImagesPerRequest: 1, contextTokens: 32_768, imageTokens: 1_200 });
      const generated = await domainErrorOf(() => limited.generate(request()));
      expect(generated.code).toBe("VALIDATION.INVALID_INPUT");
      expect(generated.details).toMatchObject({ images: 2, maxImagesPerRequest: 1 });
      expect(await errorCodeOf(() => collect(limited.stream(request())))).toBe("VALIDATION.INVALID_INPUT");
      // one image is within the limit; the reply was scripted for this call, so nothing was consumed by the refusals
      harness.replyWith("One image read.");
      const [text, image] = request().messages[0]!.parts;
      const one = await limited.generate(request({ messages: [{ role: "user", parts: [text!, image!] }] }));
      expect(one.text).toBe("One image read.");
      expect(one.usage.images).toBe(1);
    });

    it("cancels through the signal, before and during the call", async () => {
      const early = new AbortController();
      early.abort();
      expect(await errorCodeOf(() => harness.model.generate(request({ signal: early.signal })))).toBe("OPERATION.CANCELLED");

      harness.replySlowly("a slow answer that will not finish", 2_000);
      const late = new AbortController();
      const started = Date.now();
      setTimeout(() => late.abort(), 50);
      const error = await domainErrorOf(() => collect(harness.model.stream(request({ signal: late.signal }))));
      expect(error.code).toBe("OPERATION.CANCELLED");
      expect(Date.now() - started).toBeLessThan(1_500);
    });
  });
}
