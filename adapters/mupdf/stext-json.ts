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
  /** Structure blocks (with `segment`/`table-hunt`): `Table`, `TR`, `TD`… */
  std?: string;
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

/**
 * The first table MuPDF's `table-hunt` found among `blocks`, as rows of cells with the empty border rows and
 * columns it adds removed; undefined when there is none.
 */
export function findTable(blocks: readonly StextBlock[]): TableCell[][] | undefined {
  for (const block of blocks) {
    if (block.type === "structure" && block.std === "Table") {
      const rows = (block.contents ?? [])
        .filter((row) => row.std === "TR")
        .map((row) => (row.contents ?? []).filter((cell) => cell.std === "TD" || cell.std === "TH").map(cellOf));
      return trimEmpty(rows);
    }
    if (block.contents) {
      const nested = findTable(block.contents);
      if (nested) return nested;
    }
  }
  return undefined;
}

function cellOf(cell: StextBlock): TableCell {
  const lines = textLines(cell.contents ?? []);
  return { text: lines.map((l) => l.text).join(" "), size: Math.max(0, ...lines.map((l) => l.size)) };
}

function trimEmpty(rows: TableCell[][]): TableCell[][] {
  const kept = rows.filter((row) => row.some((c) => c.text));
  const columns = Math.max(0, ...kept.map((r) => r.length));
  const usedColumns = Array.from({ length: columns }, (_, c) => kept.some((r) => r[c]?.text));
  return kept.map((row) => row.filter((_, c) => usedColumns[c]));
}

/** Markdown table text; the first row is the header (drawing-set tables always start with one). */
export function tableMarkdown(rows: readonly TableCell[][]): string {
  const columns = Math.max(...rows.map((r) => r.length));
  const line = (cells: readonly string[]) => `| ${Array.from({ length: columns }, (_, i) => escapeCell(cells[i] ?? "")).join(" | ")} |`;
  const [header = [], ...body] = rows.map((r) => r.map((c) => c.text));
  return [line(header), line(Array.from({ length: columns }, () => "---")), ...body.map(line)].join("\n");
}

const escapeCell = (text: string) => text.replace(/\|/g, "\\|");
