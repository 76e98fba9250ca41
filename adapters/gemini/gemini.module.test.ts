import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { LanguageModel } from "../../core/ports/language-model.js";
import { createGeminiLanguageModel } from "./create-gemini-language-model.js";
import { geminiModule } from "./gemini.module.js";

const request = { tier: "fast" as const, system: "s", messages: [{ role: "user" as const, parts: [{ type: "text" as const, text: "q" }] }] };

describe("gemini.module", () => {
  it("binds LanguageModel to one Gemini model with the settings' limits, whose calls reach the Gemini adapter", async () => {
    const container = new Container();
    container.load(geminiModule({ baseUrl: "http://127.0.0.1:9", maxImagesPerRequest: 3 }));
    const model = await container.getAsync<LanguageModel>(LanguageModel);
    expect(model.name).toBe("gemini");
    expect(model.limits).toEqual({ maxImagesPerRequest: 3 });
    expect(await container.getAsync<LanguageModel>(LanguageModel)).toBe(model);
    // the adapter's own refusals, before any request: no key, then more images than the settings allow
    await expect(model.generate(request)).rejects.toMatchObject({ code: "LLM.NOT_CONFIGURED" });
    const images = Array.from({ length: 4 }, () => ({ type: "image" as const, mimeType: "image/png", data: new Uint8Array([1]) }));
    await expect(model.generate({ ...request, apiKey: "k", messages: [{ role: "user", parts: images }] })).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
  });

  it("rejects bad settings with one line naming the field, on resolve", async () => {
    expect(() => createGeminiLanguageModel({ baseUrl: "not a url", maxRetries: -1 })).toThrow(/invalid Gemini settings: baseUrl: .*; maxRetries: /);
    const container = new Container();
    container.load(geminiModule({ baseUrl: "not a url" }));
    await expect(container.getAsync<LanguageModel>(LanguageModel)).rejects.toThrow(/invalid Gemini settings: baseUrl: /);
  });
});
