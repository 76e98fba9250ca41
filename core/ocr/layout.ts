import { columnTableMarkdown, findColumnTables } from "../domain/column-table.js";
import type { BBoxNorm } from "../domain/geometry.js";
import type { PageWord } from "./page-words.js";
import type { Ruling } from "./rulings.js";

/** A TEXT or TABLE block assembled from OCR words. */
export interface LayoutBlock {
  kind: "TEXT" | "TABLE";
  bbox: BBoxNorm;
  /** Lines joined by newlines; for tables, markdown rows. */
  text: string;
  confidence: number;
  words: number;
  /** Table shape; `ruled: false` for a table found by the alignment of its columns. */
  table?: { rows: number; columns: number; ruled?: false };
  /** A TEXT block's box of each of its lines, in order: where each label of an OCR'd drawing sits. */
  lineBoxes?: BBoxNorm[];
}

/** Page size in points: layout thresholds are physical, so 0..1 coordinates are scaled back first. */
export interface PageSize {
  width: number;
  height: number;
}

type Box = [number, number, number, number];

/** A block while it is still in points. */
type Draft = Omit<LayoutBlock, "bbox" | "lineBoxes"> & { box: Box; lineBoxes?: Box[] };

interface Word {
  text: string;
  box: Box;
  confidence: number;
}

/** Rules closer than this (points) are the same rule; a rule ending this close to another touches it. */
const TOUCH = 2.5;
/** Shorter rulings are glyph strokes or dimension ticks, not table rules. */
const MIN_RULE = 20;
/** Share of cells that must hold text for a ruled grid to be a table rather than a drawing (walls, frames). */
const MIN_FILLED = 0.25;
/**
 * A table's rows are a few text heights tall (8 mm rows for 2.5–3.5 mm text); the rooms of a plan, also a ruled
 * grid with a label in most cells, are ten and more. Rows taller than this many text heights are a drawing.
 */
const MAX_ROW_TO_TEXT = 5;

/**
 * Group page words into blocks: words inside a ruled grid become a TABLE (markdown rows and columns by the rules),
 * words in aligned columns without rules a TABLE too (columns by the white space between them), the rest are joined into lines (same baseline band, small gaps) and lines into TEXT blocks (stacked lines with
 * small leading that overlap horizontally). Blocks come in reading order: top to bottom, then left to right.
 */
export function layoutWords(words: readonly PageWord[], rulings: readonly Ruling[], page: PageSize): LayoutBlock[] {
  const toPoints = (b: BBoxNorm): Box => [b[0] * page.width, b[1] * page.height, b[2] * page.width, b[3] * page.height];
  let rest: Word[] = words.map((w) => ({ text: w.text, box: toPoints(w.bbox), confidence: w.confidence }));
  const blocks: Draft[] = [];
  for (const grid of ruledGrids(rulings, page)) {
    const inside = rest.filter((w) => contains(grid.box, center(w.box)));
    if (inside.length === 0) continue;
    rest = rest.filter((w) => !inside.includes(w));
    const table = buildTable(grid, inside);
    if (table) blocks.push(table);
    // a grid that is no table (a plan's rooms, a detail's layers) still separates what its rules separate:
    // each cell's words make their own lines, so a room's labels stay together and apart from the next room's
    else for (const cell of byCell(grid, inside).values()) blocks.push(...textBlocks(cell));
  }
  // schedules and legends in aligned columns without rules: one markdown row per row of words
  const aligned = findColumnTables(rest);
  for (const table of aligned.tables) {
    blocks.push({
      kind: "TABLE",
      box: table.box,
      text: columnTableMarkdown(table.rows),
      confidence: mean(table.pieces.map((w) => w.confidence)),
      words: table.pieces.length,
      table: { rows: table.rows.length, columns: table.rows[0]!.length, ruled: false },
    });
  }
  blocks.push(...textBlocks(aligned.rest));
  return blocks
    .sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0])
    .map(({ box, lineBoxes, ...block }) => ({ ...block, bbox: normalize(box, page), ...(lineBoxes ? { lineBoxes: lineBoxes.map((b) => normalize(b, page)) } : {}) }));
}

