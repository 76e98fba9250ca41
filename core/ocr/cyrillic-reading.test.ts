import { describe, expect, it } from "vitest";
import { cyrillicWordsKept, readInCyrillic } from "./cyrillic-reading.js";
import type { PageWord } from "./page-words.js";

const word = (text: string, confidence: number, bbox: PageWord["bbox"] = [0.4, 0.8, 0.41, 0.81]): PageWord => ({ text, confidence, bbox, tile: 9, seamDistance: Infinity });

describe("cyrillicWordsKept", () => {
  it("keeps confident words as read", () => {
    expect(cyrillicWordsKept([word("Ол-1", 0.9)], [], 0.5)).toEqual([word("Ол-1", 0.9)]);
  });

  it("keeps a less sure word spelling as many characters where a Latin one stood, as confident as the pair", () => {
    expect(cyrillicWordsKept([word("д1", 0.48)], [word("a1", 0.9)], 0.5)).toEqual([word("д1", 0.5)]);
  });

  it("drops an unsure word that spells otherwise, stands elsewhere or falls under half the confidence", () => {
    expect(cyrillicWordsKept([word("д1о", 0.48)], [word("a1", 0.9)], 0.5)).toEqual([]);
    expect(cyrillicWordsKept([word("д1", 0.48, [0.1, 0.1, 0.11, 0.11])], [word("a1", 0.9)], 0.5)).toEqual([]);
    expect(cyrillicWordsKept([word("д1", 0.2)], [word("a1", 0.9)], 0.5)).toEqual([]);
    expect(cyrillicWordsKept([word("—", 0.9)], [], 0.5)).toEqual([]);
  });
});

describe("readInCyrillic", () => {
  it("takes a reading with a Cyrillic letter and no Latin one left", () => {
    expect(readInCyrillic([word("Д1", 0.6)])).toBe(true);
    expect(readInCyrillic([word("ОВ1", 0.6), word("2.04", 0.9)])).toBe(true);
  });

  it("refuses nothing read, Latin left, or digits alone where a letter was (an axis Д made into 4)", () => {
    expect(readInCyrillic([])).toBe(false);
    expect(readInCyrillic([word("Al", 0.6)])).toBe(false);
    expect(readInCyrillic([word("4", 0.9)])).toBe(false);
  });
});
