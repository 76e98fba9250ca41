import { describe, expect, it } from "vitest";
import { capitalLoneLetter, cyrillicTwins, doubtfulCode, mergeSeams, smallCode, mostlyCyrillic, type PageWord, placeWords, repairCodes, strokeAsOne } from "./page-words.js";

describe("placeWords", () => {
  it("maps tile pixels into page coordinates and measures the distance to seams only", () => {
    const words = placeWords(
      { width: 100, height: 50, languages: ["eng"], engine: "x", lines: [{ text: "A", bbox: [10, 10, 20, 20], confidence: 0.9, words: [{ text: "A", bbox: [10, 10, 20, 20], confidence: 0.9 }] }] },
      [0, 0.5, 0.5, 1],
      3,
    );
    expect(words[0]!.bbox).toEqual([0.05, 0.6, 0.1, 0.7]);
    expect(words[0]!.tile).toBe(3);
    // left and bottom are page borders; the nearest seam is the top (0.1 away)
    expect(words[0]!.seamDistance).toBeCloseTo(0.1);
  });
});

describe("mergeSeams", () => {
  const word = (text: string, bbox: [number, number, number, number], tile: number, seamDistance: number): PageWord => ({ text, bbox, confidence: 0.9, tile, seamDistance });

  it("keeps the copy read away from the seam and drops the cut copy of another tile", () => {
    const merged = mergeSeams([
      word("Помещ", [0.4, 0.1, 0.5, 0.12], 0, 0),
      word("Помещение", [0.4, 0.1, 0.55, 0.12], 1, 0.05),
      word("101", [0.56, 0.1, 0.6, 0.12], 1, 0.09),
    ]);
    expect(merged.map((w) => w.text).sort()).toEqual(["101", "Помещение"]);
  });

  it("keeps one of two complete copies in the overlap, and never merges words of the same tile", () => {
    const merged = mergeSeams([
      word("В2", [0.5, 0.5, 0.52, 0.51], 0, 0.01),
      word("В2", [0.5, 0.5, 0.52, 0.51], 1, 0.02),
      word("В21", [0.5005, 0.5, 0.52, 0.51], 1, 0.02),
    ]);
    expect(merged.filter((w) => w.tile === 1)).toHaveLength(2);
    expect(merged.filter((w) => w.tile === 0)).toHaveLength(0);
  });
});

describe("repairCodes", () => {
  it("turns Cyrillic З and О back into digits inside codes only", () => {
    expect(repairCodes("Перемычка АЗ-13* и ВЗ, 1О5 шт")).toBe("Перемычка А3-13* и ВЗ, 105 шт");
    expect(repairCodes("Зона 3 Окно О1")).toBe("Зона 3 Окно О1");
    expect(repairCodes("ЗЗ.5")).toBe("З3.5");
  });

  it("gives a mark read with a small letter its capital, and leaves units and words alone", () => {
    expect(repairCodes("д1 т4 к2-4 ов1")).toBe("Д1 Т4 К2-4 ов1");
    expect(repairCodes("12,5 м2 м3 10м п.3")).toBe("12,5 м2 м3 10м п.3");
  });
});

describe("doubtfulCode", () => {
  it("doubts short codes whose Latin letters have no Cyrillic twin", () => {
    for (const word of ["On-1", "Cr-1", "a1", "DN50"]) expect(doubtfulCode(word)).toBe(true);
  });

  it("doubts words as short as a mark begun by a Latin twin capital: the English model's readings of Д and Д1", () => {
    for (const word of ["A", "Al", "Ai", "K"]) expect(doubtfulCode(word)).toBe(true);
  });

  it("trusts Cyrillic codes, twins of them, plain numbers and whole Latin words", () => {
    for (const word of ["Ол-1", "ОВ2.3", "OB1", "K1", "А", "2.04", "+4,950", "Room", "Помещение", "Area"]) expect(doubtfulCode(word)).toBe(false);
    // letters alone: hatching on a scan reads as such words
    for (const word of ["Yy", "Wi"]) expect(doubtfulCode(word)).toBe(false);
  });
});

describe("capitalLoneLetter", () => {
  it("gives a lone small letter, an axis letter read alone, its capital", () => {
    expect(["д", "ж", "б", "п"].map(capitalLoneLetter)).toEqual(["Д", "Ж", "Б", "П"]);
  });

  it("leaves one-letter words, units, longer words and capitals as read", () => {
    for (const text of ["в", "и", "к", "с", "м", "т", "г", "л", "дом", "Д", "д1"]) expect(capitalLoneLetter(text)).toBe(text);
  });
});

describe("strokeAsOne", () => {
  // an A1 sheet in points; the axis bubble's 11-pt one is about 2.5 pt wide and 8 pt tall
  const [width, height] = [2384, 1684];
  const box = (w: number, h: number): [number, number, number, number] => [0.1, 0.1, 0.1 + w / width, 0.1 + h / height];

  it("reads a lone upright stroke as the digit one", () => {
    for (const text of ["|", "l", "I"]) expect(strokeAsOne({ text, bbox: box(2.5, 8) }, width, height)).toBe("1");
  });

  it("leaves squat strokes, other glyphs and longer words as read", () => {
    expect(strokeAsOne({ text: "|", bbox: box(5, 8) }, width, height)).toBe("|");
    for (const text of ["—", "Д", "11", "|1", "ll"]) expect(strokeAsOne({ text, bbox: box(2.5, 8) }, width, height)).toBe(text);
  });
});

describe("smallCode", () => {
  it("takes codes with a digit and a letter or a joiner, not bare digits or words", () => {
    for (const word of ["Т3", "30-2", "082.3", "ОВ2.3", "А3-13*"]) expect(smallCode(word)).toBe(true);
    for (const word of ["7", "77", "2024", "комната", "Ванная"]) expect(smallCode(word)).toBe(false);
  });
});

describe("cyrillicTwins", () => {
  it("gives codes, lone capitals and mixed-script words on a Russian sheet their Cyrillic letters back", () => {
    expect(cyrillicTwins("OB1.1 K1 T4 A Пpoeкт")).toBe("ОВ1.1 К1 Т4 А Проект");
    // repairCodes then sees a Cyrillic code, as it does for codes read in Cyrillic
    expect(repairCodes(cyrillicTwins("A3-13*"))).toBe("А3-13*");
  });

  it("leaves other Latin words as read", () => {
    expect(cyrillicTwins("Cr-1 DN50 Mix OK")).toBe("Cr-1 DN50 Mix OK");
    expect(mostlyCyrillic(["Помещение", "2.01", "OB1"])).toBe(true);
    expect(mostlyCyrillic(["Room", "2.01", "Кухня"])).toBe(false);
  });
});
