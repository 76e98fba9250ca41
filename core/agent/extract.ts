import type { Candidate } from "./agent-run.js";
import { countMatches, type QueryTerm } from "./query-terms.js";
import { isTitleBlock } from "./title-block.js";

/** A line of a text or table block that bears on the question, with its source. */
export interface Fact {
  text: string;
  blockId: string;
  documentId: string;
  page: number;
  side?: "A" | "B";
}

const MAX_FACTS = 40;
const MAX_LINE = 240;
const CAPTIONED_ROWS = 16;

/**
 * Pulls the lines of TEXT/TABLE candidates that mention the question's terms (a table keeps its header row for
 * context). Deterministic and free: the model reads these first instead of a separate extraction call.
 */
export function extractFacts(candidates: readonly Candidate[], terms: readonly QueryTerm[]): Fact[] {
  const facts: Array<Fact & { weight: number }> = [];
  for (const c of candidates) {
    if (c.block.kind === "IMAGE" || isTitleBlock(c.block)) continue;
    const lines = c.block.text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    const header = c.block.kind === "TABLE" ? lines.find((l) => l.startsWith("|") && !/^\|[\s:|-]+\|$/.test(l)) : undefined;
    for (const [index, line] of lines.entries()) {
      if (line === header || /^\|[\s:|-]+\|$/.test(line)) continue;
      // every row of a captioned table is on topic; elsewhere a line must name a term of the question
      const weight = countMatches(line, terms) + (c.captioned && index <= CAPTIONED_ROWS ? 1.5 : 0);
      if (weight === 0) continue;
      const text = header ? `${clip(header)} ⇒ ${clip(line)}` : clip(line);
      facts.push({ text, blockId: c.block.id, documentId: c.block.documentId, page: c.block.page, weight: weight + c.score, ...(c.side ? { side: c.side } : {}) });
    }
  }
  return facts
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_FACTS)
    .map(({ weight: _weight, ...fact }) => fact);
}

function clip(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
