import type { BBoxNorm } from "../domain/geometry.js";
import type { RecognitionResult } from "../ports/text-recognizer.js";

/** A recognised word placed on its page. */
export interface PageWord {
  text: string;
  bbox: BBoxNorm;
  confidence: number;
  /** Index of the tile it was read in. */
  tile: number;
  /** Distance (0..1 of the page) from the word to the nearest tile edge that is a seam, not the page border. */
  seamDistance: number;
}

/** Words of one tile's result in page coordinates. */
export function placeWords(result: RecognitionResult, region: BBoxNorm, tile: number): PageWord[] {
  if (!(result.width > 0 && result.height > 0)) return [];
  const sx = (region[2] - region[0]) / result.width;
  const sy = (region[3] - region[1]) / result.height;
  const seams = [region[0] > 0, region[1] > 0, region[2] < 1, region[3] < 1];
  return result.lines.flatMap((line) =>
    line.words.map((word) => {
      const bbox: BBoxNorm = [region[0] + word.bbox[0] * sx, region[1] + word.bbox[1] * sy, region[0] + word.bbox[2] * sx, region[1] + word.bbox[3] * sy];
      const gaps = [bbox[0] - region[0], bbox[1] - region[1], region[2] - bbox[2], region[3] - bbox[3]].filter((_, i) => seams[i]);
      return { text: word.text, bbox, confidence: word.confidence, tile, seamDistance: gaps.length ? Math.max(0, Math.min(...gaps)) : Infinity };
    }),
  );
}

const area = (b: BBoxNorm) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

function overlapShare(a: BBoxNorm, b: BBoxNorm): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(area(a), area(b));
}

/**
 * One copy of every word seen by several overlapping tiles: the copy read farthest from a seam wins (the one
 * not cut by a tile edge), and a copy is dropped when it overlaps a kept word of another tile.
 */
export function mergeSeams(words: readonly PageWord[]): PageWord[] {
  const ranked = [...words].sort((a, b) => b.seamDistance - a.seamDistance || b.text.length - a.text.length || b.confidence - a.confidence);
  const kept: PageWord[] = [];
  for (const word of ranked) {
    if (kept.some((k) => k.tile !== word.tile && overlapShare(k.bbox, word.bbox) > 0.3)) continue;
    kept.push(word);
  }
  return kept;
}

const DIGIT = /\d/;

/**
 * A mark of one small Cyrillic letter and its number (`д1`, `т4`): drawings letter their marks in capitals, and at
 * 5–7 pt the engine cannot tell `т` from `Т`. Not `м` (`м2`, `м3` are units).
 */
const LOWERCASE_MARK = /^([а-лн-яё])(\d+(?:[.-]\d+)*)$/u;

/**
 * Undo the OCR confusions that break construction codes: Cyrillic `З` for `3` and `О` for `0` inside a code
 * (`АЗ-13*` → `А3-13*`, `1О5` → `105`), and a mark's letter read small (`д1` → `Д1`). Only tokens holding a digit
 * are touched, so words stay as read.
 */
export function repairCodes(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (!DIGIT.test(token)) return token;
      const mark = LOWERCASE_MARK.exec(token);
      if (mark) return mark[1]!.toUpperCase() + mark[2]!;
      const chars = [...token];
      return chars
        .map((c, i) => {
          const before = chars[i - 1] ?? "";
          const after = chars[i + 1] ?? "";
          if (c === "З" && (DIGIT.test(before) || DIGIT.test(after) || after === "-" || after === "." || after === "*")) return "3";
          if ((c === "О" || c === "о") && DIGIT.test(before) && DIGIT.test(after)) return "0";
          return c;
        })
        .join("");
    })
    .join("");
}

/**
 * Small Cyrillic letters that, read alone in a cluster of their own, are an axis letter or a mark's: not the
 * one-letter words (`а`, `в`, `и`, `к`, `о`, `с`, `у`, `я`) or units (`м`, `т`, `г`, `л`, `ч`). The engine cannot tell
 * case from an isolated glyph, as the small letters have the capitals' shapes (`д` for an axis `Д`).
 */
const LONE_AXIS_LETTER = /^[бдежнпрфшэю]$/u;

/** A second look's lone letter in its capital (`д` → `Д`), as drawings letter their axes and marks. */
export function capitalLoneLetter(text: string): string {
  return LONE_AXIS_LETTER.test(text) ? text.toUpperCase() : text;
}

/** What a lone stroke reads as: a pipe, or the Latin letters shaped like it (never a Russian sheet's own). */
const LONE_STROKE = /^[|lI]$/;

/**
 * A second look's lone upright stroke as the digit one (`|` for an axis `1`): a CAD font's one at a bubble's size is
 * a bare stroke, and the engine, reading it alone, has no digits around it to tell it by. A stroke less than twice as
 * tall as wide is left as read (a dash, a tick).
 */
