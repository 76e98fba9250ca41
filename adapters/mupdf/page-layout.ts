/** Page geometry in PDF points, y down, after the page's rotation: `[x0, y0, x1, y1]`. */
export type Rect = [number, number, number, number];

export interface TextLine {
  bbox: Rect;
  text: string;
  /** Font size in points. */
  size: number;
  /** Index of the structured-text block the line came from (MuPDF's own grouping). */
  block: number;
}

/**
 * The vector paths of a page, packed: path `i`'s box is `boxes[4i..4i+3]` (x0, y0, x1, y1) and its flags
 * `flags[i]` (STROKED, RECTANGLE). A CAD sheet has ~38k paths: an object and an array for each was most of the
 * garbage a page made.
 */
export interface VectorBoxes {
  count: number;
  boxes: Float64Array;
  flags: Uint8Array;
}

export const STROKED = 1;
export const RECTANGLE = 2;

/** An empty packed list that `addVector` grows. */
export const vectorBoxes = (capacity = 1024): VectorBoxes => ({ count: 0, boxes: new Float64Array(4 * capacity), flags: new Uint8Array(capacity) });

export function addVector(into: VectorBoxes, x0: number, y0: number, x1: number, y1: number, flags: number): void {
  if (into.count === into.flags.length) {
    const boxes = new Float64Array(2 * into.boxes.length);
    boxes.set(into.boxes);
    const grown = new Uint8Array(2 * into.flags.length);
    grown.set(into.flags);
    into.boxes = boxes;
    into.flags = grown;
  }
  const at = 4 * into.count;
  into.boxes[at] = x0;
  into.boxes[at + 1] = y0;
  into.boxes[at + 2] = x1;
  into.boxes[at + 3] = y1;
  into.flags[into.count++] = flags;
}

/** Ruling lines thinner than this are treated as lines, not filled areas. */
const RULE_THICKNESS = 2.5;
const MIN_RULE_LENGTH = 6;
/** Tolerance when deciding whether two ruling lines touch. */
const TOUCH = 2;

interface Rule {
  /** y for horizontal rules, x for vertical ones. */
  at: number;
  from: number;
  to: number;
}

export const width = (r: Rect) => r[2] - r[0];
export const height = (r: Rect) => r[3] - r[1];
export const area = (r: Rect) => Math.max(0, width(r)) * Math.max(0, height(r));
export const centerInside = (r: Rect, outer: Rect) => {
  const cx = (r[0] + r[2]) / 2;
  const cy = (r[1] + r[3]) / 2;
  return cx >= outer[0] && cx <= outer[2] && cy >= outer[1] && cy <= outer[3];
};
export const union = (a: Rect, b: Rect): Rect => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
export const overlaps = (a: Rect, b: Rect, margin = 0) =>
  a[0] - margin < b[2] && b[0] - margin < a[2] && a[1] - margin < b[3] && b[1] - margin < a[3];

/** A candidate table region and the cells its distinct rule positions make. */
export interface RuledGrid {
  bbox: Rect;
  rows: number;
  columns: number;
  /** Distinct y of its horizontal rules, top to bottom: row `r` lies between `ys[r]` and `ys[r + 1]`. */
  ys: number[];
  /** Distinct x of its vertical rules, left to right. */
  xs: number[];
}

/** A vector that can rule a table: a thin horizontal or vertical line, or a stroked rectangle. */
function isRule(w: number, h: number, flags: number): boolean {
  const strokedRectangle = (flags & (STROKED | RECTANGLE)) === (STROKED | RECTANGLE);
  return (h <= RULE_THICKNESS && w >= MIN_RULE_LENGTH) || (w <= RULE_THICKNESS && h >= MIN_RULE_LENGTH) || (strokedRectangle && w >= MIN_RULE_LENGTH && h >= MIN_RULE_LENGTH);
}

/**
 * Candidate table regions: connected sets of horizontal and vertical ruling lines that form a grid (at least
 * three rows of rules, two columns, two rules spanning most of the width). MuPDF's table detection only works
 * when a table dominates the area it looks at, so the parser runs it inside these regions.
 */
