import { describe, expect, it } from "vitest";
import { normaliseForSearch } from "./russian-text.js";
import { analyseQuery, blockSearchTerms, extractCodes, extractCues } from "./search-text.js";

const codesOf = (text: string) => extractCodes(normaliseForSearch(text)).map((m) => m.forms[0]);
const formsOf = (text: string) => extractCodes(normaliseForSearch(text)).map((m) => m.forms);
const indexCodes = (text: string) => new Set(blockSearchTerms({ text }).codes);
/** A query code matches a block when one of its forms is among the block's codes. */
const finds = (query: string, text: string) => {
  const codes = indexCodes(text);
  const mentions = analyseQuery(query).codes;
  return mentions.length > 0 && mentions.every((m) => m.forms.some((f) => codes.has(f)));
};

describe("extractCodes", () => {
  it("takes marks, axes, elevations, ciphers and dimensions as whole tokens", () => {
    expect(codesOf("Дверь ДВ5*Л-1, окно В21, ось 1-7/А-Ж, отм. +4,950, лист 133/23-ГК-АР4, проём 2480х1160")).toEqual([
      "дв5*л-1",
      "в21",
      "1-7/а-ж",
      "4.950",
      "133/23-гк-ар4",
      "2480х1160",
    ]);
  });

  it("keeps the minus of an elevation and drops the plus", () => {
    expect(codesOf("отм. -7,650 и +4.950 и ±0.000")).toEqual(["-7.650", "4.950", "0.000"]);
    expect(codesOf("ЛВ-10.16.21")).toEqual(["лв-10.16.21"]); // a connector, not a sign
  });

  it("indexes a starred mark with and without its star", () => {
    expect(formsOf("А3-13*")).toEqual([["а3-13*", "а3-13"]]);
    expect(formsOf("РП-2*")).toEqual([["рп-2*", "рп-2"]]);
  });

  it("indexes a sheet cipher by its section part as well", () => {
    expect(formsOf("133/23-ГК-АР4")).toEqual([["133/23-гк-ар4", "гк-ар4", "ар4"]]);
  });

  it("indexes standards with and without the year", () => {
    expect(formsOf("ГОСТ 57327-2016")).toEqual([["57327-2016", "гост 57327-2016", "гост 57327"]]);
    expect(formsOf("ГОСТ Р 21.1101-2013")).toEqual([["21.1101-2013", "гост 21.1101-2013", "гост 21.1101"]]);
    expect(formsOf("СП 54.13330.2022")).toEqual([["54.13330.2022", "сп 54.13330.2022"]]);
  });

  it("skips words without digits, single digits and ordinal numbers", () => {
    expect(codesOf("Кол-во П/А Ж 5 шт 2-го этажа 3-й")).toEqual([]);
  });

  it("keeps integers of two digits and more as numbers", () => {
    expect(extractCodes(normaliseForSearch("кол. 168 шт"))).toEqual([{ start: 5, end: 8, kind: "number", forms: ["168"] }]);
  });
});

describe("exact code matching", () => {
  it("never confuses В2 with В21 or ОВ1 with ОВ1.1", () => {
    expect(finds("В2", "окно В21")).toBe(false);
    expect(finds("В21", "окно В2")).toBe(false);
    expect(finds("ОВ1", "система ОВ1.1")).toBe(false);
    expect(finds("ОВ1.1", "система ОВ1")).toBe(false);
    expect(finds("ОВ1", "система ОВ1, ОВ2")).toBe(true);
    expect(finds("ДВ5Л-1", "ДВ5*Л-1")).toBe(false);
  });

  it("matches through OCR look-alikes, the star and the decimal comma", () => {
    expect(finds("A3-13", "Дверь А3-13*")).toBe(true);
    expect(finds("А3-13*", "Дверь А3-13")).toBe(false);
    expect(finds("0л-1", "Оконный блок Ол-1")).toBe(true);
    expect(finds("Ол-5", "0л-5")).toBe(true);
    expect(finds("+4,950", "отм. +4.950")).toBe(true);
    expect(finds("4.950", "отм. +4,950")).toBe(true);
    expect(finds("-7,650", "отм. +7.650")).toBe(false);
    expect(finds("ГОСТ 57327", "ГОСТ 57327-2016")).toBe(true);
    expect(finds("АР4", "133/23-ГК-АР4")).toBe(true);
  });
});

describe("extractCues", () => {
  const floors = (text: string) => extractCues(normaliseForSearch(text)).floors;
  it("reads floors written in several ways", () => {
    expect(floors("перемычки 2-го этажа")).toEqual([2]);
    expect(floors("на 2 этаже")).toEqual([2]);
    expect(floors("этаж 2")).toEqual([2]);
    expect(floors("этажа №3")).toEqual([3]);
    expect(floors("2-й этаж")).toEqual([2]);
    expect(floors("второго этажа")).toEqual([2]);
    expect(floors("План 7 эт. секция 1")).toEqual([7]);
  });

  it("reads underground floors as negative", () => {
    expect(floors("План -2-го этажа на отм. -7,650")).toEqual([-2]);
    expect(floors("-1 этаж")).toEqual([-1]);
    expect(floors("второго подземного этажа")).toEqual([-2]);
    expect(floors("минус первого этажа")).toEqual([-1]);
  });

  it("does not read counts of storeys or elevations as floors", () => {
    expect(floors("12-этажный дом")).toEqual([]);
    expect(floors("этажа на отм. -7,650")).toEqual([]);
  });

  it("reads sheet numbers but not sheet ciphers or sheet counts", () => {
    expect(extractCues(normaliseForSearch("лист 5")).sheets).toEqual(["5"]);
    expect(extractCues(normaliseForSearch("на листе №12")).sheets).toEqual(["12"]);
    expect(extractCues(normaliseForSearch("Лист 133/23-ГК-АР4, листов 20")).sheets).toEqual([]);
  });
});

describe("analyseQuery", () => {
  it("splits a question into codes, cues and words, blanking codes out of the words", () => {
    const q = analyseQuery("Перемычки 2-го этажа ПР-1 на отм. +4,950, лист 5");
    expect(q.codes.map((c) => c.forms[0])).toEqual(["пр-1", "4.950"]);
    expect(q.floors).toEqual([2]);
    expect(q.sheets).toEqual(["5"]);
    expect(q.wordsText.split(/\s+/).filter(Boolean)).toEqual(["перемычки", "этажа", "на", "отм.", ",", "лист"]);
  });
});

describe("blockSearchTerms", () => {
  it("adds floor and sheet pseudo-codes from the text and from the page stamp", () => {
    const terms = blockSearchTerms({ text: "Перемычки ПР-1", description: "ведомость 3 этажа" }, { sheet: "07", title: "План 2-го этажа" });
    expect(terms.codes).toEqual(expect.arrayContaining(["пр-1", "floor:3", "floor:2", "sheet:7"]));
    expect(terms.normalised).toContain("ведомость 3 этажа");
  });
});
