import { describe, expect, it } from "vitest";
import type { ParsedPage } from "../../core/ports/document-parser.js";
import { MupdfDocumentParser } from "./mupdf-document-parser.js";
import { SamplePdf } from "./testing/sample-pdf.js";

const HEADER = ["Поз.", "Обозначение", "Наименование", "Кол."];
const COLUMNS = [60, 100, 250, 450, 500];

async function tablesOf(draw: Parameters<SamplePdf["page"]>[2]): Promise<string[]> {
  const pages: ParsedPage[] = [];
  for await (const page of new MupdfDocumentParser({ parseWorkers: 1 }).parse(new SamplePdf().page(1684, 1190, draw).bytes())) pages.push(page);
  return pages[0]!.blocks.filter((b) => b.kind === "TABLE").map((b) => b.text);
}

// The expected texts are what MuPDF's own table detection (`table-hunt`) read from the same pages before the
// parser read ruled grids itself: the reading must stay the same.
describe("ruled tables read from their rules and the text layer", () => {
  it("keeps a merged header cell in its first column and the empty one it spans", async () => {
    const tables = await tablesOf((p) => {
      const top = 120;
      for (let r = 0; r <= 4; r++) p.line(60, top + r * 18, 500, top + r * 18);
      for (const x of [60, 100, 450, 500]) p.line(x, top, x, top + 72);
      p.line(250, top + 18, 250, top + 72); // no rule between columns 2 and 3 in the header
      p.text(64, top + 12, "Поз.", 8).text(104, top + 12, "Обозначение и наименование", 8).text(454, top + 12, "Кол.", 8);
      for (let r = 1; r < 4; r++) p.text(64, top + r * 18 + 12, String(r), 8).text(104, top + r * 18 + 12, "ГОСТ 948-2016", 8).text(254, top + r * 18 + 12, `Перемычка 2ПБ ${r}`, 8).text(454, top + r * 18 + 12, String(3 * r), 8);
    });
    expect(tables).toEqual([
      ["| Поз. | Обозначение и наименование |  | Кол. |", "| --- | --- | --- | --- |", "| 1 | ГОСТ 948-2016 | Перемычка 2ПБ 1 | 3 |", "| 2 | ГОСТ 948-2016 | Перемычка 2ПБ 2 | 6 |", "| 3 | ГОСТ 948-2016 | Перемычка 2ПБ 3 | 9 |"].join("\n"),
    ]);
  });

  it("cuts a text line that runs across a rule at the rule, and joins a cell's lines", async () => {
    const tables = await tablesOf((p) => {
      p.table(COLUMNS, 300, 18, [HEADER, ["1", "ГОСТ 948-2016 длинное обозначение изделия", "Перемычка", "12"], ["2", "ГОСТ", "Перемычка 2ПБ", "4"]]);
      p.table(COLUMNS, 500, 30, [HEADER, ["1", "ГОСТ 948-2016", "Перемычка", "12"], ["2", "ГОСТ", "Перемычка 2ПБ", "4"]]).text(254, 554, "вторая строка", 8);
    });
    expect(tables).toEqual([
      ["| Поз. | Обозначение | Наименование | Кол. |", "| --- | --- | --- | --- |", "| 1 | ГОСТ 948-2016 длинное обозначение изде | лия Перемычка | 12 |", "| 2 | ГОСТ | Перемычка 2ПБ | 4 |"].join("\n"),
      ["| Поз. | Обозначение | Наименование | Кол. |", "| --- | --- | --- | --- |", "| 1 | ГОСТ 948-2016 | Перемычка вторая строка | 12 |", "| 2 | ГОСТ | Перемычка 2ПБ | 4 |"].join("\n"),
    ]);
  });

  it("takes a grid whose rows are rooms, tens of label heights high, for a drawing, not a table", async () => {
    const rooms = [
      ["1.01 Тамбур 16,74", "1.02 Офис 26,78", "1.03 Холл 36,83"],
      ["1.04 Вестибюль 23,44", "1.05 Тамбур 23,44", "1.06 Кухня 20,09"],
      ["1.07 Санузел 4,10", "1.08 Коридор 12,50", "1.09 Кладовая 6,20"],
    ];
    const tables = await tablesOf((p) => p.table([100, 300, 500, 700], 100, 150, rooms, 6));
    expect(tables).toEqual([]);
  });
});
