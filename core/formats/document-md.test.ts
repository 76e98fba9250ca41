import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { documentMdCarries, exportStemOf, formatDocumentMd, parseDocumentMd } from "./document-md.js";
import { readDocumentMdLikeReference } from "./testing/reference-reader.js";
import { domainErrorOf } from "../ports/testing/domain-error-of.js";

const SAMPLE = [
  "# ЖК Север / Рабочая документация / АР / 133_23-ГК-АР4.pdf",
  "",
  "Сгенерировано: 2025-12-24 10:00:00 UTC",
  "",
  "**Шифр:** 133/23-ГК-АР4 | **Стадия:** Р | **Объект:** Жилой дом",
  "",
  "---",
  "",
  "## СТРАНИЦА 1",
  "",
  "### BLOCK TEXT: AAAA-BBBB-001",
  "",
  "Общие данные. См. →CCCC-DDDD-002",
  "## Раздел внутри блока",
  "",
  "## СТРАНИЦА 3",
  "**Лист:** 2 | **Наименование:** План 2 этажа",
  "",
  "### BLOCK IMAGE: CCCC-DDDD-002",
  "**Краткое описание:** План 2 этажа с перемычками.",
  "Текст на чертеже: ПР-1 ПР-2",
  "",
  "",
  "### BLOCK [TABLE]: EEEE-FFFF-003",
  "| Поз. | Наименование | Кол. |",
  "|---|---|---|",
  "| ПР-1 | 2ПБ13-1 | 12 |",
].join("\n");

describe("parseDocumentMd", () => {
  // not the reference layout: blank lines after headers and a header without brackets are read all the same
  it("reads the header, pages with their sheet lines, blocks with ids, kinds, pages, text and links", () => {
    const doc = parseDocumentMd(SAMPLE, "x_document.md");
    expect(doc.projectPath).toEqual(["ЖК Север", "Рабочая документация", "АР", "133_23-ГК-АР4.pdf"]);
    expect(doc.stampLine).toBe("**Шифр:** 133/23-ГК-АР4 | **Стадия:** Р | **Объект:** Жилой дом");
    expect(doc.header?.endsWith("---")).toBe(true);
    expect(doc.pages).toEqual([
      { number: 1 },
      { number: 3, preamble: "**Лист:** 2 | **Наименование:** План 2 этажа", stamp: { sheet: "2", title: "План 2 этажа" } },
    ]);
    expect(doc.blocks.map((b) => [b.id, b.kind, b.page])).toEqual([
      ["AAAA-BBBB-001", "TEXT", 1],
      ["CCCC-DDDD-002", "IMAGE", 3],
      ["EEEE-FFFF-003", "TABLE", 3],
    ]);
    // a `## ` line that is not a page header stays in the block (the reference parser cut the block there)
    expect(doc.blocks[0]!.text).toBe("Общие данные. См. →CCCC-DDDD-002\n## Раздел внутри блока");
    expect(doc.blocks[0]!.links).toEqual(["CCCC-DDDD-002"]);
    expect(doc.blocks[1]!.text).toBe("**Краткое описание:** План 2 этажа с перемычками.\nТекст на чертеже: ПР-1 ПР-2");
    expect(doc.blocks[2]!.text.split("\n")).toHaveLength(3);
  });

  it("reads page headers with a trailing note and lowercase words as page headers", () => {
    const doc = parseDocumentMd("## СТРАНИЦА 4 из 27\n### BLOCK TEXT: AAAA-BBBB-001\nа\n## страница 5\n### BLOCK TEXT: AAAA-BBBB-002\nб", "x.md");
    expect(doc.blocks.map((b) => b.page)).toEqual([4, 5]);
  });

  it.each([
    ["a block before any page header", "### BLOCK TEXT: AAAA-BBBB-001\nтекст", /line 1: block AAAA-BBBB-001 comes before any page header/],
    ["a duplicate id", "## СТРАНИЦА 1\n### BLOCK TEXT: AAAA-BBBB-001\nа\n### BLOCK TEXT: AAAA-BBBB-001\nб", /line 4: duplicate block id AAAA-BBBB-001 \(first at line 2\)/],
    ["a malformed id", "## СТРАНИЦА 1\n### BLOCK TEXT: aaaa-1\nа", /block id "aaaa-1" is not of the form/],
    ["an unknown kind", "## СТРАНИЦА 1\n### BLOCK CHART: AAAA-BBBB-001\nа", /unknown block kind "CHART"/],
    ["page zero", "## СТРАНИЦА 0\n### BLOCK TEXT: AAAA-BBBB-001\nа", /page number 0 is not a positive integer/],
    ["no blocks at all", "# Заголовок\n\n## СТРАНИЦА 1\n", /no block headers/],
  ])("rejects %s with one line naming the file", async (_, text, reason) => {
    const error = await domainErrorOf(() => parseDocumentMd(text, "bad_document.md"));
    expect(error.code).toBe("DOCUMENT.INVALID_FILE");
    expect(error.message).toMatch(/^bad_document\.md: /);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain("\n");
  });
});

