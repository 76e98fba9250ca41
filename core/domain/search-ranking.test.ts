import { describe, expect, it } from "vitest";
import { CANDIDATE_BUDGET, DOCUMENT_FREQUENCY_CAP, candidatePlan, combineScore, makeSnippet, parseSearchOptions, parseSearchQuery, termWeight } from "./search-ranking.js";
import { analyseQuery } from "./search-text.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";

describe("termWeight", () => {
  it("weighs rare words above common ones and stops falling at the cap", () => {
    expect(termWeight(0)).toBeCloseTo(1);
    expect(termWeight(3)).toBeGreaterThan(termWeight(300));
    expect(termWeight(DOCUMENT_FREQUENCY_CAP)).toBe(termWeight(DOCUMENT_FREQUENCY_CAP * 10));
  });
});

describe("combineScore", () => {
  it("lets one matched code outweigh every word, and the asked floor outweigh another floor", () => {
    const codeOnly = combineScore({ codeShare: 1, wordShare: 0, floor: "none", sheet: false });
    const wordsOnly = combineScore({ codeShare: 0, wordShare: 1, floor: "match", sheet: true });
    expect(codeOnly).toBeGreaterThan(wordsOnly);
    const asked = combineScore({ codeShare: 0, wordShare: 1, floor: "match", sheet: false });
    const other = combineScore({ codeShare: 0, wordShare: 1, floor: "other", sheet: false });
    expect(asked).toBeGreaterThan(other);
  });
});

describe("candidatePlan", () => {
  const t = (stem: string, documentFrequency: number) => ({ stem, documentFrequency });

  it("pulls with rare words only, never with words no block holds", () => {
    expect(candidatePlan([t("перемычк", 12), t("этаж", 5000), t("скольк", 0)], 0)).toEqual({ stems: ["перемычк"], minimumMatch: 1, cues: false });
  });

  it("falls back to common words when nothing else pulls, and to cues when no word does", () => {
    expect(candidatePlan([t("этаж", 5000)], 0).stems).toEqual(["этаж"]);
    expect(candidatePlan([t("этаж", 5000)], 1).stems).toEqual([]);
    expect(candidatePlan([t("скольк", 0)], 0)).toMatchObject({ stems: [], cues: true });
  });

  it("asks for more of the words per block as the volume exceeds the budget tenfold", () => {
    expect(candidatePlan([t("а", 100), t("б", 100)], 0).minimumMatch).toBe(1);
    const big = DOCUMENT_FREQUENCY_CAP + 1;
    expect(candidatePlan([t("аа", big), t("бб", big)], 0).minimumMatch).toBe(2);
    const many = Array.from({ length: 5 }, (_, i) => t(`с${i}`, CANDIDATE_BUDGET * 20));
    expect(candidatePlan(many, 0).minimumMatch).toBe(3);
  });
});

describe("parseSearchOptions / parseSearchQuery", () => {
  it("defaults the limit and names a bad field", async () => {
    expect(parseSearchOptions(undefined)).toEqual({ limit: 20 });
    expect(await errorCodeOf(() => parseSearchOptions({ filters: { pages: [0] } }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(() => parseSearchOptions({ filters: { color: "red" } }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(() => parseSearchQuery(" "))).toBe("SEARCH.INVALID_QUERY");
    expect(await errorCodeOf(() => parseSearchQuery("а".repeat(3000)))).toBe("SEARCH.INVALID_QUERY");
  });
});

describe("makeSnippet", () => {
  it("marks codes exactly and words by stem, around the first code, in the original spelling", () => {
    const text = "Общие указания. ".repeat(20) + "Окна В2 и В21: перемычки над окнами В2.";
    const snippet = makeSnippet(text, analyseQuery("В2 перемычки"), ["перемычк"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet).toContain("Окна «В2» и В21: «перемычки» над окнами «В2».");
  });

  it("marks a code the OCR wrote with Latin look-alikes", () => {
    expect(makeSnippet("Дверь A3-13* (OCR)", analyseQuery("А3-13"), [])).toBe("Дверь «A3-13*» (OCR)");
  });
});
