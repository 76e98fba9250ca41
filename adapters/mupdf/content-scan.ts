import { RECTANGLE, STROKED, type VectorBoxes, addVector, vectorBoxes } from "./page-layout.js";

/** A 2-D affine matrix `[a, b, c, d, e, f]` as PDF writes it (`x' = a·x + c·y + e`, `y' = b·x + d·y + f`). */
export type Matrix = readonly [number, number, number, number, number, number];

/** What the scanner needs to know of a named resource it meets (`gs`, `Do`). */
export interface ContentResources {
  /** An ExtGState's line width, or `undefined` when it brings what the scan cannot follow (a soft mask: a form of paths). */
  extGState(name: string): { lineWidth?: number } | undefined;
  /** Whether the XObject of this name is an image (drawn by MuPDF from the kept stream) rather than a form. */
  isImage(name: string): boolean;
  /** The form XObject of this name (its content, matrix, box and resources), or `undefined` when it cannot be read. */
  form(name: string): FormXObject | undefined;
}

export interface FormXObject {
  content: Uint8Array;
  matrix: Matrix;
  bbox: readonly [number, number, number, number];
  resources: ContentResources;
}

/** Forms within forms deeper than this are not followed (a form that draws itself would never end). */
const MAX_FORM_DEPTH = 12;

export interface ScannedContent {
  /** Every painted path's box in device space, as MuPDF's structured text with `vectors` reports them. */
  vectors: VectorBoxes;
  /**
   * The content without the paths it painted: text, images, clips and state kept byte for byte, and of each run of
   * paths between two text objects only the last (a path between text runs ends MuPDF's text block there, so
   * the text reads into the same blocks as from the whole content).
   */
  textContent: Uint8Array;
}

/**
 * Why a content stream is scanned here: a CAD sheet draws every hatch line, dash and arc chord as its own path
 * (~38k a heavy A1 sheet, 1.8 MB of operators). MuPDF's structured text spends ~70 ms a sheet interpreting them in
 * WASM; this scan reads their boxes in ~10 ms, and MuPDF then reads the text from the few kilobytes left (~6 ms).
 * A form XObject's paths are read into the boxes too (under its matrix, clipped by its box), and its `Do` stays in the
 * text's content, so MuPDF still reads the form's text (and its paths: a form costs what it did). It returns
 * `undefined` for content it does not follow (an inline image, a soft mask, a pattern colour, a text clip, forms
 * nested too deep, a syntax it cannot lex), and the caller reads that page with MuPDF alone.
 *
 * The boxes are MuPDF 1.28's (checked against it in the tests): a path gives one box per axis-aligned line or
 * rectangle among its subpaths, flagged rectangular, and one for the bounds of the rest (control points included),
 * grown for a stroke by half the line width and cut by the current clip; a box outside the clip is not reported.
 */
export function scanContent(content: Uint8Array, pageMatrix: Matrix, pageBox: readonly [number, number, number, number], resources: ContentResources): ScannedContent | undefined {
  const scan = new Scanner(content, pageMatrix, pageBox, resources);
  return scan.run() ? { vectors: scan.vectors, textContent: scan.output() } : undefined;
}

/** Graphics state the boxes depend on. */
interface State {
  ctm: number[];
  lineWidth: number;
  clip: [number, number, number, number];
}

// character classes: 1 whitespace, 2 delimiter, 0 regular
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = 1;
for (const c of "()<>[]{}/%") CLASS[c.charCodeAt(0)] = 2;
const code = (op: string) => [...op].reduce((n, ch, i) => n | (ch.charCodeAt(0) << (8 * i)), 0);
const OP = {
  q: code("q"), Q: code("Q"), cm: code("cm"), w: code("w"), gs: code("gs"), Do: code("Do"),
  m: code("m"), l: code("l"), c: code("c"), v: code("v"), y: code("y"), h: code("h"), re: code("re"),
  S: code("S"), s: code("s"), f: code("f"), F: code("F"), fStar: code("f*"), B: code("B"), BStar: code("B*"), b: code("b"), bStar: code("b*"), n: code("n"),
  W: code("W"), WStar: code("W*"), BT: code("BT"), Tr: code("Tr"), BI: code("BI"), ID: code("ID"), scn: code("scn"), SCN: code("SCN"),
} as const;

