import { describe, expect, it } from "vitest";
import type { OcrHtmlReader } from "../ocr-html-reader.js";
import { domainErrorOf } from "./domain-error-of.js";

const STAMP = (sheet?: string, inherited = false) =>
  `<div class="stamp-info${inherited ? " stamp-inherited" : ""}"><b>Шифр:</b> 133/23-ГК-АР4 | <b>Стадия:</b> Р${sheet ? ` | <b>Лист:</b> ${sheet}` : ""} | <b>Наименование:</b> План ${sheet ?? "0"} этажа</div>`;

const page = (blocks: string) => `<!DOCTYPE html><html><head><title>x - OCR</title><style>.block{}</style></head><body>
<h1>ЖК Север / АР / 133_23-ГК-АР4.pdf</h1>
<p>Сгенерировано: 2026-01-05 21:12:12 UTC</p>
${blocks}
</body></html>`;

const SAMPLE = page(`
<div class="block block-type-text">
<div class="block-header">Блок #1 (стр. 1) | Тип: text</div>
<div class="block-content">
<p>BLOCK: AAAA-BBBB-001</p>
<p><b>Created:</b> 2026-01-04 13:45:57</p>
${STAMP()}
<h1>ОБЩИЕ   ДАННЫЕ</h1>
<p>Строка&nbsp;один<br/>строка два &amp; три</p>
<ol><li>Первый</li><li>Второй <b>важный</b></li></ol>
</div></div>
<div class="block block-type-table">
<div class="block-header">Блок #1 (стр. 2) | Тип: table</div>
<div class="block-content">
<p>BLOCK: AAAA-BBBB-002</p>
<p><b>Linked block:</b> AAAA-BBBB-003</p>
${STAMP("2")}
<table border="1"><thead><tr><th colspan="3">Спецификация перемычек</th></tr>
<tr><th>Поз.</th><th>Наименование</th><th>Кол.</th></tr></thead>
<tbody><tr><td>ПР-1</td><td>2ПБ13-1 | Серия</td><td>12</td></tr></tbody></table>
</div></div>
<div class="block block-type-image">
<div class="block-header">Блок #2 (стр. 2) | Тип: image</div>
<div class="block-content">
<p>BLOCK: AAAA-BBBB-003</p>
${STAMP("2", true)}
<p><a href="https://cdn.example/crops/AAAA-BBBB-003.pdf" target="_blank"><b>Открыть кроп изображения</b></a></p>
<p><b>[ИЗОБРАЖЕНИЕ]</b> | Тип: План этажа</p>
<p><b>Краткое описание:</b> План 2 этажа с перемычками.</p>
</div></div>
<div class="block block-type-image">
<div class="block-header">Блок #3 (стр. 5) | Тип: image | ID: OLDX-HEAD-ID1</div>
<div class="block-content">
<pre>\`\`\`json
{"note": 1}{"result": {"crop_url": "https://cdn.example/crops/OLDX-HEAD-ID1.png"}}
\`\`\`</pre>
</div></div>
<div class="block block-type-text">
<div class="block-header">Блок #4 (стр. 5) | Тип: text</div>
<div class="block-content"><p>Без идентификатора</p></div></div>
`);

