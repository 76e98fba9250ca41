import { Container } from "inversify";
import { describe, expect, it } from "vitest";
import { LanguageModel } from "../../core/ports/language-model.js";
import { OpenAiLanguageModel } from "./openai-language-model.js";
import { createOpenAiLanguageModel, openAiModule } from "./openai.module.js";

describe("openai.module", () => {
  it("binds LanguageModel to one OpenAiLanguageModel, with no key needed", () => {
    const container = new Container();
    container.load(openAiModule({ baseUrl: "http://127.0.0.1:9/v1" }));
    const model = container.get<LanguageModel>(LanguageModel);
    expect(model).toBeInstanceOf(OpenAiLanguageModel);
    expect(container.get(OpenAiLanguageModel)).toBe(model);
  });

  it("rejects bad settings with one line naming the field", () => {
    expect(() => createOpenAiLanguageModel({ baseUrl: "not a url", structuredOutput: "grammar" as never })).toThrow(/invalid OpenAI-compatible model settings: baseUrl: .*; structuredOutput: /);
  });
});