class Scanner {
  private readonly numbers = new Float64Array(16);
  /** Operands since the last operator; only the last 16 numbers are kept (no operator the scan follows has more). */
  private operands = 0;
  private operandStart = -1;
  private state: State;
  private readonly saved: State[] = [];
  /** Where the path being built began (its first operator's operands), −1 between paths. */
  private pathStart = -1;
  private readonly path = new PathShape();
  private clipPending = false;
  /** Byte ranges kept, in order, as [start, end) pairs. */
  private readonly kept: number[] = [];
  /** The last painted path dropped since the last text object, kept again when another text object begins. */
  private marker: { start: number; end: number; at: number } | undefined;

  constructor(
    private readonly content: Uint8Array,
    pageMatrix: Matrix,
    pageBox: readonly [number, number, number, number],
    private readonly resources: ContentResources,
    /** A form's scanner adds to its page's boxes. */
    readonly vectors = vectorBoxes(),
    private readonly depth = 0,
  ) {
    this.state = { ctm: [...pageMatrix], lineWidth: 1, clip: [...pageBox] };
  }

  run(): boolean {
    const data = this.content;
    const length = data.length;
    let at = 0;
    while (at < length) {
      const c = data[at]!;
      const kind = CLASS[c]!;
      if (kind === 1) {
        at++;
        continue;
      }
      if (this.operandStart < 0) this.operandStart = at;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
        // a number, read as MuPDF's lexer reads it into a float
        const begin = at;
        let sign = 1;
        if (c === 0x2d) {
          sign = -1;
          at++;
        } else if (c === 0x2b) at++;
        let whole = 0;
        let d = data[at]!;
        while (at < length && d >= 0x30 && d <= 0x39) {
          whole = whole * 10 + d - 0x30;
          d = data[++at]!;
        }
        let fraction = 0;
        let scale = 1;
        if (at < length && d === 0x2e) {
          d = data[++at]!;
          while (at < length && d >= 0x30 && d <= 0x39) {
            fraction = fraction * 10 + d - 0x30;
            scale *= 10;
            d = data[++at]!;
          }
        }
        // a lone sign or point reads as 0, and a stray character after a number ends it there
        if (at === begin) at++;
        this.pushNumber(Math.fround(sign * (whole + fraction / scale)));
        continue;
      }
      if (c === 0x25 /* % */) {
        while (at < length && data[at] !== 10 && data[at] !== 13) at++;
        continue;
      }
      if (kind === 2) {
        at = this.skipDelimited(c, at);
        if (at < 0) return false;
        this.pushOther();
        continue;
      }
      // an operator (or true/false/null, which are operands)
      const start = at;
      let op = 0;
      let shift = 0;
      while (at < length && CLASS[data[at]!] === 0) {
        if (shift < 24) op |= data[at]! << shift;
        shift += 8;
        at++;
      }
      const size = at - start;
      if (size > 3) {
        if (size <= 5 && isOperandKeyword(data, start, size)) this.pushOther();
        else this.endOperator();
        continue;
      }
      if (!this.operator(op, this.operandStart, at)) return false;
      this.endOperator();
    }
    this.keep(this.keepFrom, length);
    return true;
  }

  /** Where the bytes not yet kept or dropped begin. */
  private keepFrom = 0;

  /** Drops `[start, end)`: what came before it since the last drop is kept, unless it is only whitespace. */
  private drop(start: number, end: number): void {
    let from = this.keepFrom;
    while (from < start && CLASS[this.content[from]!] === 1) from++;
    this.keep(from, start);
    this.keepFrom = end;
  }

  output(): Uint8Array {
    let total = 0;
    for (let i = 0; i < this.kept.length; i += 2) total += this.kept[i + 1]! - this.kept[i]! + 1;
    const out = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < this.kept.length; i += 2) {
      out.set(this.content.subarray(this.kept[i]!, this.kept[i + 1]!), at);
      at += this.kept[i + 1]! - this.kept[i]!;
      // a separator, so two kept ranges never run into one token
      out[at++] = 10;
    }
    return out;
  }

  private keep(start: number, end: number): void {
    if (end > start) this.kept.push(start, end);
  }

  private endOperator(): void {
    this.operands = 0;
    this.operandStart = -1;
  }

  private pushNumber(value: number): void {
    if (this.operands < 16) this.numbers[this.operands] = value;
    else {
      this.numbers.copyWithin(0, 1);
      this.numbers[15] = value;
    }
    this.operands++;
  }

  private pushOther(): void {
    this.pushNumber(Number.NaN);
  }

  /** The `k`-th of the last `count` operands (NaN when it is not a number or missing). */
  private operand(count: number, k: number): number {
    if (this.operands < count) return Number.NaN;
    return this.numbers[Math.min(this.operands, 16) - count + k]!;
  }

  /** Skips a string, hex string, dictionary bracket, array bracket or name starting at `at`; where it ends, or −1. */
  private skipDelimited(c: number, at: number): number {
    const data = this.content;
    const length = data.length;
    if (c === 0x28 /* ( */) {
      let depth = 1;
      at++;
      while (at < length && depth > 0) {
        const d = data[at++]!;
        if (d === 0x5c) at++;
        else if (d === 0x28) depth++;
        else if (d === 0x29) depth--;
      }
      return depth === 0 ? at : -1;
    }
    if (c === 0x3c /* < */) {
      if (data[at + 1] === 0x3c) return at + 2;
      while (at < length && data[at] !== 0x3e) at++;
      return at < length ? at + 1 : -1;
    }
    if (c === 0x3e /* > */) return at + (data[at + 1] === 0x3e ? 2 : 1);
    if (c === 0x2f /* / */) {
      at++;
      while (at < length && CLASS[data[at]!] === 0) at++;
      return at;
    }
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) return at + 1;
    return -1;
  }

  /** The name operand just before the operator (for `gs` and `Do`). */
  private lastName(end: number): string | undefined {
    const data = this.content;
    let at = end - 1;
    while (at > 0 && CLASS[data[at]!] === 1) at--;
    // back over the operator itself, then the whitespace before it
    while (at > 0 && CLASS[data[at]!] === 0) at--;
    while (at > 0 && CLASS[data[at]!] === 1) at--;
    const nameEnd = at + 1;
    while (at > 0 && CLASS[data[at]!] === 0) at--;
    if (data[at] !== 0x2f) return undefined;
    return new TextDecoder("latin1").decode(data.subarray(at + 1, nameEnd));
  }

  /** Follows one operator whose operands began at `start`; `false` for content the scan does not follow. */
  private operator(op: number, start: number, end: number): boolean {
    const st = this.state;
    switch (op) {
      case OP.m:
        this.beginPath(start);
        this.path.move(this.transform(this.operand(2, 0), this.operand(2, 1)));
        return true;
      case OP.l:
        this.beginPath(start);
        this.path.line(this.transform(this.operand(2, 0), this.operand(2, 1)));
        return true;
      case OP.c:
        this.beginPath(start);
        for (let k = 0; k < 6; k += 2) this.path.curvePoint(this.transform(this.operand(6, k), this.operand(6, k + 1)));
        return true;
      case OP.v:
      case OP.y:
        this.beginPath(start);
        for (let k = 0; k < 4; k += 2) this.path.curvePoint(this.transform(this.operand(4, k), this.operand(4, k + 1)));
        return true;
      case OP.h:
        this.path.close();
        return true;
      case OP.re: {
        // MuPDF walks a rectangle as a move, three lines and a close
        this.beginPath(start);
        const [x, y, w, h] = [this.operand(4, 0), this.operand(4, 1), this.operand(4, 2), this.operand(4, 3)];
        this.path.move(this.transform(x, y));
        this.path.line(this.transform(x + w, y));
        this.path.line(this.transform(x + w, y + h));
        this.path.line(this.transform(x, y + h));
        this.path.close();
        return true;
      }
      case OP.W:
      case OP.WStar:
        this.clipPending = true;
        return true;
      case OP.S:
      case OP.s:
        return this.paint(false, true, end);
      case OP.f:
      case OP.F:
      case OP.fStar:
        return this.paint(true, false, end);
      case OP.B:
      case OP.BStar:
      case OP.b:
      case OP.bStar:
        return this.paint(true, true, end);
      case OP.n:
        return this.paint(false, false, end);
      case OP.q:
        this.saved.push({ ...st, ctm: [...st.ctm], clip: [...st.clip] });
        return true;
      case OP.Q:
        if (this.saved.length > 0) this.state = this.saved.pop()!;
        return true;
      case OP.cm: {
        const m = [0, 1, 2, 3, 4, 5].map((k) => this.operand(6, k));
        if (m.some(Number.isNaN)) return false;
        const [a, b, c, d, e, f] = st.ctm as [number, number, number, number, number, number];
        st.ctm = [m[0]! * a + m[1]! * c, m[0]! * b + m[1]! * d, m[2]! * a + m[3]! * c, m[2]! * b + m[3]! * d, m[4]! * a + m[5]! * c + e, m[4]! * b + m[5]! * d + f];
        return true;
      }
      case OP.w:
        st.lineWidth = this.operand(1, 0);
        return !Number.isNaN(st.lineWidth);
      case OP.gs: {
        const name = this.lastName(end);
        const settings = name === undefined ? undefined : this.resources.extGState(name);
        if (!settings) return false;
        if (settings.lineWidth !== undefined) st.lineWidth = settings.lineWidth;
        return true;
      }
      case OP.Do: {
        const name = this.lastName(end);
        if (name === undefined) return false;
        return this.resources.isImage(name) || this.scanForm(name);
      }
      case OP.BT:
        if (this.marker) {
          this.kept.splice(this.marker.at, 0, this.marker.start, this.marker.end);
          this.marker = undefined;
        }
        return true;
      case OP.Tr: {
        // render modes 4–7 clip by the glyphs' outlines, and MuPDF cuts later paths' boxes by the text's box
        const mode = this.operand(1, 0);
        return Number.isFinite(mode) && mode < 4;
      }
      case OP.BI:
      case OP.ID:
        return false;
      case OP.scn:
      case OP.SCN:
        // a pattern colour (named): MuPDF fills with its shading or tile, not with a path of its own
        return this.lastName(end) === undefined;
      default:
        return true;
    }
  }

  /** A form's paths, under its matrix and cut by its box as MuPDF draws it; the `Do` itself stays in the text's content. */
  private scanForm(name: string): boolean {
    const form = this.depth < MAX_FORM_DEPTH ? this.resources.form(name) : undefined;
    if (!form) return false;
    const [a, b, c, d, e, f] = this.state.ctm as [number, number, number, number, number, number];
    const [ma, mb, mc, md, me, mf] = form.matrix;
    const ctm: Matrix = [ma * a + mb * c, ma * b + mb * d, mc * a + md * c, mc * b + md * d, me * a + mf * c + e, me * b + mf * d + f];
    const [x0, y0, x1, y1] = form.bbox;
    let box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] as const) {
      const px = Math.fround(ctm[0] * x + ctm[2] * y + ctm[4]);
      const py = Math.fround(ctm[1] * x + ctm[3] * y + ctm[5]);
      box = [Math.min(box[0]!, px), Math.min(box[1]!, py), Math.max(box[2]!, px), Math.max(box[3]!, py)];
    }
    const clip = this.state.clip;
    const formClip: [number, number, number, number] = [Math.max(clip[0], box[0]!), Math.max(clip[1], box[1]!), Math.min(clip[2], box[2]!), Math.min(clip[3], box[3]!)];
    return new Scanner(form.content, ctm, formClip, form.resources, this.vectors, this.depth + 1).run();
  }

  private beginPath(start: number): void {
    if (this.pathStart >= 0) return;
    this.pathStart = start;
    this.path.reset();
  }

  /** A point of the path in device space (the scratch pair is copied by the path). */
  private transform(x: number, y: number): readonly [number, number] {
    const [a, b, c, d, e, f] = this.state.ctm as [number, number, number, number, number, number];
    // in single precision, as MuPDF computes them: its rectangle test compares points exactly
    this.scratch[0] = Math.fround(a * x + c * y + e);
    this.scratch[1] = Math.fround(b * x + d * y + f);
    return this.scratch;
  }

  private readonly scratch: [number, number] = [0, 0];

  /** A path ends: reported as vectors (when painted), a clip narrowed (when `W` came before), its bytes dropped or kept. */
  private paint(fill: boolean, stroke: boolean, end: number): boolean {
    const pathStart = this.pathStart;
    this.pathStart = -1;
    if (pathStart < 0) return true;
    const path = this.path;
    path.finish(this.state.clip);
    if (!path.valid) return false;
    const st = this.state;
    const clip = st.clip;
    if (fill) this.report(path, 0, 0);
    // half the line width, in device units whatever the CTM (as MuPDF 1.28 grows a stroked vector)
    if (stroke) this.report(path, st.lineWidth / 2, STROKED);
    if (this.clipPending) {
      // a clip stays in the text's content: MuPDF clips the text with it
      this.clipPending = false;
      const b = path.bounds;
      st.clip = [Math.max(clip[0], b[0]!), Math.max(clip[1], b[1]!), Math.min(clip[2], b[2]!), Math.min(clip[3], b[3]!)];
      return true;
    }
    this.drop(pathStart, end);
    // the marker's place among the kept ranges, which stay in content order
    if (fill || stroke) this.marker = { start: pathStart, end, at: this.kept.length };
    return true;
  }

  /** MuPDF's order: the path's rectangular subpaths one by one, then the bounds of all its other subpaths. */
  private report(path: PathShape, grow: number, flags: number): void {
    for (let i = 0; i < path.rectCount; i++) this.reportBox(path.rects, 4 * i, grow, flags | RECTANGLE);
    if (path.hasLeftovers) this.reportBox(path.leftovers, 0, grow, flags);
  }

  /** One box, grown by `grow` and cut by the clip; nothing when the clip leaves nothing of it. */
  private reportBox(box: Float64Array, at: number, grow: number, flags: number): void {
    const clip = this.state.clip;
    const x0 = Math.max(box[at]! - grow, clip[0]);
    const y0 = Math.max(box[at + 1]! - grow, clip[1]);
    const x1 = Math.min(box[at + 2]! + grow, clip[2]);
    const y1 = Math.min(box[at + 3]! + grow, clip[3]);
    if (x0 <= x1 && y0 <= y1) addVector(this.vectors, x0, y0, x1, y1, flags);
  }
}

