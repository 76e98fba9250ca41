import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { describeLanguageModelContract } from "./language-model.contract.js";
import { ScriptedLanguageModel } from "./scripted-language-model.js";

describeLanguageModelContract("ScriptedLanguageModel", async () => {
  const model = new ScriptedLanguageModel();
  return {
    model,
    replyWith: (text) => model.enqueue({ text }),
    replySlowly: (text, ms) => model.enqueue({ text, chunkSize: 4, delayMs: Math.ceil((ms * 4) / Math.max(1, text.length)) }),
    failMidStream: (prefix) =>
      model.enqueue({ text: prefix, error: new DomainError("LLM.UNAVAILABLE", "stream broke", { retryable: true }) }),
    failUnavailable: () => model.enqueue({ error: new DomainError("LLM.UNAVAILABLE", "down", { retryable: true }) }),
    failBlocked: () => model.enqueue({ error: new DomainError("LLM.BLOCKED", "blocked") }),
    replyCutOff: (text) => model.enqueue({ text, finishReason: { unified: "length", raw: "MAX_TOKENS" } }),
    replyEmpty: () => model.enqueue({ text: "" }),
    limitedTo: (limits) => model.withLimits(limits),
    close: async () => {},
  };
});

describe("ScriptedLanguageModel", () => {
  const image = { type: "image" as const, mimeType: "image/png", data: new Uint8Array(10), label: "roi-1" };

  it("records every call with tier, system, texts, images and schema presence", async () => {
    const model = new ScriptedLanguageModel([{ object: { ok: true } }, { text: "plain" }]);
    await model.generate({
      tier: "strong",
      system: "sys",
      schema: z.object({ ok: z.boolean() }),
      messages: [{ role: "user", parts: [{ type: "text", text: "q" }, image, image] }],
    });
    await model.generate({ tier: "fast", system: "s2", messages: [{ role: "user", parts: [{ type: "text", text: "again" }] }] });
    expect(model.calls.map((call) => [call.method, call.tier, call.system, call.imageCount, call.hasSchema])).toEqual([
      ["generate", "strong", "sys", 2, true],
      ["generate", "fast", "s2", 0, false],
    ]);
    expect(model.calls[0]?.messages[0]?.images[0]).toEqual({ mimeType: "image/png", bytes: 10, label: "roi-1" });
    expect(model.remaining).toBe(0);
  });

  it("answers from a function of the request and estimates usage including images", async () => {
    const model = new ScriptedLanguageModel([(request) => ({ text: `tier=${request.tier}` })]);
    const result = await model.generate({ tier: "fast", system: "", messages: [{ role: "user", parts: [image] }] });
    expect(result.text).toBe("tier=fast");
    expect(result.usage).toMatchObject({ images: 1, inputTokens: 258 });
  });

  it("throws a clear error when the script runs out", async () => {
    const model = new ScriptedLanguageModel();
    await expect(model.generate({ tier: "fast", system: "", messages: [] })).rejects.toThrow(/no scripted reply left for call #1/);
  });
});