describe("formatDocumentMd", () => {
  const document: DocumentRecord = {
    id: "d1",
    ownerId: "local",
    name: "set.pdf",
    sourceKind: "pdf",
    sourceVersion: "v",
    pageCount: 4,
    pages: [1, 2, 3, 4].map((number) => ({ number, width: 2384, height: 1684, rotation: 0, needsOcr: false, ...(number === 2 ? { stamp: { cipher: "133/23-ГК-АР4", sheet: "2", title: "План 2 этажа" } } : {}) })),
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  const block = (id: string, page: number, text: string, ordinal: number): Block => ({ id, documentId: "d1", kind: "TEXT", page, text, source: "text-layer", ordinal });

  it("writes the reference layout: header, sheet lines under the page header, content under the block header, one blank line between", () => {
    const md = formatDocumentMd({ ...document, pageCount: 2, pages: document.pages.slice(0, 2) }, [
      block("AAAA-AAAA-001", 1, "Общие данные\n\nсм. →AAAA-AAAA-002", 0),
      { ...block("AAAA-AAAA-002", 2, "**Краткое описание:** План.", 1), kind: "IMAGE" },
      { ...block("AAAA-AAAA-003", 2, "", 2), kind: "TABLE" },
    ]);
    expect(md).toBe(
      [
        "# set.pdf",
        "",
        "Сгенерировано: 2026-01-01 00:00:00 UTC",
        "**Штамп:** Шифр: 133/23-ГК-АР4",
        "",
        "---",
        "",
        "## СТРАНИЦА 1",
        "",
        "### BLOCK [TEXT]: AAAA-AAAA-001",
        "Общие данные",
        "",
        "см. →AAAA-AAAA-002",
        "",
        "## СТРАНИЦА 2",
        "**Лист:** 2",
        "**Наименование листа:** План 2 этажа",
        "",
        "### BLOCK [IMAGE]: AAAA-AAAA-002",
        "**Краткое описание:** План.",
        "",
        "### BLOCK [TABLE]: AAAA-AAAA-003",
        "",
      ].join("\n"),
    );
  });

  it("writes every page (also empty ones and pages revisited out of order) and parses back to the same blocks", () => {
    const blocks = [block("AAAA-AAAA-001", 2, "первый", 0), block("AAAA-AAAA-002", 3, "второй\n\nабзац", 1), block("AAAA-AAAA-003", 2, "снова 2", 2)];
    const md = formatDocumentMd(document, blocks);
    const parsed = parseDocumentMd(md, "document.md");
    expect(parsed.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    // the sheet number and title under the page header, cipher and stage in the document's stamp line
    expect(parsed.pages[1]!.stamp).toEqual({ sheet: "2", title: "План 2 этажа" });
    expect(parsed.stampLine).toBe("**Штамп:** Шифр: 133/23-ГК-АР4");
    expect(parsed.blocks.map((b) => [b.id, b.page, b.text])).toEqual(blocks.map((b) => [b.id, b.page, b.text]));
    // a heading of one part names the file; it is no tree path
    expect(parsed.heading).toBe("set.pdf");
    expect(parsed.projectPath).toBeUndefined();
    expect(readDocumentMdLikeReference(md).map((b) => [b.id, b.kind, b.page, b.content])).toEqual(blocks.map((b) => [b.id, b.kind, b.page, b.text]));
  });

  it("keeps header-like lines of a block from being read as headers, by us and by the reference", () => {
    const tricky = "строка\n## СТРАНИЦА 9\n### BLOCK TEXT: ZZZZ-ZZZZ-ZZZ\n## Раздел 5\n### BLOCK [IMAGE]: ZZZZ-ZZZZ-ZZ1\nконец";
    expect(documentMdCarries(tricky)).toBe(false);
    const md = formatDocumentMd(document, [block("AAAA-AAAA-001", 1, tricky, 0), block("AAAA-AAAA-002", 1, "после", 1)]);
    const parsed = parseDocumentMd(md, "document.md");
    expect(parsed.blocks.map((b) => [b.id, b.page])).toEqual([
      ["AAAA-AAAA-001", 1],
      ["AAAA-AAAA-002", 1],
    ]);
    expect(parsed.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    // the reference would end the block at `## Раздел 5` and take it for page 5
    const read = readDocumentMdLikeReference(md);
    expect(read.map((b) => [b.id, b.page])).toEqual([
      ["AAAA-AAAA-001", 1],
      ["AAAA-AAAA-002", 1],
    ]);
    expect(read[0]!.content.split("\n")).toHaveLength(6);
    expect(read[0]!.content).toContain("конец");
  });

  it("says which text survives the format exactly", () => {
    expect(documentMdCarries("a\n\nb\n#### Подзаголовок")).toBe(true);
    expect(documentMdCarries("\nleading blank")).toBe(false);
    expect(documentMdCarries("windows\r\nline")).toBe(false);
    expect(documentMdCarries("a\n## Раздел")).toBe(false);
    expect(documentMdCarries("")).toBe(true);
  });
});

describe("exportStemOf", () => {
  it.each([
    ["133_23-ГК-АР4_изм.7.pdf", "133_23-ГК-АР4_изм.7"],
    ["Кровля", "Кровля"],
    ["план.PDF", "план"],
    ["a/b:c?.md", "a_b_c_"],
    ["..", "document"],
  ])("names the files of %s after %s", (name, stem) => {
    expect(exportStemOf(name)).toBe(stem);
  });
});