/** Single-precision epsilon: MuPDF calls a path rectangular only when its points line up exactly. */
const SAME = 1.1920929e-7;
const same = (a: number, b: number) => Math.abs(a - b) < SAME;

/**
 * One path's shape as MuPDF's structured text splits it: every subpath that is an axis-aligned line or rectangle
 * (two points, or four, or five closing on the first) is a box of its own, flagged rectangular; the bounds of all
 * the others (curves with their control points) are one more box.
 */
class PathShape {
  /** Boxes of the rectangular subpaths, packed x0 y0 x1 y1. */
  rects = new Float64Array(16);
  rectCount = 0;
  readonly leftovers = new Float64Array(4);
  hasLeftovers = false;
  /** Bounds of every point of the path (a clip path's box). */
  readonly bounds = new Float64Array(4);
  valid = true;
  // the open subpath: up to five points while it may still be rectangular (count −1 once it cannot be)
  private readonly points = new Float64Array(10);
  private count = 0;
  /** Whether the open subpath has a line or curve (a lone move draws nothing). */
  private drawn = false;
  private readonly subBounds = new Float64Array(4);
  private open = false;
  private clip: readonly number[] = [];

  reset(): void {
    this.rectCount = 0;
    this.hasLeftovers = false;
    this.valid = true;
    this.open = false;
    this.count = 0;
    setBox(this.bounds, 0, Infinity, Infinity, -Infinity, -Infinity);
  }

