import { describe, expect, it } from "vitest";
import { isWordChar, normaliseForSearch, RUSSIAN_STOP_WORDS, russianLexemes, stemRussian } from "./russian-text.js";

describe("normaliseForSearch", () => {
  it("keeps the length of the text so positions map back to the original", () => {
    for (const text of ["Ёлка A3-13 0л-1 +4,950 — 2480×1160", "emoji 🙂 ok", ""]) expect(normaliseForSearch(text)).toHaveLength(text.length);
  });

  it("lower-cases, folds ё, dashes and the multiplication sign", () => {
    expect(normaliseForSearch("ЁЛКА – Ель — 2480×1160")).toBe("елка - ель - 2480х1160");
  });

  it("folds Latin look-alikes into Cyrillic inside codes and mixed words", () => {
    expect(normaliseForSearch("A3-13")).toBe(normaliseForSearch("А3-13"));
    expect(normaliseForSearch("B3-14")).toBe("в3-14");
    expect(normaliseForSearch("OB1")).toBe(normaliseForSearch("ОВ1"));
    expect(normaliseForSearch("133/23-ГК-AP1")).toBe("133/23-гк-ар1");
    expect(normaliseForSearch("KPOBЛЯ")).toBe("кровля");
  });

  it("leaves Latin words with letters that have no Cyrillic twin", () => {
    expect(normaliseForSearch("EIS60 NORMA PLASTIK DN150")).toBe("eis60 norma plastik dn150");
  });

  it("reads 0 as О next to letters but not inside numbers", () => {
    expect(normaliseForSearch("0л-1")).toBe("ол-1");
    expect(normaliseForSearch("В0")).toBe("во");
    expect(normaliseForSearch("DN100 2480 В10")).toBe("dn100 2480 в10");
  });

  it("turns a decimal comma into a point only between digits", () => {
    expect(normaliseForSearch("+4,950; окна, двери")).toBe("+4.950; окна, двери");
  });
});

describe("isWordChar", () => {
  it("agrees with the Unicode letter-or-number class on every UTF-16 unit", () => {
    const wordChar = /[\p{L}\p{N}]/u;
    const disagree: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (isWordChar(c) !== wordChar.test(c)) disagree.push(code);
    }
    expect(disagree).toEqual([]);
  });
});

describe("stemRussian", () => {
  it("gives the forms of a word one stem and keeps a fleeting vowel apart, as Snowball does", () => {
    expect(new Set(["перемычка", "перемычки", "перемычку", "перемычкой", "перемычкам"].map(stemRussian))).toEqual(new Set(["перемычк"]));
    expect(stemRussian("перемычек")).toBe("перемычек");
  });

  it("removes each kind of ending inside RV", () => {
    expect(stemRussian("выполнив")).toBe("выполн"); // perfective gerund
    expect(stemRussian("установившись")).toBe("установ");
    expect(stemRussian("крепятся")).toBe("креп"); // reflexive, then verb
    expect(stemRussian("обеспечивающий")).toBe("обеспечива"); // adjective and participle
    expect(stemRussian("вентиляционные")).toBe("вентиляцион");
    expect(stemRussian("ведомости")).toBe("ведом"); // noun, then derivational -ост in R2
    expect(stemRussian("жесткости")).toBe("жесткост"); // -ост outside R2 stays
    expect(stemRussian("наибольший")).toBe("наибольш");
    expect(stemRussian("длиннейшие")).toBe("длин"); // superlative, then нн undoubled
    expect(stemRussian("усиленный")).toBe("усилен");
    expect(stemRussian("деталь")).toBe("детал"); // soft sign
  });

  it("needs an а or я inside RV before the endings that require one", () => {
    expect(stemRussian("дав")).toBe("дав");
    expect(stemRussian("читав")).toBe("чита"); // the а stays
  });

  it("reads ё as е and leaves words without Cyrillic vowels alone", () => {
    expect(stemRussian("съёмный")).toBe(stemRussian("съемный"));
    expect(stemRussian("plastics")).toBe("plastics");
    expect(stemRussian("кжс")).toBe("кжс");
  });
});

describe("russianLexemes", () => {
  it("drops the stop words and stems the rest", () => {
    expect(russianLexemes("перемычки для кладки и стен")).toEqual(["перемычк", "кладк", "стен"]);
    expect(RUSSIAN_STOP_WORDS.has("сколько")).toBe(false);
    expect(russianLexemes("the lintels")).toEqual(["lintels"]);
  });

  it("stems a hyphenated word whole and by its parts", () => {
    expect(russianLexemes("цементно-песчаный по-видимому")).toEqual(["цементно-песчан", "цементн", "песчан", "по-видим", "видим"]);
  });

  it("leaves tokens with digits to the codes channel", () => {
    expect(russianLexemes("ов1 пр-1 2пб +4.950 окно")).toEqual(["пр", "окн"]);
  });

  it("drops question words only when asked to", () => {
    expect(russianLexemes("сколько перемычек")).toEqual(["скольк", "перемычек"]);
    expect(russianLexemes("сколько перемычек, покажи", { questions: "drop" })).toEqual(["перемычек"]);
  });
});