export function findRuledGrids(vectors: VectorBoxes, pageWidth: number, pageHeight: number): RuledGrid[] {
  const horizontal: Rule[] = [];
  const vertical: Rule[] = [];
  const { boxes, flags } = vectors;
  for (let i = 0; i < vectors.count; i++) {
    const x0 = boxes[4 * i]!;
    const y0 = boxes[4 * i + 1]!;
    const x1 = boxes[4 * i + 2]!;
    const y1 = boxes[4 * i + 3]!;
    const w = x1 - x0;
    const h = y1 - y0;
    if (w > 0.5 * pageWidth && h > 0.5 * pageHeight) continue; // the sheet frame
    if (!isRule(w, h, flags[i]!)) continue;
    if (h <= RULE_THICKNESS) horizontal.push({ at: (y0 + y1) / 2, from: x0, to: x1 });
    else if (w <= RULE_THICKNESS) vertical.push({ at: (x0 + x1) / 2, from: y0, to: y1 });
    else {
      horizontal.push({ at: y0, from: x0, to: x1 }, { at: y1, from: x0, to: x1 });
      vertical.push({ at: x0, from: y0, to: y1 }, { at: x1, from: y0, to: y1 });
    }
  }
  if (horizontal.length < 3 || vertical.length < 2) return [];
  horizontal.sort((a, b) => a.at - b.at);
  const parent = Array.from({ length: horizontal.length + vertical.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  vertical.forEach((v, vi) => {
    // horizontal rules whose y lies along this vertical rule, found by binary search on the sorted ys
    let lo = 0;
    let hi = horizontal.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (horizontal[mid]!.at < v.from - TOUCH) lo = mid + 1;
      else hi = mid;
    }
    for (let hIndex = lo; hIndex < horizontal.length && horizontal[hIndex]!.at <= v.to + TOUCH; hIndex++) {
      const h = horizontal[hIndex]!;
      if (v.at >= h.from - TOUCH && v.at <= h.to + TOUCH) parent[find(horizontal.length + vi)] = find(hIndex);
    }
  });
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  horizontal.forEach((h, i) => groupOf(groups, find(i)).h.push(h));
  vertical.forEach((v, i) => groupOf(groups, find(horizontal.length + i)).v.push(v));
  const grids: RuledGrid[] = [];
  for (const { h, v } of groups.values()) {
    if (h.length < 3 || v.length < 2) continue;
    const box = rulesBox(h, v);
    if (width(box) < 30 || height(box) < 15 || area(box) > 0.5 * pageWidth * pageHeight) continue;
    const ys = distinct(h.map((r) => r.at));
    const xs = distinct(v.map((r) => r.at));
    const rows = ys.length - 1;
    const columns = xs.length - 1;
    if (rows < 2 || columns < 1) continue;
    if (spanningRules(h, box[0], box[2]) < 2) continue;
    grids.push({ bbox: box, rows, columns, ys, xs });
  }
  return grids;
}

/**
 * The box of a group of rules, in one loop: spreading thousands of rule ends into `Math.min` risks the argument
 * limit, and its arrays of mixed integer and fractional ends made V8 deoptimise this code on every heavy sheet.
 */
function rulesBox(horizontal: readonly Rule[], vertical: readonly Rule[]): Rect {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of horizontal) {
    x0 = Math.min(x0, r.from);
    x1 = Math.max(x1, r.to);
    y0 = Math.min(y0, r.at);
    y1 = Math.max(y1, r.at);
  }
  for (const r of vertical) {
    y0 = Math.min(y0, r.from);
    y1 = Math.max(y1, r.to);
    x0 = Math.min(x0, r.at);
    x1 = Math.max(x1, r.at);
  }
  return [x0, y0, x1, y1];
}

/**
 * Paths inside a grid that rule nothing (hatch lines, arc chords, symbols) beyond which it is a drawing: in all,
 * and per cell (a legend's symbol in each row stays well below; a hatched wall between two openings is hundreds).
 */
const MAX_FOREIGN_PATHS = 1500;
const MAX_FOREIGN_PER_CELL = 4;
/** Text lines per cell below which a grid is a ruled drawing (floor tiling, a plan's axes), not a table: the share of filled cells a table needs. */
const MIN_LINES_PER_CELL = 0.25;

/**
 * The grids worth MuPDF's table detection: a table holds text in a fair share of its cells and little ink that
 * rules nothing. A plan whose axes make a grid holds tens of thousands of hatch lines and arc chords, and
 * MuPDF's segmenter is quadratic in the paths it looks at (minutes on a CAD sheet); a floor tiling is all
 * cells and no text. One pass over the vectors and lines, each tested against the grids.
 */
