import { describe, expect, it } from "vitest";
import { z } from "zod";
import { encodeGrayPng } from "../../core/ocr/gray-png.js";
import { createOpenAiLanguageModel } from "./openai.module.js";

// Opt-in tier (`npm run test:live`): talks to a real OpenAI-compatible server, e.g. a vLLM or Ollama on the local
// network. AIZOOMDOC_LIVE_OPENAI_BASE_URL names it (up to /v1); _API_KEY and _MODEL are optional.
const baseUrl = process.env.AIZOOMDOC_LIVE_OPENAI_BASE_URL;
const apiKey = process.env.AIZOOMDOC_LIVE_OPENAI_API_KEY;
const modelName = process.env.AIZOOMDOC_LIVE_OPENAI_MODEL;
if (!baseUrl) console.warn("openai-compatible live test skipped: AIZOOMDOC_LIVE_OPENAI_BASE_URL is not set (the server's API root, e.g. http://gpu-box:8000/v1)");

// a 64×64 PNG: a black square on white, so the server's image path is exercised, not only text
const square = encodeGrayPng(Uint8Array.from({ length: 64 * 64 }, (_, i) => (i % 64 > 16 && i % 64 < 48 && i > 16 * 64 && i < 48 * 64 ? 0 : 255)), 64, 64);

describe.skipIf(!baseUrl)("OpenAiLanguageModel against a live OpenAI-compatible server", () => {
  const model = createOpenAiLanguageModel({
    baseUrl: baseUrl ?? "http://127.0.0.1:9/v1",
    ...(apiKey ? { apiKey } : {}),
    ...(modelName ? { fastModel: modelName, strongModel: modelName } : {}),
    maxRetries: 2,
    timeoutMs: 300_000,
  });
  const Schema = z.object({ answer_markdown: z.string(), total: z.number().int() });
  const question = {
    tier: "fast" as const,
    system: "Answer briefly in the language of the question.",
    messages: [
      {
        role: "user" as const,
        parts: [
          { type: "text" as const, text: "На плане 3 перемычки ПР-1 и 4 перемычки ПР-2. Сколько всего? Ответь JSON." },
          { type: "image" as const, mimeType: "image/png", data: square },
        ],
      },
    ],
    schema: Schema,
    temperature: 0,
    maxOutputTokens: 1_024,
  };

  it("returns a small structured answer about a request with an image, with usage", async () => {
    const result = await model.generate(question);
    expect(result.object?.total).toBe(7);
    expect(result.usage.images).toBe(1);
    expect(result.finishReason.unified).toBe("stop");
  });

  it("streams the same answer, ending with one finish", async () => {
    const parts = [];
    for await (const part of model.stream(question)) parts.push(part);
    const finish = parts.at(-1);
    expect(finish?.type).toBe("finish");
    expect(finish?.type === "finish" ? finish.result.object?.total : undefined).toBe(7);
    expect(parts.filter((part) => part.type === "text-delta").length).toBeGreaterThan(0);
  });
});
