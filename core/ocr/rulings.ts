import type { BBoxNorm } from "../domain/geometry.js";

/** A straight ruling line in 0..1 page coordinates: horizontal (`at` = y, from x `from` to `to`) or vertical. */
export interface Ruling {
  orientation: "h" | "v";
  at: number;
  from: number;
  to: number;
}

const DARK = 128;

/**
 * Long horizontal and vertical dark runs in a grey tile (table rules, frames), as page-coordinate rulings.
 * Runs on adjacent rows (a thick line) become one ruling. Text never makes runs this long.
 */
export function findRulings(pixels: Uint8Array, width: number, height: number, region: BBoxNorm, minLengthPx: number): Ruling[] {
  const sx = (region[2] - region[0]) / width;
  const sy = (region[3] - region[1]) / height;
  const horizontal = collapse(
    runs(height, width, minLengthPx, (row, col) => pixels[row * width + col]!),
  ).map((r) => ({ orientation: "h" as const, at: region[1] + r.at * sy, from: region[0] + r.from * sx, to: region[0] + r.to * sx }));
  const vertical = collapse(
    runs(width, height, minLengthPx, (col, row) => pixels[row * width + col]!),
  ).map((r) => ({ orientation: "v" as const, at: region[0] + r.at * sx, from: region[1] + r.from * sy, to: region[1] + r.to * sy }));
  return [...horizontal, ...vertical];
}

interface Run {
  at: number;
  from: number;
  to: number;
}

function runs(lines: number, length: number, minLength: number, value: (line: number, i: number) => number): Run[][] {
  const out: Run[][] = [];
  for (let line = 0; line < lines; line++) {
    const found: Run[] = [];
    let start = -1;
    for (let i = 0; i <= length; i++) {
      const dark = i < length && value(line, i) < DARK;
      if (dark && start < 0) start = i;
      else if (!dark && start >= 0) {
        if (i - start >= minLength) found.push({ at: line, from: start, to: i });
        start = -1;
      }
    }
    out.push(found);
  }
  return out;
}

/** Merge runs on consecutive lines that overlap along their length into one run at their middle line. */
function collapse(perLine: Run[][]): Run[] {
  const done: Run[] = [];
  let open: Array<Run & { first: number; last: number }> = [];
  perLine.forEach((found, line) => {
    const next: typeof open = [];
    for (const run of found) {
      const match = open.find((o) => o.last === line - 1 && run.from < o.to && o.from < run.to);
      if (match) {
        match.from = Math.min(match.from, run.from);
        match.to = Math.max(match.to, run.to);
        match.last = line;
        if (!next.includes(match)) next.push(match);
      } else next.push({ ...run, first: line, last: line });
    }
    for (const o of open) if (!next.includes(o)) done.push({ at: (o.first + o.last + 1) / 2, from: o.from, to: o.to });
    open = next;
  });
  for (const o of open) done.push({ at: (o.first + o.last + 1) / 2, from: o.from, to: o.to });
  return done;
}

/** Join rulings cut at tile seams (collinear within `tolerance`, touching or overlapping) into whole lines. */
export function joinRulings(rulings: readonly Ruling[], tolerance: number): Ruling[] {
  const out: Ruling[] = [];
  for (const orientation of ["h", "v"] as const) {
    const sorted = rulings.filter((r) => r.orientation === orientation).sort((a, b) => a.at - b.at || a.from - b.from);
    const merged: Ruling[] = [];
    for (const r of sorted) {
      const same = merged.find((m) => Math.abs(m.at - r.at) <= tolerance && r.from <= m.to + tolerance && m.from <= r.to + tolerance);
      if (same) {
        same.from = Math.min(same.from, r.from);
        same.to = Math.max(same.to, r.to);
      } else merged.push({ ...r });
    }
    out.push(...merged);
  }
  return out;
}
