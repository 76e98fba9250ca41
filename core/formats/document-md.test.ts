import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { documentMdCarries, formatDocumentMd, parseDocumentMd } from "./document-md.js";
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

  it("writes every page (also empty ones and pages revisited out of order) and parses back to the same blocks", () => {
    const blocks = [block("AAAA-AAAA-001", 2, "первый", 0), block("AAAA-AAAA-002", 3, "второй\n\nабзац", 1), block("AAAA-AAAA-003", 2, "снова 2", 2)];
    const md = formatDocumentMd(document, blocks);
    const parsed = parseDocumentMd(md, "document.md");
    expect(parsed.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(parsed.pages[1]!.stamp).toEqual({ cipher: "133/23-ГК-АР4", sheet: "2", title: "План 2 этажа" });
    expect(parsed.blocks.map((b) => [b.id, b.page, b.text])).toEqual(blocks.map((b) => [b.id, b.page, b.text]));
    expect(parsed.projectPath).toEqual(["set.pdf"]);
  });

  it("keeps header-like lines of a block from being read as headers", () => {
    const tricky = "строка\n## СТРАНИЦА 9\n### BLOCK TEXT: ZZZZ-ZZZZ-ZZZ";
    expect(documentMdCarries(tricky)).toBe(false);
    const parsed = parseDocumentMd(formatDocumentMd(document, [block("AAAA-AAAA-001", 1, tricky, 0)]), "document.md");
    expect(parsed.blocks).toHaveLength(1);
    expect(parsed.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it("says which text survives the format exactly", () => {
    expect(documentMdCarries("a\n\nb")).toBe(true);
    expect(documentMdCarries("\nleading blank")).toBe(false);
    expect(documentMdCarries("windows\r\nline")).toBe(false);
    expect(documentMdCarries("")).toBe(true);
  });
});
