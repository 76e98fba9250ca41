import { describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import type { LanguageModel } from "../../core/ports/language-model.js";
import { describeLanguageModelContract } from "../../core/ports/testing/language-model.contract.js";
import { ScriptedLanguageModel } from "../../core/ports/testing/scripted-language-model.js";
import { DeferredLanguageModel } from "./deferred-language-model.js";

const deferred = (model: LanguageModel) => new DeferredLanguageModel(model.name, model.limits ?? {}, async () => model);

describeLanguageModelContract("DeferredLanguageModel over ScriptedLanguageModel", async () => {
  const model = new ScriptedLanguageModel();
  return {
    model: deferred(model),
    replyWith: (text) => model.enqueue({ text }),
    replySlowly: (text, ms) => model.enqueue({ text, chunkSize: 4, delayMs: Math.ceil((ms * 4) / Math.max(1, text.length)) }),
    failMidStream: (prefix) => model.enqueue({ text: prefix, error: new DomainError("LLM.UNAVAILABLE", "stream broke", { retryable: true }) }),
    failUnavailable: () => model.enqueue({ error: new DomainError("LLM.UNAVAILABLE", "down", { retryable: true }) }),
    failBlocked: () => model.enqueue({ error: new DomainError("LLM.BLOCKED", "blocked") }),
    replyCutOff: (text) => model.enqueue({ text, finishReason: { unified: "length", raw: "MAX_TOKENS" } }),
    replyEmpty: () => model.enqueue({ text: "" }),
    limitedTo: (limits) => deferred(model.withLimits(limits)),
    close: async () => {},
  };
});

describe("DeferredLanguageModel", () => {
  const request = { tier: "fast" as const, system: "s", messages: [{ role: "user" as const, parts: [{ type: "text" as const, text: "q" }] }] };

  it("loads its model on the first call, once, and tries again after a failed load", async () => {
    const model = new ScriptedLanguageModel([{ text: "one" }, { text: "two" }]);
    let loads = 0;
    const lazy = new DeferredLanguageModel("scripted", {}, async () => {
      loads++;
      if (loads === 1) throw new DomainError("INTERNAL", "the SDK failed to load");
      return model;
    });
    expect(loads).toBe(0);
    await expect(lazy.generate(request)).rejects.toThrow("the SDK failed to load");
    const [first, second] = await Promise.all([lazy.generate(request), lazy.generate(request)]);
    expect([first.text, second.text].sort()).toEqual(["one", "two"]);
    expect(loads).toBe(2);
  });
});
