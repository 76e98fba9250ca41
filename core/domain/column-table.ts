/**
 * Tables without ruling lines: schedules, legends and quantity lists laid out in aligned columns, as CAD exports
 * write them and as OCR reads them. Works on positioned pieces of text (text-layer lines or OCR words) in page
 * points, y down, so both ingestion paths find the same tables.
 */

/** A positioned piece of text: `[x0, y0, x1, y1]` in points, y down. */
export interface TextPiece {
  box: [number, number, number, number];
  text: string;
}

export interface ColumnTableOptions {
  /**
   * Gap (in piece heights) under which pieces on one band are one cell. Text-layer lines are whole phrases whose
   * boxes are taller than the glyphs (ascender to descender), so they join only when nearly touching.
   */
  cellJoin?: number;
}

export interface ColumnTable<T extends TextPiece> {
  box: [number, number, number, number];
  /** Rows of cells, header first; a row keeps its cells in column order, empty cells as "". */
  rows: string[][];
  /** The pieces the table is made of (they belong to no other block). */
  pieces: T[];
}

/**
 * Pieces on one band closer than this many piece heights are one cell: OCR word boxes are about an em tall and a
 * word space a third of one, while columns stand at least half an em apart (a right-aligned quantity and the note
 * after it, ~2 mm at 2.5 mm text).
 */
const CELL_JOIN = 0.45;
/** Bands further apart than this many text heights are not rows of one table. */
const ROW_GAP = 2.5;
/** Cells of one row are at most this many text heights apart (a quantity column far right of the names). */
const COLUMN_REACH = 20;
/** A table has a header and at least this many rows under it (fewer is a label pair, a stack of room labels). */
const MIN_BODY_ROWS = 3;
/** More columns than this is a lattice of scattered marks on a plan, not a schedule. */
const MAX_COLUMNS = 12;
/** A schedule names things: one of its columns holds words of at least this many characters (median). */
const MIN_NAME_CHARS = 6;
/** Share of a table's cells that must be filled. */
const MIN_FILLED = 0.4;

type Box = [number, number, number, number];

interface Cell<T> {
  box: Box;
  pieces: T[];
}

interface Band<T> {
  top: number;
  bottom: number;
  cells: Cell<T>[];
}

/**
 * Find column-aligned tables among `pieces`: runs of text bands (rows) with at least two cells each, whose cells
 * fall into columns separated by white space running through every row. A band whose text lies in one column
 * other than the first is a wrapped cell of the row above (its text is appended there).
 * Returns the tables in reading order and the pieces that belong to none, in their given order.
 */
export function findColumnTables<T extends TextPiece>(pieces: readonly T[], options: ColumnTableOptions = {}): { tables: ColumnTable<T>[]; rest: T[] } {
  const join = options.cellJoin ?? CELL_JOIN;
  const tables = neighbourhoods(pieces).flatMap((group) => tablesIn(toBands(group, join)));
  tables.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  const used = new Set<T>(tables.flatMap((t) => t.pieces));
  return { tables, rest: pieces.filter((p) => !used.has(p)) };
}

/**
 * Pieces that reach each other (a row's gap to the next row, a column gap to the next column) form one
 * neighbourhood; text far away on the same sheet (a note beside a schedule) is no cell of its rows.
 */
function neighbourhoods<T extends TextPiece>(pieces: readonly T[]): T[][] {
  const sorted = [...pieces].sort((a, b) => a.box[1] - b.box[1]);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const tallest = Math.max(1, ...sorted.map((p) => p.box[3] - p.box[1]));
  sorted.forEach((a, i) => {
    const height = Math.max(1, a.box[3] - a.box[1]);
    for (let j = i + 1; j < sorted.length && sorted[j]!.box[1] <= a.box[3] + ROW_GAP * tallest; j++) {
      const b = sorted[j]!;
      const h = Math.min(height, Math.max(1, b.box[3] - b.box[1]));
      const dx = Math.max(0, b.box[0] - a.box[2], a.box[0] - b.box[2]);
      const dy = Math.max(0, b.box[1] - a.box[3], a.box[1] - b.box[3]);
      if (dy <= ROW_GAP * h && dx <= COLUMN_REACH * h) parent[find(j)] = find(i);
    }
  });
  const groups = new Map<number, T[]>();
  sorted.forEach((piece, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(piece);
    else groups.set(root, [piece]);
  });
  return [...groups.values()];
}

function tablesIn<T extends TextPiece>(bands: Band<T>[]): ColumnTable<T>[] {
  const tables: ColumnTable<T>[] = [];
  let start = 0;
  while (start < bands.length) {
    // a run: bands stacked with row-like leading, trimmed to start and end on a band of several cells
    let end = start;
    while (end + 1 < bands.length && continuesRun(bands[end]!, bands[end + 1]!)) end++;
    let first = start;
    while (first <= end && bands[first]!.cells.length < 2) first++;
    const table = first <= end ? buildTable(bands.slice(first, end + 1)) : undefined;
    if (table) tables.push(table);
    start = end + 1;
  }
  return tables;
}

