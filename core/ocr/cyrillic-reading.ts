import { latinOnRussianSheet, type PageWord, READABLE } from "./page-words.js";
import { overlaps } from "./small-text-pass.js";

const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;

/**
 * The words worth keeping from a reading with Cyrillic letters only of a place read in Latin (`latin`, the Latin
 * words there): confident ones, and from half the confidence up a word that spells as many characters where a Latin
 * one stood. `д1` for `a1`: the two readings agree on the mark and differ in the script alone, so the pair counts as
 * confident (at `minConfidence`); without English the engine is less sure of a lone mark (0.48 for that `д1`).
 */
export function cyrillicWordsKept(read: readonly PageWord[], latin: readonly PageWord[], minConfidence: number): PageWord[] {
  return read.flatMap((word) => {
    if (!READABLE.test(word.text)) return [];
    if (word.confidence >= minConfidence) return [word];
    const length = [...word.text].length;
    const agrees = word.confidence >= minConfidence / 2 && latin.some((l) => [...l.text].length === length && overlaps(l.bbox, word.bbox));
    return agrees ? [{ ...word, confidence: minConfidence }] : [];
  });
}

/**
 * Whether a reading with Cyrillic letters only gave Cyrillic words: no Latin letter kept and a Cyrillic one found
 * (without English, the engine can make an axis `Д` it does not take for a letter into `4`).
 */
export function readInCyrillic(read: readonly PageWord[]): boolean {
  return read.length > 0 && read.every((w) => !latinOnRussianSheet(w.text)) && read.some((w) => CYRILLIC_LETTER.test(w.text));
}
