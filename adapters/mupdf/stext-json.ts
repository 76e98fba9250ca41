import type { Rect, TextLine } from "./page-layout.js";

/** The parts of MuPDF's structured-text JSON (`StructuredText.asJSON()`) this adapter reads. */
export interface StextBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StextLine {
  bbox: StextBox;
  font?: { size?: number };
  text: string;
}

export interface StextBlock {
  type: string;
  bbox?: StextBox;
  lines?: StextLine[];
  contents?: StextBlock[];
}

export interface StextPage {
  blocks: StextBlock[];
}

export const toRect = (b: StextBox): Rect => [b.x, b.y, b.x + b.w, b.y + b.h];

/** Text lines of a page in MuPDF's order, recursing into structure blocks (`walk()` skips them). */
export function textLines(blocks: readonly StextBlock[], into: TextLine[] = [], counter = { block: 0 }): TextLine[] {
  for (const block of blocks) {
    if (block.type === "text" && block.lines) {
      const index = counter.block++;
      for (const line of block.lines) {
        const text = line.text.replace(/\s+/g, " ").trim();
        if (text) into.push({ bbox: toRect(line.bbox), text, size: line.font?.size ?? line.bbox.h, block: index });
      }
    } else if (block.contents) textLines(block.contents, into, counter);
  }
  return into;
}

export interface TableCell {
  text: string;
  /** Largest font size in the cell; the title block uses it to tell a sheet title from labels. */
  size: number;
}

/** Markdown table text; the first row is the header (drawing-set tables always start with one). */
export function tableMarkdown(rows: readonly TableCell[][]): string {
  const columns = Math.max(...rows.map((r) => r.length));
  const line = (cells: readonly string[]) => `| ${Array.from({ length: columns }, (_, i) => escapeCell(cells[i] ?? "")).join(" | ")} |`;
  const [header = [], ...body] = rows.map((r) => r.map((c) => c.text));
  return [line(header), line(Array.from({ length: columns }, () => "---")), ...body.map(line)].join("\n");
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|");