/** Pieces grouped into bands by vertical overlap, top to bottom; in each band, pieces joined into cells. */
function toBands<T extends TextPiece>(pieces: readonly T[], cellJoin: number): Band<T>[] {
  const sorted = [...pieces].sort((a, b) => middle(a.box) - middle(b.box));
  const groups: Array<{ top: number; bottom: number; pieces: T[] }> = [];
  for (const piece of sorted) {
    const current = groups[groups.length - 1];
    const y = middle(piece.box);
    if (current && y >= current.top && y <= current.bottom) {
      current.pieces.push(piece);
      current.top = Math.min(current.top, piece.box[1]);
      current.bottom = Math.max(current.bottom, piece.box[3]);
    } else groups.push({ top: piece.box[1], bottom: piece.box[3], pieces: [piece] });
  }
  return groups.map(({ top, bottom, pieces: inBand }) => {
    const cells: Cell<T>[] = [];
    const join = cellJoin * median(inBand.map((p) => p.box[3] - p.box[1]));
    for (const piece of inBand.sort((a, b) => a.box[0] - b.box[0])) {
      const cell = cells[cells.length - 1];
      if (cell && piece.box[0] - cell.box[2] <= join) {
        cell.pieces.push(piece);
        cell.box = union(cell.box, piece.box);
      } else cells.push({ box: [...piece.box], pieces: [piece] });
    }
    return { top, bottom, cells };
  });
}

function continuesRun<T>(above: Band<T>, below: Band<T>): boolean {
  const height = Math.max(1, Math.min(above.bottom - above.top, below.bottom - below.top));
  if (below.top - above.bottom > ROW_GAP * height) return false;
  const extent = (band: Band<T>) => [band.cells[0]!.box[0], band.cells[band.cells.length - 1]!.box[2]] as const;
  const [a0, a1] = extent(above);
  const [b0, b1] = extent(below);
  return b0 < a1 && a0 < b1;
}

/** A table over `run` (which starts on a band of several cells); single-cell bands after its last wide band count only as wrapped cells. */
function buildTable<T extends TextPiece>(run: Band<T>[]): ColumnTable<T> | undefined {
  const wide = run.filter((b) => b.cells.length >= 2);
  if (wide.length < 1 + MIN_BODY_ROWS) return undefined;
  const columns = columnSpans(wide.flatMap((b) => b.cells.map((c) => c.box)));
  if (columns.length < 2 || columns.length > MAX_COLUMNS) return undefined;
  const columnOf = (box: Box) => {
    const x = (box[0] + box[2]) / 2;
    const index = columns.findIndex(([from, to]) => x >= from && x <= to);
    return index >= 0 ? index : nearest(columns, x);
  };
  // a title or note under the table starts at its left edge or outside every column; a wrapped cell starts in its column
  const wraps = (band: Band<T>) => {
    const [x0] = band.cells[0]!.box;
    const height = band.bottom - band.top;
    return columns.some(([from, to], c) => c > 0 && x0 >= from - height && x0 < to);
  };
  let last = run.lastIndexOf(wide[wide.length - 1]!);
  while (last + 1 < run.length && wraps(run[last + 1]!)) last++;
  const bands = run.slice(0, last + 1);
  const rows: string[][] = [];
  const pieces: T[] = [];
  for (const band of bands) {
    const placed = band.cells.map((cell) => ({ column: columnOf(cell.box), text: cellText(cell) }));
    if (rows.length > 0 && placed.every((p) => p.column === placed[0]!.column && p.column > 0)) {
      // a wrapped name, type or note: the rest of the row above's cell
      const row = rows[rows.length - 1]!;
      const column = placed[0]!.column;
      row[column] = row[column] ? `${row[column]} ${placed[0]!.text}` : placed[0]!.text;
    } else {
      const row = columns.map(() => "");
      for (const { column, text } of placed) row[column] = row[column] ? `${row[column]} ${text}` : text;
      rows.push(row);
    }
    pieces.push(...band.cells.flatMap((c) => c.pieces));
  }
  const filled = rows.flat().filter((c) => c).length;
  if (filled < MIN_FILLED * rows.length * columns.length) return undefined;
  const names = columns.some((_, c) => median(rows.slice(1).map((r) => [...r[c]!].filter((ch) => /\p{L}/u.test(ch)).length)) >= MIN_NAME_CHARS);
  if (!names) return undefined;
  return { box: pieces.map((p) => p.box).reduce(union), rows, pieces };
}

/** The x spans covered by cells, merged where they overlap: the white space between spans runs through every row. */
function columnSpans(boxes: Box[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const box of [...boxes].sort((a, b) => a[0] - b[0])) {
    const last = spans[spans.length - 1];
    if (last && box[0] <= last[1]) last[1] = Math.max(last[1], box[2]);
    else spans.push([box[0], box[2]]);
  }
  return spans;
}

function cellText<T extends TextPiece>(cell: Cell<T>): string {
  return cell.pieces.map((p) => p.text.trim()).join(" ");
}

/** Markdown of a table; the first row is the header. */
export function columnTableMarkdown(rows: readonly string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

const middle = (b: Box) => (b[1] + b[3]) / 2;
const union = (a: Box, b: Box): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const nearest = (spans: Array<[number, number]>, x: number) =>
  spans.reduce((best, [from, to], i) => (Math.abs(x - (from + to) / 2) < Math.abs(x - (spans[best]![0] + spans[best]![1]) / 2) ? i : best), 0);
