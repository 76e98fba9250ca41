import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import { parsePlainMarkdown } from "./plain-markdown.js";

const image = (page: number, summary: string) =>
  ["```json", JSON.stringify({ doc_metadata: { page }, analysis: { analysis: { content_summary: summary } } }, null, 1), "```"].join("\n");

const SAMPLE = [
  "# Общие данные",
  "",
  "Примечания к проекту.",
  "",
  "Формат А1",
  "",
  "# Спецификация перемычек 2 этажа",
  "",
  "| Поз. | Наименование | Кол. |",
  "|---|---|---|",
  "| ПР-1 | 2ПБ13-1 | 12 |",
  "",
  "Формат А1",
  "",
  image(3, "План 2 этажа"),
  "",
  "Пояснения к плану 3 этажа",
  "",
  image(4, "План 3 этажа"),
  "",
  "Хвост после последней картинки",
].join("\n");

describe("parsePlainMarkdown", () => {
  const doc = parsePlainMarkdown(SAMPLE, "set.md");

  it("splits headings and paragraphs into TEXT, tables into TABLE and image records into IMAGE blocks", () => {
    expect(doc.blocks.map((b) => b.kind)).toEqual(["TEXT", "TEXT", "TABLE", "TEXT", "IMAGE", "TEXT", "IMAGE", "TEXT"]);
    expect(doc.blocks[2]!.text).toBe("| Поз. | Наименование | Кол. |\n|---|---|---|\n| ПР-1 | 2ПБ13-1 | 12 |");
    expect(doc.blocks[4]!.description).toBe("План 2 этажа");
    expect(doc.blocks.every((b) => b.id === undefined)).toBe(true);
  });

  it("takes image pages as given and infers the others from sheet ends (Формат А1) and the next marked page", () => {
    expect(doc.blocks.map((b) => b.page)).toEqual([2, 3, 3, 3, 3, 4, 4, 4]);
    expect(doc.blocks.map((b) => b.meta?.pageInferred === true)).toEqual([true, true, true, true, false, true, false, true]);
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it("keeps every non-blank line of the file in exactly one block", () => {
    const lines = SAMPLE.split("\n").filter((l) => l.trim());
    const blockLines = doc.blocks.flatMap((b) => b.text.split("\n").filter((l) => l.trim()));
    expect(blockLines).toEqual(lines);
  });

  it("counts sheets from page 1 when there is no page marker, and honours explicit page markers", () => {
    expect(parsePlainMarkdown("а\n\nФормат А3\n\nб\n\nФормат А3\n\nв", "x.md").blocks.map((b) => b.page)).toEqual([1, 2, 3]);
    expect(parsePlainMarkdown("<!-- page 5 -->\nа\n\n## СТРАНИЦА 7\n\nб", "x.md").blocks.map((b) => [b.page, b.meta])).toEqual([
      [5, undefined],
      [7, undefined],
    ]);
  });

  it("starts a new TEXT block when one grows past its size", () => {
    const long = Array.from({ length: 10 }, (_, i) => `${i}: ${"текст ".repeat(50)}`).join("\n\n");
    const blocks = parsePlainMarkdown(long, "x.md").blocks;
    expect(blocks.length).toBe(3);
    expect(blocks.every((b) => b.text.length <= 1500)).toBe(true);
  });

  it("rejects an unclosed code fence and an empty file", () => {
    for (const [text, reason] of [
      ["a\n```json\n{}", /line 2: code fence ``` is never closed/],
      ["\n\n  \n", /has no text to import/],
    ] as const) {
      try {
        parsePlainMarkdown(text, "x.md");
        expect.unreachable();
      } catch (error) {
        expect(DomainError.isInstance(error) && error.code).toBe("DOCUMENT.INVALID_FILE");
        expect((error as Error).message).toMatch(reason);
      }
    }
  });
});
