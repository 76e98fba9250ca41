import { invalidInput } from "./errors.js";

/** A rectangle `[x1, y1, x2, y2]` in 0..1 of its parent (a page unless said otherwise), y down. */
export type BBoxNorm = readonly [number, number, number, number];

export const FULL_PAGE: BBoxNorm = [0, 0, 1, 1];

export function isValidBBox(b: readonly number[]): b is BBoxNorm {
  return (
    b.length === 4 &&
    b.every((v) => Number.isFinite(v) && v >= 0 && v <= 1) &&
    b[0]! < b[2]! &&
    b[1]! < b[3]!
  );
}

export function assertBBox(b: readonly number[], what = "bbox"): BBoxNorm {
  if (!isValidBBox(b)) {
    throw invalidInput(`${what} must be four numbers x1,y1,x2,y2 in 0..1 with x1<x2 and y1<y2, got ${JSON.stringify(b)}`);
  }
  return b;
}

/** Map a box given relative to `outer` into the coordinates `outer` itself is expressed in. */
export function nestBBox(outer: BBoxNorm, inner: BBoxNorm): BBoxNorm {
  const w = outer[2] - outer[0];
  const h = outer[3] - outer[1];
  return [outer[0] + inner[0] * w, outer[1] + inner[1] * h, outer[0] + inner[2] * w, outer[1] + inner[3] * h];
}

export function bboxArea(b: BBoxNorm): number {
  return (b[2] - b[0]) * (b[3] - b[1]);
}

/** Whether the centre of `a` lies in `b`: where a word or label belongs when boxes overlap a little. */
export function centredIn(a: BBoxNorm, b: BBoxNorm): boolean {
  const x = (a[0] + a[2]) / 2;
  const y = (a[1] + a[3]) / 2;
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

export function intersectBBox(a: BBoxNorm, b: BBoxNorm): BBoxNorm | undefined {
  const r: [number, number, number, number] = [
    Math.max(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.min(a[3], b[3]),
  ];
  return r[0] < r[2] && r[1] < r[3] ? r : undefined;
}

/** Round to 4 decimals so equal regions produce equal cache keys and ids. */
export function roundBBox(b: BBoxNorm): BBoxNorm {
  const r = (v: number) => Math.round(v * 10_000) / 10_000;
  return [r(b[0]), r(b[1]), r(b[2]), r(b[3])];
}

export function parseBBox(text: string): BBoxNorm {
  const parts = text.split(",").map((p) => Number(p.trim()));
  return assertBBox(parts, `bbox "${text}"`);
}