  move(p: readonly [number, number]): void {
    this.endSubpath();
    this.open = true;
    this.drawn = false;
    this.count = 1;
    this.points[0] = p[0];
    this.points[1] = p[1];
    setBox(this.subBounds, 0, p[0], p[1], p[0], p[1]);
    this.include(p);
  }

  line(p: readonly [number, number]): void {
    if (!this.open) return this.move(p);
    this.drawn = true;
    this.include(p);
    includeIn(this.subBounds, p);
    if (this.count < 0) return;
    const last = 2 * (this.count - 1);
    if (same(this.points[last]!, p[0]) && same(this.points[last + 1]!, p[1])) return;
    if (this.count < 4 || (this.count === 4 && same(this.points[0]!, p[0]) && same(this.points[1]!, p[1]))) {
      this.points[2 * this.count] = p[0];
      this.points[2 * this.count + 1] = p[1];
      this.count++;
    } else this.count = -1;
  }

  curvePoint(p: readonly [number, number]): void {
    if (!this.open) return this.move(p);
    this.drawn = true;
    this.include(p);
    includeIn(this.subBounds, p);
    this.count = -1;
  }

  close(): void {
    this.endSubpath();
  }

  /** Ends the last subpath; leftovers are cut by `clip` as MuPDF cuts them before their union. */
  finish(clip: readonly number[]): void {
    this.clip = clip;
    this.endSubpath();
  }

