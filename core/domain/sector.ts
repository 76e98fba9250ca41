import { type BBoxNorm, FULL_PAGE, nestBBox } from "./geometry.js";
import { invalidInput } from "./errors.js";

/**
 * Overview images carry a 3×3 grid: columns A–C left to right, rows 1–3 top to bottom.
 * A sector path such as `B2.A1` names the top-left ninth of the centre ninth, so zoom nests.
 */
export const GRID_COLUMNS = ["A", "B", "C"] as const;
export const GRID_ROWS = 3;
const SECTOR = /^[A-C][1-3]$/;

export function sectorBBox(label: string): BBoxNorm {
  const s = label.trim().toUpperCase();
  if (!SECTOR.test(s)) throw invalidInput(`sector "${label}" is not one of A1…C3`);
  const col = GRID_COLUMNS.indexOf(s[0] as (typeof GRID_COLUMNS)[number]);
  const row = Number(s[1]) - 1;
  return [col / 3, row / GRID_ROWS, (col + 1) / 3, (row + 1) / GRID_ROWS];
}

/** Resolve a nested sector path (`B2`, `B2.A1`, `C3.B2.A1`) inside `within` (default: the whole region). */
export function sectorPathBBox(path: string, within: BBoxNorm = FULL_PAGE): BBoxNorm {
  const parts = path.split(".").filter((p) => p.length > 0);
  if (parts.length === 0) throw invalidInput(`sector path "${path}" is empty`);
  if (parts.length > 4) throw invalidInput(`sector path "${path}" nests deeper than 4 levels`);
  return parts.reduce<BBoxNorm>((acc, part) => nestBBox(acc, sectorBBox(part)), within);
}

export function gridLabels(): string[] {
  const labels: string[] = [];
  for (let row = 1; row <= GRID_ROWS; row++) for (const col of GRID_COLUMNS) labels.push(`${col}${row}`);
  return labels;
}
