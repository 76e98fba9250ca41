import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { LanguageModel } from "../../core/ports/language-model.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { createGeminiLanguageModel, geminiModule } from "./gemini.module.js";

describe("gemini.module", () => {
  it("binds LanguageModel to one GeminiLanguageModel", async () => {
    const container = new Container();
    container.load(geminiModule({ apiKey: "k", baseUrl: "http://127.0.0.1:9" }));
    const model = container.get<LanguageModel>(LanguageModel);
    expect(model).toBeInstanceOf(GeminiLanguageModel);
    expect(container.get(GeminiLanguageModel)).toBe(model);
  });

  it("rejects bad settings with one line naming the field", () => {
    expect(() => createGeminiLanguageModel({ baseUrl: "not a url", maxRetries: -1 })).toThrow(/invalid Gemini settings: baseUrl: .*; maxRetries: /);
  });
});
