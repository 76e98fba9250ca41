import type { z } from "zod";
import { DomainError } from "./errors.js";

/**
 * Parses a model's JSON answer and validates it with the request's schema.
 * Models sometimes wrap JSON in a Markdown fence or add a sentence around it even in JSON mode, so one
 * repair is tried: the fenced block, else the outermost `{…}`. Anything else is `LLM.BAD_RESPONSE`.
 */
export function parseStructuredOutput<T>(text: string, schema: z.ZodType<T>, model: string): T {
  const json = parseJsonLeniently(text);
  if (json === undefined) {
    throw new DomainError("LLM.BAD_RESPONSE", `${model} returned text that is not JSON: ${preview(text)}`, {
      details: { model, preview: preview(text) },
    });
  }
  const result = schema.safeParse(json.value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new DomainError("LLM.BAD_RESPONSE", `${model} returned JSON that does not match the schema: ${issues.join("; ")}`, {
      details: { model, issues },
    });
  }
  return result.data;
}

function parseJsonLeniently(text: string): { value: unknown } | undefined {
  const candidates = [text];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1]);
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return { value: JSON.parse(candidate) };
    } catch {
      // try the next, more lenient reading
    }
  }
  return undefined;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || "(empty)";
}
