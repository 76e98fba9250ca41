import type { RuledGrid, TextLine } from "./page-layout.js";
import type { TableCell } from "./stext-json.js";
import type { LineGlyphs } from "./stext-walk.js";

/** Share of non-empty cells below which a ruled grid is a drawing (a plan's walls), not a table. */
const MIN_FILLED_CELLS = 0.25;
/**
 * Median row height, in the grid's largest text size, above which its rows are rooms, not table rows: a schedule's
 * rows are one to a few lines high (2–2.5 measured on the generated sets, a four-line cell about 5.5), a plan's
 * walls and axes enclose rooms tens of label heights high (7–18 measured on the same sets).
 */
const MAX_ROW_HEIGHT = 6;

/**
 * The cells of a ruled grid, read straight from its rules and the page's text: each line falls in the row its
 * centre lies in, and its characters in the columns their centres lie in (a line the text layer runs across a
 * rule is cut there). Rows and columns left empty are dropped, as MuPDF's table detection drops the border ones
 * it adds. Undefined unless its rows are table rows (not rooms), at least two rows and two columns remain and a
 * fair share of the cells hold text.
 *
 * One pass over the grid's lines: MuPDF's own detection (`table-hunt`) replays every path of the page per grid,
 * which on a CAD sheet of ~38k paths costs more than reading the whole page.
 */
export function readRuledTable(grid: RuledGrid, lines: ReadonlyArray<{ line: TextLine; glyphs: LineGlyphs }>): TableCell[][] | undefined {
  const { xs, ys } = grid;
  const largest = Math.max(0, ...lines.map(({ line }) => line.size));
  const heights = ys.slice(1).map((y, r) => y - ys[r]!).sort((a, b) => a - b);
  if (heights[heights.length >> 1]! > MAX_ROW_HEIGHT * largest) return undefined;
  const parts = Array.from({ length: ys.length - 1 }, () => Array.from({ length: xs.length - 1 }, () => ({ texts: [] as string[], size: 0 })));
  for (const { line, glyphs } of lines) {
    const row = intervalOf(ys, (line.bbox[1] + line.bbox[3]) / 2);
    if (row < 0) continue;
    const pieces = new Map<number, string>();
    glyphs.centers.forEach((x, i) => {
      const column = intervalOf(xs, x);
      if (column >= 0) pieces.set(column, (pieces.get(column) ?? "") + glyphs.chars[i]);
    });
    for (const [column, raw] of pieces) {
      const text = raw.replace(/\s+/g, " ").trim();
      if (!text) continue;
      const cell = parts[row]![column]!;
      cell.texts.push(text);
      cell.size = Math.max(cell.size, line.size);
    }
  }
  const rows = trimEmpty(parts.map((row) => row.map((cell) => ({ text: cell.texts.join(" "), size: cell.size }))));
  if (rows.length < 2) return undefined;
  const columns = Math.max(...rows.map((r) => r.length));
  const filled = rows.flat().filter((c) => c.text).length;
  return columns >= 2 && filled >= MIN_FILLED_CELLS * rows.length * columns ? rows : undefined;
}

/** Index `i` of the interval `[bounds[i], bounds[i + 1])` holding `value`; -1 outside them all. */
function intervalOf(bounds: readonly number[], value: number): number {
  if (value < bounds[0]! || value >= bounds[bounds.length - 1]!) return -1;
  let lo = 0;
  let hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (value < bounds[mid]!) hi = mid;
    else lo = mid;
  }
  return lo;
}

function trimEmpty(rows: TableCell[][]): TableCell[][] {
  const kept = rows.filter((row) => row.some((c) => c.text));
  const columns = Math.max(0, ...kept.map((r) => r.length));
  const usedColumns = Array.from({ length: columns }, (_, c) => kept.some((r) => r[c]?.text));
  return kept.map((row) => row.filter((_, c) => usedColumns[c]));
}
