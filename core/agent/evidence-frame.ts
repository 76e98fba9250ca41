import { roundBBox } from "../domain/geometry.js";
import type { Candidate, ShownImage } from "./agent-run.js";
import type { Fact } from "./extract.js";

/**
 * Document text reaches the model only inside these markers, and the prompts say that whatever stands between
 * them is quoted data, never instructions. The marker characters are stripped from the data itself, so a block
 * cannot close the frame early and smuggle text out of it.
 */
export const DATA_OPEN = "⟦DOCUMENT DATA";
export const DATA_CLOSE = "⟦END OF DOCUMENT DATA⟧";

export function sanitizeData(text: string): string {
  return text.replace(/⟦/g, "[").replace(/⟧/g, "]");
}

export function dataFrame(title: string, body: string): string {
  return `${DATA_OPEN}: ${sanitizeData(title)}⟧\n${sanitizeData(body)}\n${DATA_CLOSE}`;
}

/** Candidate blocks as one line each, best first, until the character budget is spent. */
export function candidateLines(candidates: readonly Candidate[], budgetChars: number, blockTextChars: number): { text: string; included: string[] } {
  const lines: string[] = [];
  const included: string[] = [];
  let used = 0;
  for (const c of candidates) {
    const b = c.block;
    const body = [c.indexCaption, b.description, b.text].filter((t): t is string => !!t && t.trim().length > 0).join(" — ");
    const flat = body.replace(/\s*\r?\n\s*/g, " ⏎ ").trim();
    const clipped = flat.length > blockTextChars ? `${flat.slice(0, blockTextChars - 1)}…` : flat;
    const side = c.side ? `DOC_${c.side} · ` : "";
    const line = `[${b.id}] ${side}«${c.documentName}» · p.${b.page} · ${b.kind}${b.source.startsWith("ocr") ? " (OCR)" : ""}: ${clipped}`;
    if (used + line.length > budgetChars && lines.length > 0) break;
    lines.push(line);
    included.push(b.id);
    used += line.length + 1;
  }
  return { text: lines.join("\n"), included };
}

export function factLines(facts: readonly Fact[]): string {
  return facts.map((f) => `- ${f.side ? `DOC_${f.side} ` : ""}[${f.blockId}] p.${f.page}: ${f.text}`).join("\n");
}

/** One line per image: what region it shows, and what the model already read there. */
export function imageLine(shown: ShownImage): string {
  const i = shown.image;
  const where = shown.sectorPath
    ? `sector ${shown.sectorPath}`
    : i.kind === "overview"
      ? `whole block${i.margin ? ", grid A1..C3 in its margin" : ""}`
      : `region ${roundBBox(shown.relativeBBox).join(",")} of the block`;
  const read = shown.observation ? ` · you read: ${shown.observation}` : "";
  return `${shown.label} · ${i.kind} of [${i.blockId ?? "page"}] p.${i.page} · ${where} · ${i.dpi} dpi · ${i.width}×${i.height}px${read}`;
}