function textBlocks(words: Word[]): Draft[] {
  return paragraphs(lines(words)).map((paragraph) => {
    const all = paragraph.flat();
    return {
      kind: "TEXT" as const,
      box: bounds(all.map((w) => w.box)),
      text: paragraph.map((line) => line.map((w) => w.text).join(" ")).join("\n"),
      confidence: mean(all.map((w) => w.confidence)),
      words: all.length,
      lineBoxes: paragraph.map((line) => bounds(line.map((w) => w.box))),
    };
  });
}

/** The words of each cell of a grid, keyed `row,column`. */
function byCell(grid: Grid, words: Word[]): Map<string, Word[]> {
  const band = (edges: number[], v: number) => edges.findIndex((e, i) => i < edges.length - 1 && v >= e && v < edges[i + 1]!);
  const cells = new Map<string, Word[]>();
  for (const word of words) {
    const [x, y] = center(word.box);
    const key = `${band(grid.rows, y)},${band(grid.columns, x)}`;
    cells.set(key, [...(cells.get(key) ?? []), word]);
  }
  return cells;
}

interface Grid {
  box: Box;
  rows: number[];
  columns: number[];
}

/** Connected sets of horizontal and vertical rules that form a grid: at least 3 row rules and 2 column rules. */
function ruledGrids(rulings: readonly Ruling[], page: PageSize): Grid[] {
  const scaled = rulings
    .map((r) =>
      r.orientation === "h"
        ? { h: true, at: r.at * page.height, from: r.from * page.width, to: r.to * page.width }
        : { h: false, at: r.at * page.width, from: r.from * page.height, to: r.to * page.height },
    )
    // the sheet frame runs along most of the page; it would tie every table on the sheet into one grid
    .filter((r) => r.to - r.from >= MIN_RULE && r.to - r.from < 0.6 * (r.h ? page.width : page.height));
  const parent = scaled.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  scaled.forEach((a, i) => {
    scaled.forEach((b, j) => {
      if (j <= i || a.h === b.h) return;
      const [h, v] = a.h ? [a, b] : [b, a];
      if (v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH) parent[find(i)] = find(j);
    });
  });
  const groups = new Map<number, typeof scaled>();
  scaled.forEach((r, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), r]);
  });
  const grids: Grid[] = [];
  for (const group of groups.values()) {
    const rows = distinct(group.filter((r) => r.h).map((r) => r.at));
    const columns = distinct(group.filter((r) => !r.h).map((r) => r.at));
    if (rows.length < 3 || columns.length < 2) continue;
    grids.push({ box: [columns[0]!, rows[0]!, columns[columns.length - 1]!, rows[rows.length - 1]!], rows, columns });
  }
  return grids;
}

