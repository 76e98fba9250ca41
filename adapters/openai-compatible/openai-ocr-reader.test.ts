import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LanguageModelTextRecognizer } from "../../core/ocr/language-model-text-recognizer.js";
import { FilePromptLibrary } from "../local/file-prompt-library.js";
import { OpenAiLanguageModel } from "./openai-language-model.js";
import { OpenAiConfig } from "./openai.config.js";
import { apiError, textReply } from "./testing/openai-wire-replies.js";
import { OpenAiWireServer } from "./testing/openai-wire-server.js";

/** The model as a second OCR reader over the OpenAI wire format, as a self-hosted vision server without a key reads. */
describe("LanguageModelTextRecognizer over the OpenAI-compatible wire format", () => {
  let server: OpenAiWireServer;
  let recognizer: LanguageModelTextRecognizer;

  beforeAll(async () => {
    server = await OpenAiWireServer.start();
    const model = new OpenAiLanguageModel(OpenAiConfig.parse({ baseUrl: server.url, fastModel: "qwen2.5-vl-7b", maxRetries: 0, timeoutMs: 2_000 }));
    recognizer = new LanguageModelTextRecognizer(model, new FilePromptLibrary({ directory: "prompts" }));
  });
  afterAll(() => server.close());

  const tile = () => ({ image: new Uint8Array(200 * 100).fill(255), raw: { width: 200, height: 100 }, dpi: 300, languages: ["rus", "eng"] });

  it("sends the tile as a PNG data URL with the schema and reads the lines back in pixels", async () => {
    server.enqueue(textReply(JSON.stringify({ lines: [{ text: "Узел А3-13*", bbox: [100, 200, 600, 400], confidence: 0.93 }] })));
    const result = await recognizer.recognize(tile());
    expect(result.lines.map((l) => [l.text, l.bbox, l.confidence])).toEqual([["Узел А3-13*", [20, 20, 120, 40], 0.93]]);
    const body = server.requests.at(-1)!.body;
    expect(body.model).toBe("qwen2.5-vl-7b");
    expect((body.response_format as { type: string }).type).toBe("json_schema");
    const sent = JSON.stringify(body.messages);
    expect(sent).toContain('"url":"data:image/png;base64,iVBORw0KGgo');
    expect(sent).toContain("Russian, English");
    expect(server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("reads in JSON mode once the server refused json_schema, repairing a reply that misses a field", async () => {
    const before = server.requests.length;
    server.enqueue(
      apiError(400, "'response_format.type' must be 'json_object' or 'text'", { param: "response_format" }),
      textReply(JSON.stringify({ lines: [{ text: "ПР-2", bbox: [0, 0, 500, 500] }] })),
      textReply(JSON.stringify({ lines: [{ text: "ПР-2", bbox: [0, 0, 500, 500], confidence: 0.8 }] })),
    );
    expect((await recognizer.recognize(tile())).lines.map((l) => l.text)).toEqual(["ПР-2"]);
    const [refused, jsonMode, repair] = server.requests.slice(before).map((r) => r.body);
    expect((refused?.response_format as { type: string }).type).toBe("json_schema");
    expect(jsonMode?.response_format).toEqual({ type: "json_object" });
    expect(JSON.stringify(repair?.messages)).toContain("confidence");
  });

  it("reports an overloaded server with its LLM code so the page is skipped, not the document", async () => {
    server.enqueue(apiError(503, "The server is overloaded or not ready yet.", { type: "server_error" }));
    await expect(recognizer.recognize(tile())).rejects.toMatchObject({ code: "LLM.UNAVAILABLE" });
  });
});
