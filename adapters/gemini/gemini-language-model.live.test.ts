import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createGeminiLanguageModel } from "./create-gemini-language-model.js";

// Opt-in tier (`npm run test:live`): talks to the real Gemini API with the key from the environment.
const apiKey = process.env.GEMINI_API_KEY;
if (!apiKey) console.warn("gemini live test skipped: GEMINI_API_KEY is not set");

describe.skipIf(!apiKey)("GeminiLanguageModel against the live API", () => {
  it("returns a small structured answer with usage", async () => {
    const model = createGeminiLanguageModel({ apiKey, maxRetries: 2, timeoutMs: 60_000 });
    const Schema = z.object({ answer_markdown: z.string(), total: z.number().int() });
    const result = await model.generate({
      tier: "fast",
      system: "Answer briefly in the language of the question.",
      messages: [{ role: "user", parts: [{ type: "text", text: "На плане 3 перемычки ПР-1 и 4 перемычки ПР-2. Сколько всего? Ответь JSON." }] }],
      schema: Schema,
      thinking: { enabled: false },
      temperature: 0,
    });
    expect(result.object?.total).toBe(7);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.finishReason.unified).toBe("stop");
  });
});