export function tableCandidates(grids: readonly RuledGrid[], vectors: VectorBoxes, lines: readonly TextLine[]): RuledGrid[] {
  const foreign = new Array<number>(grids.length).fill(0);
  const texts = new Array<number>(grids.length).fill(0);
  if (grids.length === 0) return [];
  const count = (x0: number, y0: number, x1: number, y1: number, into: number[]) => {
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    for (let i = 0; i < grids.length; i++) {
      const g = grids[i]!.bbox;
      if (cx >= g[0] && cx <= g[2] && cy >= g[1] && cy <= g[3]) into[i]!++;
    }
  };
  const { boxes, flags } = vectors;
  for (let i = 0; i < vectors.count; i++) {
    const x0 = boxes[4 * i]!;
    const y0 = boxes[4 * i + 1]!;
    const x1 = boxes[4 * i + 2]!;
    const y1 = boxes[4 * i + 3]!;
    if (!isRule(x1 - x0, y1 - y0, flags[i]!)) count(x0, y0, x1, y1, foreign);
  }
  for (const { bbox } of lines) count(bbox[0], bbox[1], bbox[2], bbox[3], texts);
  return grids.filter((grid, i) => {
    const cells = grid.rows * grid.columns;
    return foreign[i]! <= Math.min(MAX_FOREIGN_PATHS, MAX_FOREIGN_PER_CELL * cells) && texts[i]! >= MIN_LINES_PER_CELL * cells;
  });
}

function groupOf(groups: Map<number, { h: Rule[]; v: Rule[] }>, root: number) {
  let group = groups.get(root);
  if (!group) groups.set(root, (group = { h: [], v: [] }));
  return group;
}

/** Positions more than `TOUCH` apart, ascending; each the middle of the run of values it stands for. */
function distinct(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const positions: number[] = [];
  let first = sorted[0]!;
  let last = -Infinity;
  for (const value of sorted) {
    if (value - last > TOUCH && last !== -Infinity) {
      positions.push((first + last) / 2);
      first = value;
    }
    last = value;
  }
  if (sorted.length > 0) positions.push((first + last) / 2);
  return positions;
}

/** Number of distinct rule positions whose (merged) segments cover at least 60 % of the span. */
function spanningRules(rules: Rule[], from: number, to: number): number {
  const byPosition = new Map<number, number>();
  for (const rule of rules) {
    const key = Math.round(rule.at / TOUCH);
    byPosition.set(key, (byPosition.get(key) ?? 0) + (rule.to - rule.from));
  }
  return [...byPosition.values()].filter((length) => length >= 0.6 * (to - from)).length;
}

/** Cells per page side of the density grid used to find drawing regions. */
const DENSITY_CELLS = 64;
/** Vector paths per cell that make the cell part of a drawing (sparse plans count: walls, axes, dimensions). */
const DENSE = 1;
/** Share of the page at each edge where page-long lines are the frame, not part of a drawing. */
const BORDER = 0.04;

/**
 * Drawing regions: clusters of dense vector art and raster images, outside the given table regions. Vectors are
 * counted on a coarse grid; dense cells (and their neighbours, to bridge small gaps) form connected regions whose
 * box is the tight extent of the ink inside them.
 */
