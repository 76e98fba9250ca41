import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LanguageModelTextRecognizer } from "../../core/ocr/language-model-text-recognizer.js";
import { FilePromptLibrary } from "../local/file-prompt-library.js";
import { GeminiLanguageModel } from "./gemini-language-model.js";
import { GeminiConfig } from "./gemini.config.js";
import { googleError, textReply } from "./testing/gemini-wire-replies.js";
import { GeminiWireServer } from "./testing/gemini-wire-server.js";

/** The model as a second OCR reader, over Gemini's wire format: tiles go out as inline PNG, lines come back as JSON. */
describe("LanguageModelTextRecognizer over the Gemini wire format", () => {
  let server: GeminiWireServer;
  let recognizer: LanguageModelTextRecognizer;

  beforeAll(async () => {
    server = await GeminiWireServer.start();
    const model = new GeminiLanguageModel(GeminiConfig.parse({ apiKey: "config-key", baseUrl: server.url, maxRetries: 0, timeoutMs: 2_000 }));
    recognizer = new LanguageModelTextRecognizer(model, new FilePromptLibrary({ directory: "prompts" }));
  });
  afterAll(() => server.close());

  const tile = () => ({ image: new Uint8Array(200 * 100).fill(255), raw: { width: 200, height: 100 }, dpi: 300, languages: ["rus", "eng"] });

  it("sends the tile as an inline PNG with a JSON schema and reads the lines back in pixels", async () => {
    server.enqueue(textReply(JSON.stringify({ lines: [{ text: "Узел А3-13*", bbox: [100, 200, 600, 400], confidence: 0.93 }] })));
    const result = await recognizer.recognize(tile());
    expect(recognizer.engine).toBe("gemini");
    expect(result.lines.map((l) => [l.text, l.bbox, l.confidence])).toEqual([["Узел А3-13*", [20, 20, 120, 40], 0.93]]);
    const sent = JSON.stringify(server.requests.at(-1)!.body);
    expect(sent).toContain('"mimeType":"image/png"');
    expect(sent).toContain("application/json");
    expect(sent).toContain("Russian, English");
  });

  it("reports an overloaded service with its LLM code so the page is skipped, not the document", async () => {
    server.enqueue(googleError(503, "UNAVAILABLE", "The model is overloaded."));
    await expect(recognizer.recognize(tile())).rejects.toMatchObject({ code: "LLM.UNAVAILABLE" });
  });
});
