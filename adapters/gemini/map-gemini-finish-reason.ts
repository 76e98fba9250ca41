import type { FinishReason } from "../../core/ports/language-model.js";

/** Gemini finish reasons that mean the output was withheld by a content filter. */
const filtered = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT"]);

export function mapGeminiFinishReason(raw: string | undefined): FinishReason {
  if (raw === undefined) return { unified: "other" };
  if (raw === "STOP") return { unified: "stop", raw };
  if (raw === "MAX_TOKENS") return { unified: "length", raw };
  if (filtered.has(raw)) return { unified: "content-filter", raw };
  if (raw === "MALFORMED_FUNCTION_CALL" || raw === "UNEXPECTED_TOOL_CALL") return { unified: "error", raw };
  return { unified: "other", raw };
}