export function findDrawingRegions(
  vectors: VectorBoxes,
  images: readonly Rect[],
  tables: readonly Rect[],
  pageWidth: number,
  pageHeight: number,
): Rect[] {
  const cell = Math.max(pageWidth, pageHeight) / DENSITY_CELLS;
  const cols = Math.max(1, Math.ceil(pageWidth / cell));
  const rows = Math.max(1, Math.ceil(pageHeight / cell));
  const counts = new Float32Array(cols * rows);
  // each cell's ink extent as x0, y0, x1, y1 in place (no box allocated per vector and cell: ~38k vectors a CAD sheet)
  const extent = new Float64Array(4 * cols * rows).fill(Infinity);
  for (let i = 0; i < cols * rows; i++) extent[4 * i + 2] = extent[4 * i + 3] = -Infinity;
  const pageArea = pageWidth * pageHeight;
  const mark = (x0: number, y0: number, x1: number, y1: number, weight: number) => {
    const c0 = clamp(Math.floor(x0 / cell), 0, cols - 1);
    const c1 = clamp(Math.floor(x1 / cell), 0, cols - 1);
    const r0 = clamp(Math.floor(y0 / cell), 0, rows - 1);
    const r1 = clamp(Math.floor(y1 / cell), 0, rows - 1);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const i = r * cols + c;
        counts[i]! += weight;
        const e = 4 * i;
        extent[e] = Math.min(extent[e]!, Math.max(x0, c * cell));
        extent[e + 1] = Math.min(extent[e + 1]!, Math.max(y0, r * cell));
        extent[e + 2] = Math.max(extent[e + 2]!, Math.min(x1, (c + 1) * cell));
        extent[e + 3] = Math.max(extent[e + 3]!, Math.min(y1, (r + 1) * cell));
      }
    }
  };
  const { boxes } = vectors;
  for (let v = 0; v < vectors.count; v++) {
    const x0 = boxes[4 * v]!;
    const y0 = boxes[4 * v + 1]!;
    const x1 = boxes[4 * v + 2]!;
    const y1 = boxes[4 * v + 3]!;
    const w = x1 - x0;
    const h = y1 - y0;
    // frames and borders are structure, not drawing; long lines inside the frame (axes, dimension chains) count
    if (Math.max(0, w) * Math.max(0, h) > 0.25 * pageArea) continue;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    if ((w > 0.5 * pageWidth || h > 0.5 * pageHeight) && nearBorder(cx, cy, pageWidth, pageHeight)) continue;
    if (tables.length > 0 && tables.some((t) => cx >= t[0] && cx <= t[2] && cy >= t[1] && cy <= t[3])) continue;
    mark(x0, y0, x1, y1, 1);
  }
  for (const image of images) if (area(image) >= 0.002 * pageArea) mark(image[0], image[1], image[2], image[3], DENSE * 4);

  const dense = (i: number) => counts[i]! >= DENSE;
  const label = new Int32Array(cols * rows).fill(-1);
  const regions: Rect[] = [];
  for (let start = 0; start < counts.length; start++) {
    if (!dense(start) || label[start] !== -1) continue;
    const queue = [start];
    label[start] = start;
    let box: Rect | undefined;
    let weight = 0;
    let cellsInRegion = 0;
    while (queue.length > 0) {
      const i = queue.pop()!;
      const cellBox: Rect = [extent[4 * i]!, extent[4 * i + 1]!, extent[4 * i + 2]!, extent[4 * i + 3]!];
      box = box ? union(box, cellBox) : cellBox;
      weight += counts[i]!;
      cellsInRegion++;
      const r = Math.floor(i / cols);
      const c = i % cols;
      // two-cell reach bridges the gaps between parts of one drawing (dimension lines, white space in a plan)
      for (let dr = -2; dr <= 2; dr++) {
        for (let dc = -2; dc <= 2; dc++) {
          const nr = r + dr;
          const nc = c + dc;
          if (nr < 0 || nc < 0 || nr >= rows || nc >= cols) continue;
          const j = nr * cols + nc;
          if (label[j] === -1 && dense(j)) {
            label[j] = start;
            queue.push(j);
          }
        }
      }
    }
    if (box && (cellsInRegion >= 4 || weight >= 30) && area(box) >= 0.002 * pageArea) regions.push(box);
  }
  return mergeOverlapping(regions);
}

function nearBorder(cx: number, cy: number, pageWidth: number, pageHeight: number): boolean {
  return cx < BORDER * pageWidth || cx > (1 - BORDER) * pageWidth || cy < BORDER * pageHeight || cy > (1 - BORDER) * pageHeight;
}

function mergeOverlapping(regions: Rect[]): Rect[] {
  const out = [...regions];
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        if (overlaps(out[i]!, out[j]!)) {
          out[i] = union(out[i]!, out[j]!);
          out.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return out;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Split MuPDF's text blocks into paragraphs: a new paragraph starts where the vertical gap exceeds half a line,
 * the font size jumps, or the lines do not overlap horizontally (labels scattered over a drawing).
 */
export function groupParagraphs(lines: readonly TextLine[]): TextLine[][] {
  const paragraphs: TextLine[][] = [];
  let current: TextLine[] = [];
  let previous: TextLine | undefined;
  for (const line of lines) {
    if (previous && !continues(previous, line)) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
    previous = line;
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}

function continues(previous: TextLine, line: TextLine): boolean {
  if (previous.block !== line.block) return false;
  const lineHeight = Math.max(height(previous.bbox), height(line.bbox), 1);
  const gap = line.bbox[1] - previous.bbox[3];
  if (gap > 0.5 * lineHeight || gap < -lineHeight) return false;
  const ratio = Math.max(previous.size, line.size) / Math.max(0.1, Math.min(previous.size, line.size));
  if (ratio > 1.25) return false;
  const reach = Math.max(previous.size, line.size) * 2;
  return line.bbox[0] < previous.bbox[2] + reach && previous.bbox[0] < line.bbox[2] + reach;
}