function buildTable(grid: Grid, words: Word[]): Draft | undefined {
  const rowHeights = grid.rows.slice(1).map((y, i) => y - grid.rows[i]!);
  if (words.length > 0 && median(rowHeights) > MAX_ROW_TO_TEXT * median(words.map((w) => w.box[3] - w.box[1]))) return undefined;
  const cells = byCell(grid, words);
  const rowCount = grid.rows.length - 1;
  const columnCount = grid.columns.length - 1;
  let table = Array.from({ length: rowCount }, (_, r) =>
    Array.from({ length: columnCount }, (_, c) =>
      lines(cells.get(`${r},${c}`) ?? [])
        .map((line) => line.map((w) => w.text).join(" "))
        .join(" "),
    ),
  );
  // a rule pair with nothing between (a double border, the title row's frame) is not a row or column
  table = table.filter((row) => row.some((cell) => cell));
  const usedColumns = Array.from({ length: columnCount }, (_, c) => c).filter((c) => table.some((row) => row[c]));
  table = table.map((row) => usedColumns.map((c) => row[c]!));
  const filled = table.flat().filter((c) => c).length;
  if (table.length < 2 || usedColumns.length < 2 || filled < MIN_FILLED * table.length * usedColumns.length) return undefined;
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const markdown = [
    `| ${table[0]!.map(escape).join(" | ")} |`,
    `| ${usedColumns.map(() => "---").join(" | ")} |`,
    ...table.slice(1).map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
  return {
    kind: "TABLE",
    box: grid.box,
    text: markdown,
    confidence: mean(words.map((w) => w.confidence)),
    words: words.length,
    table: { rows: table.length, columns: usedColumns.length },
  };
}

/**
 * Words on one baseline band, left to right, split where the gap is wider than about three character heights.
 * Bands are found first (by vertical overlap), so a line's words join however the words were ordered.
 */
function lines(words: Word[]): Word[][] {
  const bands: Array<{ words: Word[]; top: number; bottom: number }> = [];
  for (const word of [...words].sort((a, b) => center(a.box)[1] - center(b.box)[1])) {
    const height = word.box[3] - word.box[1];
    const band = bands.find((b) => Math.min(b.bottom, word.box[3]) - Math.max(b.top, word.box[1]) >= 0.5 * Math.min(height, b.bottom - b.top));
    if (band) {
      band.words.push(word);
      band.top = Math.min(band.top, word.box[1]);
      band.bottom = Math.max(band.bottom, word.box[3]);
    } else bands.push({ words: [word], top: word.box[1], bottom: word.box[3] });
  }
  const result: Word[][] = [];
  for (const band of bands) {
    let line: Word[] = [];
    let right = -Infinity;
    for (const word of band.words.sort((a, b) => a.box[0] - b.box[0])) {
      if (line.length > 0 && word.box[0] - right > 3 * Math.max(word.box[3] - word.box[1], line[line.length - 1]!.box[3] - line[line.length - 1]!.box[1])) {
        result.push(line);
        line = [];
      }
      line.push(word);
      right = Math.max(right, word.box[2]);
    }
    if (line.length > 0) result.push(line);
  }
  return result.sort((a, b) => a[0]!.box[1] - b[0]!.box[1] || a[0]!.box[0] - b[0]!.box[0]);
}

/** Lines stacked with at most about one line of leading and overlapping horizontally form one paragraph. */
function paragraphs(allLines: Word[][]): Word[][][] {
  const result: Array<{ lines: Word[][]; box: Box }> = [];
  for (const line of allLines) {
    const box = bounds(line.map((w) => w.box));
    const height = box[3] - box[1];
    const target = result.find((p) => {
      const gap = box[1] - p.box[3];
      const last = bounds(p.lines[p.lines.length - 1]!.map((w) => w.box));
      const horizontal = Math.min(box[2], p.box[2]) - Math.max(box[0], p.box[0]);
      return gap > -0.5 * height && gap < 1.2 * Math.max(height, last[3] - last[1]) && horizontal > 0;
    });
    if (target) {
      target.lines.push(line);
      target.box = bounds([target.box, box]);
    } else result.push({ lines: [line], box });
  }
  return result.map((p) => p.lines);
}

function distinct(values: number[]): number[] {
  const out: number[] = [];
  for (const v of [...values].sort((a, b) => a - b)) if (out.length === 0 || v - out[out.length - 1]! > TOUCH) out.push(v);
  return out;
}

const center = (b: Box): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const contains = (b: Box, [x, y]: [number, number]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

function bounds(boxes: Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

function normalize(b: Box, page: PageSize): BBoxNorm {
  const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;
  return [clamp(b[0] / page.width), clamp(b[1] / page.height), clamp(b[2] / page.width), clamp(b[3] / page.height)];
}