  private include(p: readonly [number, number]): void {
    if (Number.isNaN(p[0]) || Number.isNaN(p[1])) this.valid = false;
    includeIn(this.bounds, p);
  }

  private endSubpath(): void {
    if (!this.open) return;
    this.open = false;
    if (!this.drawn) return;
    const pt = this.points;
    let count = this.count;
    if (count === 3 && (same(pt[0]!, pt[4]!) || same(pt[1]!, pt[5]!))) count = 2;
    let rect = false;
    if (count === 2) rect = same(pt[0]!, pt[2]!) || same(pt[1]!, pt[3]!);
    else if (count === 4 || count === 5) {
      rect =
        (same(pt[0]!, pt[2]!) && same(pt[4]!, pt[6]!) && same(pt[1]!, pt[7]!) && same(pt[3]!, pt[5]!)) ||
        (same(pt[0]!, pt[6]!) && same(pt[2]!, pt[4]!) && same(pt[1]!, pt[3]!) && same(pt[5]!, pt[7]!));
    }
    if (rect) {
      if (4 * (this.rectCount + 1) > this.rects.length) {
        const grown = new Float64Array(2 * this.rects.length);
        grown.set(this.rects);
        this.rects = grown;
      }
      const at = 4 * this.rectCount++;
      const box = this.rects;
      setBox(box, at, pt[0]!, pt[1]!, pt[0]!, pt[1]!);
      for (let i = 1; i < count; i++) {
        const x = pt[2 * i]!;
        const y = pt[2 * i + 1]!;
        if (x < box[at]!) box[at] = x;
        if (y < box[at + 1]!) box[at + 1] = y;
        if (x > box[at + 2]!) box[at + 2] = x;
        if (y > box[at + 3]!) box[at + 3] = y;
      }
      return;
    }
    const sub = this.subBounds;
    const clip = this.clip;
    const x0 = clip.length ? Math.max(sub[0]!, clip[0]!) : sub[0]!;
    const y0 = clip.length ? Math.max(sub[1]!, clip[1]!) : sub[1]!;
    const x1 = clip.length ? Math.min(sub[2]!, clip[2]!) : sub[2]!;
    const y1 = clip.length ? Math.min(sub[3]!, clip[3]!) : sub[3]!;
    if (!(x0 <= x1 && y0 <= y1)) return;
    const left = this.leftovers;
    if (!this.hasLeftovers) {
      setBox(left, 0, x0, y0, x1, y1);
      this.hasLeftovers = true;
    } else setBox(left, 0, Math.min(left[0]!, x0), Math.min(left[1]!, y0), Math.max(left[2]!, x1), Math.max(left[3]!, y1));
  }
}

function setBox(box: Float64Array, at: number, x0: number, y0: number, x1: number, y1: number): void {
  box[at] = x0;
  box[at + 1] = y0;
  box[at + 2] = x1;
  box[at + 3] = y1;
}

function includeIn(box: Float64Array, p: readonly [number, number]): void {
  if (p[0] < box[0]!) box[0] = p[0];
  if (p[1] < box[1]!) box[1] = p[1];
  if (p[0] > box[2]!) box[2] = p[0];
  if (p[1] > box[3]!) box[3] = p[1];
}

/** `true`, `false` and `null` are operands, not operators. */
function isOperandKeyword(data: Uint8Array, start: number, size: number): boolean {
  const word = String.fromCharCode(...data.subarray(start, start + size));
  return word === "true" || word === "false" || word === "null";
}