export function strokeAsOne(word: Pick<PageWord, "text" | "bbox">, pageWidth: number, pageHeight: number): string {
  const [x0, y0, x1, y1] = word.bbox;
  const upright = (y1 - y0) * pageHeight >= 2 * (x1 - x0) * pageWidth;
  return upright && LONE_STROKE.test(word.text) ? "1" : word.text;
}

/** A word with a letter or digit in it: what a reading must hold to be text rather than strokes (`|`, `—`). */
export const READABLE = /[\p{L}\p{N}]/u;

/** Latin letters that print exactly as a Cyrillic one, and that Cyrillic letter. */
const LOOKALIKE: Record<string, string> = { A: "А", B: "В", C: "С", E: "Е", H: "Н", K: "К", M: "М", O: "О", P: "Р", T: "Т", X: "Х", a: "а", c: "с", e: "е", o: "о", p: "р", x: "х", y: "у" };
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
const UPPER_LOOKALIKES = /^[ABCEHKMOPTX\d.,\-*/]+$/;

/** Whether most letters of `texts` are Cyrillic: a Russian sheet, whose short codes are Cyrillic too. */
export function mostlyCyrillic(texts: readonly string[]): boolean {
  let cyrillic = 0;
  let latin = 0;
  for (const c of texts.join("")) {
    if (CYRILLIC.test(c)) cyrillic++;
    else if (LATIN.test(c)) latin++;
  }
  return cyrillic > 2 * latin;
}

/**
 * On a Russian sheet, the Cyrillic letters the engine read as their Latin twins: a word mixing both scripts
 * (`Пpoeкт`) is always such a misreading, and so is a code of capitals and digits (`OB1`, `K1`, `T4`) or a lone
 * capital (an axis letter `A`), which the engine's English model claims for itself when the word is that short.
 * Other Latin words (`Cr-1`, `DN50`) stay as read; search folds the twins anyway, this is for the quoted text.
 */
export function cyrillicTwins(text: string): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      const mixed = CYRILLIC.test(token) && LATIN.test(token);
      const code = !CYRILLIC.test(token) && LATIN.test(token) && UPPER_LOOKALIKES.test(token) && (DIGIT.test(token) || token.length === 1);
      if (!mixed && !code) return token;
      return [...token].map((c) => LOOKALIKE[c] ?? c).join("");
    })
    .join("");
}

/** A code's characters: letters, digits and the joiners of marks (`Ст-1`, `ОВ2.3`, `А3-13*`), with a digit. */
const CODE_LIKE = /^(?=.*\d)[\p{L}\p{N}.,\-*/]{2,6}$/u;
/** A word as short as a mark (letter and digit), begun by a Latin capital that has a Cyrillic twin: `A`, `Al`, `Ai`. */
const SHORT_LATIN_MARK = /^[ABCEHKMOPTX][a-z]{0,2}$/;

/**
 * On a Russian sheet, a short code or mark the engine read in Latin letters: with letters that have no Cyrillic
 * twin (`On-1` for `Ол-1`, `Cr-1` for `Ст-1`, `a1` for `Д1`), or as short as a mark and begun by a Latin capital
 * (`Al` and `A` for `Д1`, `A` for an axis `Д`: the engine's English model claims the shapes of `Д` for itself).
 * tesseract reads these right on their own at a higher DPI with Cyrillic letters only, and misreads them inside a
 * 300-DPI tile, confidently. Such a word is worth a second look; a real Latin code (`DN50`) or an `А` reads the same
 * again and stays. Words begun by other capitals are not doubted: on a scan, hatching reads as dozens of confident
 * `Yy` and `Wi` (of the few that are, such as `Mp`, the 300-DPI scan sheet has 10 of 341 words).
 */
export function doubtfulCode(text: string): boolean {
  return (CODE_LIKE.test(text) && latinOnRussianSheet(text)) || SHORT_LATIN_MARK.test(text);
}

/** Whether `text` keeps a Latin letter once a Russian sheet's twins are given back (`On-1` does, `OB1` does not). */
export function latinOnRussianSheet(text: string): boolean {
  return LATIN.test(cyrillicTwins(text));
}

/** A code in small text: a digit with a letter or a joiner (`Т3`, `30-2`, `ОВ2.3`); bare digits on a scan are mostly hatching. */
const SMALL_CODE = /^(?=.*\d)(?=.*[\p{L}.\-*])[\p{L}\p{N}.,\-*/']{2,8}$/u;

/** Whether a word of small text is a code worth reading again (`082.3`, `30-2`), not bare digits (`77`) or a word. */
export function smallCode(text: string): boolean {
  return SMALL_CODE.test(text);
}