/** The behaviour every `OcrHtmlReader` adapter must show (core/ports/ocr-html-reader.ts), on a small export with both header variants. */
export function describeOcrHtmlReaderContract(name: string, factory: () => OcrHtmlReader): void {
  describe(`OcrHtmlReader contract: ${name}`, () => {
    const reader = factory();
    const doc = reader.read(SAMPLE, "x_ocr.html");

    it("reads every div.block with its id, kind and page, old and new header variants", () => {
      expect(doc.blocks.map((b) => [b.id, b.kind, b.page])).toEqual([
        ["AAAA-BBBB-001", "TEXT", 1],
        ["AAAA-BBBB-002", "TABLE", 2],
        ["AAAA-BBBB-003", "IMAGE", 2],
        ["OLDX-HEAD-ID1", "IMAGE", 5],
        [undefined, "TEXT", 5],
      ]);
      expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 5]);
      expect(doc.projectPath).toEqual(["ЖК Север", "АР", "133_23-ГК-АР4.pdf"]);
    });

    it("turns content into markdown: headings, line breaks, entities, lists and tables", () => {
      expect(doc.blocks[0]!.text).toBe("#### ОБЩИЕ ДАННЫЕ\n\nСтрока один\nстрока два & три\n\n1. Первый\n2. Второй **важный**");
      expect(doc.blocks[1]!.text).toBe(
        [
          "**Linked block:** →AAAA-BBBB-003",
          "",
          "| Спецификация перемычек |  |  |",
          "| --- | --- | --- |",
          "| Поз. | Наименование | Кол. |",
          "| ПР-1 | 2ПБ13-1 \\| Серия | 12 |",
        ].join("\n"),
      );
      expect(doc.blocks[1]!.links).toEqual(["AAAA-BBBB-003"]);
    });

    it("moves ids, timestamps, crop links and stamps out of the text into meta and page stamps", () => {
      expect(doc.blocks[0]!.meta).toEqual({ number: 1, created: "2026-01-04 13:45:57" });
      expect(doc.blocks[2]!.meta).toEqual({ number: 2, cropUrl: "https://cdn.example/crops/AAAA-BBBB-003.pdf", stampInherited: true });
      expect(doc.blocks[2]!.text).not.toContain("Открыть кроп");
      expect(doc.blocks[2]!.description).toBe("План 2 этажа с перемычками.");
      expect(doc.blocks[3]!.meta?.cropUrl).toBe("https://cdn.example/crops/OLDX-HEAD-ID1.png");
      expect(doc.pages[1]!.stamp).toEqual({ cipher: "133/23-ГК-АР4", stage: "Р", sheet: "2", title: "План 2 этажа" });
      expect(doc.stampLine).toBe("**Шифр:** 133/23-ГК-АР4 | **Стадия:** Р | **Наименование:** План 0 этажа");
      expect(doc.header).toBe(`# ЖК Север / АР / 133_23-ГК-АР4.pdf\n\nСгенерировано: 2026-01-05 21:12:12 UTC\n${doc.stampLine}\n\n---`);
      for (const b of doc.blocks) expect(b.text).not.toMatch(/BLOCK:|Created:|Шифр/);
    });

    it.each([
      ["html without blocks", page("<p>пусто</p>"), /no div\.block elements found/],
      ["a block without a page", page('<div class="block block-type-text"><div class="block-header">Блок #1 | Тип: text</div></div>'), /block 1: header "Блок #1 \| Тип: text" is not/],
      [
        "a duplicate id",
        page(
          '<div class="block block-type-text"><div class="block-header">Блок #1 (стр. 1) | Тип: text</div><div class="block-content"><p>BLOCK: AAAA-BBBB-001</p></div></div>'.repeat(2),
        ),
        /block 2: duplicate block id AAAA-BBBB-001 \(first in block 1\)/,
      ],
      ["an unknown type", page('<div class="block"><div class="block-header">Блок #1 (стр. 1) | Тип: chart</div></div>'), /unknown block type "chart"/],
      ["a malformed id", page('<div class="block block-type-text"><div class="block-header">Блок #1 (стр. 1)</div><p>BLOCK: 12</p></div>'), /block id "12" is not of the form/],
    ])("rejects %s with one line naming the file", async (_, html, reason) => {
      const error = await domainErrorOf(() => reader.read(html, "bad_ocr.html"));
      expect(error.code).toBe("DOCUMENT.INVALID_FILE");
      expect(error.message).toMatch(/^bad_ocr\.html: /);
      expect(error.message).toMatch(reason);
    });
  });
}
