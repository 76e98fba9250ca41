import { describe, expect, it } from "vitest";
import type { TextLine } from "./page-layout.js";
import { isTitleBlockRegion, recognizeStamp, recognizeStampFromLines } from "./title-block.js";

const cell = (text: string, size = 8) => ({ text, size });

describe("title block recognition", () => {
  it("reads cipher, sheet, stage and title from the stamp's cells", () => {
    const rows = [
      [cell("Изм."), cell("Кол.уч."), cell("2024-15-ОВ1.1", 14)],
      [cell("Разраб."), cell("Петров А.В."), cell("Жилой дом", 10)],
      [cell("ГИП"), cell("Сидоров"), cell("Схема систем отопления", 12), cell("Стадия"), cell("Лист"), cell("Листов")],
      [cell("Н.контр."), cell("Козлов"), cell(""), cell("П"), cell("4а"), cell("9")],
      [cell(""), cell(""), cell(""), cell("ООО «Теплопроект»", 12)],
    ];
    expect(recognizeStamp(rows)).toEqual({ cipher: "2024-15-ОВ1.1", sheet: "4а", stage: "П", title: "Схема систем отопления" });
  });

  it("finds nothing in a table that is not a title block", () => {
    expect(recognizeStamp([[cell("Поз."), cell("Наименование")], [cell("1"), cell("Перемычка")]])).toBeUndefined();
  });

  it("reads a stamp from loose lines when MuPDF sees no table", () => {
    const line = (text: string, x: number, y: number, size = 8): TextLine => ({ text, bbox: [x, y, x + text.length * size * 0.5, y + size], size, block: 0 });
    const stamp = recognizeStampFromLines([
      line("133/23-ГК-АР4", 1900, 1500, 14),
      line("План кровли", 1700, 1560, 12),
      line("Лист", 2200, 1550),
      line("7", 2205, 1565),
      line("Иванов", 1600, 1560),
    ]);
    expect(stamp).toEqual({ cipher: "133/23-ГК-АР4", sheet: "7", title: "План кровли" });
  });

  it("places title blocks in the bottom-right corner only", () => {
    expect(isTitleBlockRegion([1700, 1400, 2364, 1664], 2384, 1684)).toBe(true);
    expect(isTitleBlockRegion([1700, 100, 2364, 400], 2384, 1684)).toBe(false);
    expect(isTitleBlockRegion([100, 1400, 700, 1664], 2384, 1684)).toBe(false);
  });
});
