import { describe, expect, it } from "vitest";
import { columnTableMarkdown, findColumnTables, type TextPiece } from "./column-table.js";

/** Pieces of text at `size` points, one per cell, the way a CAD export writes a schedule. */
function schedule(rows: string[][], lefts: number[], top: number, pitch: number, size = 8): TextPiece[] {
  return rows.flatMap((row, r) =>
    row.flatMap((text, c) => (text ? [{ text, box: [lefts[c]!, top + r * pitch, lefts[c]! + text.length * size * 0.5, top + r * pitch + size] as TextPiece["box"] }] : [])),
  );
}

const ROWS = [
  ["Поз.", "Наименование", "Тип, марка", "Кол."],
  ["П1", "Приточная установка", "КЦКП-5", "1"],
  ["В1", "Вентилятор канальный", "ВКК-160", "12"],
  ["В2", "Вентилятор крышный", "ВКР-4,0", "3"],
];
const LEFTS = [50, 90, 260, 360];

describe("findColumnTables", () => {
  it("keeps each row of an unruled schedule together, cells in their columns", () => {
    const { tables, rest } = findColumnTables(schedule(ROWS, LEFTS, 100, 16));
    expect(rest).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows).toEqual(ROWS);
    expect(tables[0]!.box).toEqual([50, 100, 360 + 4 * 4, 100 + 3 * 16 + 8]);
    expect(columnTableMarkdown(tables[0]!.rows).split("\n")[3]).toBe("| В1 | Вентилятор канальный | ВКК-160 | 12 |");
  });

  it("joins OCR words of one cell and appends a wrapped line to the cell above", () => {
    const words: TextPiece[] = [];
    const word = (x: number, y: number, text: string) => words.push({ text, box: [x, y, x + text.length * 4, y + 8] });
    ROWS.forEach((row, r) =>
      row.forEach((cell, c) => {
        let x = LEFTS[c]!;
        for (const w of cell.split(" ")) {
          word(x, 100 + r * 20, w);
          x += w.length * 4 + 2.5;
        }
      }),
    );
    word(90, 100 + 3 * 20 + 10, "оцинкованный");
    const { tables } = findColumnTables(words);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows[3]).toEqual(["В2", "Вентилятор крышный оцинкованный", "ВКР-4,0", "3"]);
  });

  it("leaves a title above and notes below as text, and text far beside the table out of its rows", () => {
    const pieces = [
      { text: "Спецификация оборудования", box: [50, 80, 200, 90] as TextPiece["box"] },
      ...schedule(ROWS, LEFTS, 100, 16),
      { text: "Примечание: оборудование поставляет заказчик", box: [50, 168, 300, 176] as TextPiece["box"] },
      { text: "Узел 1", box: [900, 116, 930, 124] as TextPiece["box"] },
    ];
    const { tables, rest } = findColumnTables(pieces);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows[0]).toEqual(ROWS[0]);
    expect(rest.map((p) => p.text)).toEqual(["Спецификация оборудования", "Примечание: оборудование поставляет заказчик", "Узел 1"]);
  });

  it("finds no table in paragraphs, in a label pair stack, or in a lattice of scattered marks", () => {
    const paragraph = ["1. Количество элементов подсчитано по планам.", "2. Монтаж выполнять по ГОСТ.", "3. Узел см. А3-13*.", "4. Прочее."].map(
      (text, i): TextPiece => ({ text, box: [50, 100 + i * 12, 50 + text.length * 4, 108 + i * 12] }),
    );
    expect(findColumnTables(paragraph).tables).toEqual([]);
    const rooms = schedule([["1.01", "1.02"], ["Офис", "Холл"], ["18,45", "20,10"]], [100, 300], 100, 12);
    expect(findColumnTables(rooms).tables).toEqual([]);
    const marks = Array.from({ length: 8 }, (_, r) => Array.from({ length: 10 }, (_, c) => ["В2", "К1", "Т3", "ОВ1"][(r + c) % 4]!));
    expect(findColumnTables(schedule(marks, Array.from({ length: 10 }, (_, c) => 40 + c * 18), 100, 14, 5)).tables).toEqual([]);
  });
});
