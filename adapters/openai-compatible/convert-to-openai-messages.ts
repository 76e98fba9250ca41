import type { GenerateRequest, ModelMessage, ModelPart } from "../../core/ports/language-model.js";

type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string; detail?: "low" | "high" | "auto" } };

export type OpenAiMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: ContentPart[] }
  | { role: "assistant"; content: string };

const details = { low: "low", medium: "auto", high: "high" } as const;

/**
 * The port's conversation as chat-completions messages: the system prompt first, user turns as content parts with
 * images inline as `data:` URLs (no upload API is common to the servers), model turns as assistant text (the
 * format takes no images there).
 */
export function convertToOpenAiMessages(system: string, messages: ModelMessage[], mediaResolution?: GenerateRequest["mediaResolution"]): OpenAiMessage[] {
  const converted: OpenAiMessage[] = system ? [{ role: "system", content: system }] : [];
  for (const message of messages) {
    if (message.role === "model") {
      converted.push({ role: "assistant", content: message.parts.map((part) => (part.type === "text" ? part.text : "")).join("") });
    } else {
      converted.push({ role: "user", content: message.parts.map((part) => convertPart(part, mediaResolution)) });
    }
  }
  return converted;
}

function convertPart(part: ModelPart, mediaResolution: GenerateRequest["mediaResolution"]): ContentPart {
  if (part.type === "text") return { type: "text", text: part.text };
  const base64 = Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength).toString("base64");
  return { type: "image_url", image_url: { url: `data:${part.mimeType};base64,${base64}`, ...(mediaResolution ? { detail: details[mediaResolution] } : {}) } };
}
