import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { LanguageModel } from "../../core/ports/language-model.js";
import { createGeminiLanguageModel } from "./create-gemini-language-model.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { geminiModule } from "./gemini.module.js";

describe("gemini.module", () => {
  it("binds LanguageModel to one GeminiLanguageModel, loaded on first resolve", async () => {
    const container = new Container();
    container.load(geminiModule({ apiKey: "k", baseUrl: "http://127.0.0.1:9" }));
    const model = await container.getAsync<LanguageModel>(LanguageModel);
    expect(model).toBeInstanceOf(GeminiLanguageModel);
    expect(await container.getAsync<LanguageModel>(LanguageModel)).toBe(model);
  });

  it("rejects bad settings with one line naming the field", async () => {
    expect(() => createGeminiLanguageModel({ baseUrl: "not a url", maxRetries: -1 })).toThrow(/invalid Gemini settings: baseUrl: .*; maxRetries: /);
    const container = new Container();
    container.load(geminiModule({ baseUrl: "not a url" }));
    await expect(container.getAsync<LanguageModel>(LanguageModel)).rejects.toThrow(/invalid Gemini settings: baseUrl: /);
  });
});
