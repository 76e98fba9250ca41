import { describe, expect, it } from "vitest";
import type { BBoxNorm } from "../domain/geometry.js";
import { layoutWords } from "./layout.js";
import type { PageWord } from "./page-words.js";
import type { Ruling } from "./rulings.js";

const PAGE = { width: 1000, height: 1000 };
const word = (text: string, x: number, y: number, w = text.length * 6, h = 10): PageWord => ({
  text,
  bbox: [x / 1000, y / 1000, (x + w) / 1000, (y + h) / 1000] as BBoxNorm,
  confidence: 0.9,
  tile: 0,
  seamDistance: Infinity,
});
const h = (y: number, from: number, to: number): Ruling => ({ orientation: "h", at: y / 1000, from: from / 1000, to: to / 1000 });
const v = (x: number, from: number, to: number): Ruling => ({ orientation: "v", at: x / 1000, from: from / 1000, to: to / 1000 });

/** A 3-column table at x 100..400, rows every 20 pt from y 500. */
function tableRulings(rows: number): Ruling[] {
  return [
    ...Array.from({ length: rows + 1 }, (_, r) => h(500 + r * 20, 100, 400)),
    v(100, 500, 500 + rows * 20),
    v(150, 500, 500 + rows * 20),
    v(300, 500, 500 + rows * 20),
    v(400, 500, 500 + rows * 20),
  ];
}

describe("layoutWords", () => {
  it("rebuilds a ruled table into markdown rows and columns", () => {
    const words = [
      word("Поз.", 105, 505),
      word("Наименование", 155, 505),
      word("Кол.", 305, 505),
      word("1", 105, 525),
      word("Перемычка", 155, 525),
      word("5ПБ", 215, 525),
      word("4", 305, 525),
      word("2", 105, 545),
      word("Окно", 155, 545),
      word("12", 305, 545),
    ];
    const blocks = layoutWords(words, tableRulings(3), PAGE);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind).toBe("TABLE");
    expect(blocks[0]!.text).toBe(["| Поз. | Наименование | Кол. |", "| --- | --- | --- |", "| 1 | Перемычка 5ПБ | 4 |", "| 2 | Окно | 12 |"].join("\n"));
    expect(blocks[0]!.bbox).toEqual([0.1, 0.5, 0.4, 0.56]);
    expect(blocks[0]!.table).toEqual({ rows: 3, columns: 3 });
  });

  it("treats a ruled grid with few labels (walls of a plan) as no table", () => {
    const blocks = layoutWords([word("101", 160, 525)], tableRulings(6), PAGE);
    expect(blocks.map((b) => b.kind)).toEqual(["TEXT"]);
  });

  it("treats a grid of rooms with a label in every cell (rows many text heights tall) as no table", () => {
    const rooms: Ruling[] = [
      ...[100, 300, 500, 700].map((y) => h(y, 100, 700)),
      ...[100, 300, 500, 700].map((x) => v(x, 100, 700)),
    ];
    const labels = [150, 350, 550].flatMap((y) => [150, 350, 550].map((x, i) => word(["Кухня", "Спальня", "Холл"][i]!, x, y)));
    const blocks = layoutWords(labels, rooms, PAGE);
    expect(blocks.map((b) => b.kind)).not.toContain("TABLE");
    expect(blocks.map((b) => b.text).sort()).toEqual(labels.map((l) => l.text).sort());
  });

  it("joins words into lines and stacked lines into paragraphs, apart from distant labels", () => {
    const blocks = layoutWords(
      [word("Примечания:", 100, 100), word("1.", 100, 114), word("Отметки", 115, 114), word("в", 165, 114), word("метрах", 175, 114), word("В21", 700, 300)],
      [],
      PAGE,
    );
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ["TEXT", "Примечания:\n1. Отметки в метрах"],
      ["TEXT", "В21"],
    ]);
    expect(blocks[1]!.bbox).toEqual([0.7, 0.3, 0.718, 0.31]);
    // each line's own box: where each label of an OCR'd drawing sits
    expect(blocks[0]!.lineBoxes).toHaveLength(2);
    expect(blocks[0]!.lineBoxes![0]![1]).toBeCloseTo(0.1);
    expect(blocks[0]!.lineBoxes![1]![1]).toBeCloseTo(0.114);
    expect(blocks[1]!.lineBoxes).toEqual([blocks[1]!.bbox]);
  });

  it("makes words in aligned columns without rules one TABLE, each row a markdown row", () => {
    const rows = [
      ["Поз.", "Наименование", "Кол."],
      ["П1", "Установка приточная", "1"],
      ["В1", "Вентилятор канальный", "12"],
      ["В2", "Вентилятор крышный", "3"],
    ];
    const words = rows.flatMap((row, r) =>
      row.flatMap((cell, c) => {
        let x = [100, 150, 320][c]!;
        return cell.split(" ").map((text) => {
          const placed = word(text, x, 600 + r * 20);
          x += text.length * 6 + 3;
          return placed;
        });
      }),
    );
    const blocks = layoutWords([word("Спецификация", 100, 575), ...words], [], PAGE);
    expect(blocks.map((b) => b.kind)).toEqual(["TEXT", "TABLE"]);
    expect(blocks[1]!.text.split("\n")).toEqual([
      "| Поз. | Наименование | Кол. |",
      "| --- | --- | --- |",
      "| П1 | Установка приточная | 1 |",
      "| В1 | Вентилятор канальный | 12 |",
      "| В2 | Вентилятор крышный | 3 |",
    ]);
    expect(blocks[1]!.table).toEqual({ rows: 4, columns: 3, ruled: false });
    expect(blocks[1]!.bbox).toEqual([0.1, 0.6, 0.344, 0.67]);
  });
});
