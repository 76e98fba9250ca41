import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import type { ImportedDocument } from "../formats/imported-document.js";
import type { OcrHtmlReader } from "../ports/ocr-html-reader.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import type { InputFile } from "./aizoomdoc-api.js";
import { DocumentTransferService } from "./document-transfer-service.js";
import { domainErrorOf, errorCodeOf } from "../ports/testing/domain-error-of.js";

const utf8 = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const crop = (name: string, body = "crop"): InputFile => utf8(name, `%PDF-1.7\n${body}\n%%EOF`);

const DOCUMENT_MD = [
  "# ЖК Север / АР / 133_23-ГК-АР4.pdf",
  "",
  "Сгенерировано: 2025-12-24 10:00:00 UTC",
  "",
  "---",
  "",
  "## СТРАНИЦА 1",
  "",
  "### BLOCK TEXT: AAAA-BBBB-001",
  "Общие данные, см. →AAAA-BBBB-002",
  "",
  "## СТРАНИЦА 2",
  "**Лист:** 2 | **Наименование:** План 2 этажа",
  "",
  "### BLOCK IMAGE: AAAA-BBBB-002",
  "**Краткое описание:** План 2 этажа.",
].join("\n");
const BLOCKS_JSON = JSON.stringify({
  blocks: [{ id: "AAAA-BBBB-002", page_index: 1, block_type: "image", category_code: "plan", crop_url: "https://cdn/crops/AAAA-BBBB-002.pdf", bbox_norm: [0.1, 0.2, 0.6, 0.7] }],
});

function setup(options: { html?: OcrHtmlReader; failSave?: boolean } = {}) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  if (options.failSave) store.saveDocument = async () => Promise.reject(new DomainError("STORAGE.UNAVAILABLE", "database is down"));
  const html: OcrHtmlReader = options.html ?? {
    read: () => {
      throw new Error("no html expected");
    },
  };
  const service = new DocumentTransferService({ ownerId: "local", store, blobs, html, now: () => new Date("2026-02-01T00:00:00Z") });
  return { store, blobs, service };
}

async function blobKeys(blobs: InMemoryBlobStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const head of blobs.list("")) keys.push(head.key);
  return keys;
}

describe("DocumentTransferService.importDocument", () => {
  it("imports document.md + blocks.json + crops, told apart by content whatever their names, keeping ids and pages", async () => {
    const { store, blobs, service } = setup();
    const doc = await service.importDocument([utf8("a.txt", BLOCKS_JSON), utf8("b.json", DOCUMENT_MD), crop("crops/AAAA-BBBB-002.pdf")]);
    expect(doc).toMatchObject({ name: "133_23-ГК-АР4.pdf", sourceKind: "document-md", pageCount: 2, projectPath: ["ЖК Север", "АР", "133_23-ГК-АР4.pdf"] });
    expect(doc.pages[1]!.stamp).toEqual({ sheet: "2", title: "План 2 этажа" });
    const blocks = await store.getBlocks("local", doc.id);
    expect(blocks.map((b) => [b.id, b.kind, b.page, b.ordinal])).toEqual([
      ["AAAA-BBBB-001", "TEXT", 1, 0],
      ["AAAA-BBBB-002", "IMAGE", 2, 1],
    ]);
    expect(blocks[0]!.links).toEqual(["AAAA-BBBB-002"]);
    expect(blocks[1]).toMatchObject({
      bboxNorm: [0.1, 0.2, 0.6, 0.7],
      description: "План 2 этажа.",
      source: "import",
      meta: { categoryCode: "plan", cropUrl: "https://cdn/crops/AAAA-BBBB-002.pdf" },
    });
    expect(doc.crops).toEqual({ "AAAA-BBBB-002": `crops/${doc.id}/AAAA-BBBB-002.pdf` });
    expect(new TextDecoder().decode(await blobs.getBytes(doc.crops!["AAAA-BBBB-002"]!))).toContain("crop");
    expect(await blobKeys(blobs)).toEqual([`crops/${doc.id}/AAAA-BBBB-002.pdf`, `sources/${doc.id}.md`]);
    // the same files again give the same document
    expect((await service.importDocument([utf8("document.md", DOCUMENT_MD), utf8("blocks.json", BLOCKS_JSON), crop("AAAA-BBBB-002.pdf")])).id).toBe(doc.id);
  });

  it.each([
    ["a page that disagrees with document.md", { blocks: [{ id: "AAAA-BBBB-002", page_index: 0, block_type: "image" }] }, /^x_blocks\.json: block AAAA-BBBB-002 is on page 1 here but on page 2 in x_document\.md$/],
    ["a kind that disagrees with document.md", { blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "table" }] }, /block AAAA-BBBB-001 is table here but TEXT/],
  ])("refuses blocks.json with %s and saves nothing", async (_, index, reason) => {
    const { store, blobs, service } = setup();
    const error = await domainErrorOf(service.importDocument([utf8("x_document.md", DOCUMENT_MD), utf8("x_blocks.json", JSON.stringify(index)), crop("AAAA-BBBB-002.pdf")]));
    expect(error.code).toBe("DOCUMENT.INVALID_FILE");
    expect(error.message).toMatch(reason);
    expect(await store.listDocuments("local")).toEqual([]);
    expect(await blobKeys(blobs)).toEqual([]);
  });

  it("reads a document.md that quotes OCR html as a document.md", async () => {
    const { store, service } = setup();
    const quoting = DOCUMENT_MD.replace("Общие данные", '<div class="block block-type-text">Общие данные</div>');
    const doc = await service.importDocument([utf8("export.html", quoting)]);
    expect(doc.sourceKind).toBe("document-md");
    expect((await store.getBlocks("local", doc.id)).map((b) => b.id)).toEqual(["AAAA-BBBB-001", "AAAA-BBBB-002"]);
  });

  it("adds a block that only blocks.json knows, instead of losing it", async () => {
    const { store, service } = setup();
    const index = { blocks: [{ id: "ZZZZ-ZZZZ-009", page_index: 4, block_type: "image", crop_url: "https://cdn/z.pdf" }] };
    const doc = await service.importDocument([utf8("document.md", DOCUMENT_MD), utf8("blocks.json", JSON.stringify(index))]);
    expect(doc.pageCount).toBe(5);
    expect(await store.getBlock("local", doc.id, "ZZZZ-ZZZZ-009")).toMatchObject({ kind: "IMAGE", page: 5, text: "", ordinal: 2, meta: { onlyInIndex: true, cropUrl: "https://cdn/z.pdf" } });
  });

  it.each([
    ["nothing", [], "VALIDATION.INVALID_INPUT", /nothing to import/],
    ["only an index", [utf8("blocks.json", BLOCKS_JSON)], "VALIDATION.INVALID_INPUT", /no document among blocks\.json/],
    ["two documents", [utf8("a.md", DOCUMENT_MD), utf8("b.md", "# просто текст")], "VALIDATION.INVALID_INPUT", /several documents given \(a\.md, b\.md\)/],
    ["a PDF not named after a block", [utf8("document.md", DOCUMENT_MD), crop("plan.pdf")], "DOCUMENT.INVALID_FILE", /^plan\.pdf: is a PDF but not a crop/],
    ["a crop of an unknown block", [utf8("document.md", DOCUMENT_MD), crop("QQQQ-QQQQ-QQQ.pdf")], "DOCUMENT.INVALID_FILE", /^QQQQ-QQQQ-QQQ\.pdf: crop for block QQQQ-QQQQ-QQQ, which the document does not have/],
    ["binary content", [{ name: "x.md", bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) }], "DOCUMENT.UNSUPPORTED_FORMAT", /^x\.md: not UTF-8 text/],
    ["JSON that is not an index", [utf8("document.md", DOCUMENT_MD), utf8("meta.json", '{"pages": []}')], "DOCUMENT.INVALID_FILE", /^meta\.json: blocks: /],
    ["bad JSON", [utf8("document.md", DOCUMENT_MD), utf8("blocks.json", '{"blocks": [')], "DOCUMENT.INVALID_FILE", /^blocks\.json: not valid JSON/],
    ["a block before its page header", [utf8("d.md", "### BLOCK TEXT: AAAA-BBBB-001\nтекст")], "DOCUMENT.INVALID_FILE", /^d\.md: line 1: block AAAA-BBBB-001 comes before any page header/],
    ["an empty file", [utf8("d.md", "  \n")], "DOCUMENT.EMPTY", /^d\.md: the file is empty/],
  ])("rejects %s with a one-line error and saves nothing", async (_, files, code, reason) => {
    const { store, blobs, service } = setup();
    const error = await domainErrorOf(service.importDocument(files));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain("\n");
    expect(await store.listDocuments("local")).toEqual([]);
    expect(await blobKeys(blobs)).toEqual([]);
  });

  it("removes the blobs it wrote when the store refuses the document", async () => {
    const { blobs, service } = setup({ failSave: true });
    const error = await domainErrorOf(service.importDocument([utf8("document.md", DOCUMENT_MD), crop("AAAA-BBBB-002.pdf")]));
    expect(error.code).toBe("STORAGE.UNAVAILABLE");
    expect(await blobKeys(blobs)).toEqual([]);
  });

  it("names a plain markdown after its file, not after its first heading", async () => {
    const { service } = setup();
    const doc = await service.importDocument([utf8("АР1_подготовленный.md", "# ООО «Проект»\n\nОбщие данные.\n")]);
    expect(doc).toMatchObject({ name: "АР1_подготовленный", sourceKind: "markdown" });
    expect((await service.exportDocument(doc.id)).stem).toBe("АР1_подготовленный");
  });

  it("hands html to the OCR html reader and derives stable ids for blocks that have none", async () => {
    const imported: ImportedDocument = {
      format: "ocr-html",
      pages: [{ number: 3 }],
      blocks: [
        { kind: "TEXT", page: 3, text: "без id" },
        { id: "AAAA-BBBB-001", kind: "TEXT", page: 3, text: "с id" },
      ],
    };
    const seen: string[] = [];
    const html: OcrHtmlReader = { read: (text, name) => (seen.push(`${name}:${text.length}`), imported) };
    const markup = '<div class="block">…</div>';
    const file = utf8("export.txt", markup);
    const first = setup({ html });
    const second = setup({ html });
    const a = await first.store.getBlocks("local", (await first.service.importDocument([file])).id);
    const b = await second.store.getBlocks("local", (await second.service.importDocument([file])).id);
    expect(seen).toEqual([`export.txt:${markup.length}`, `export.txt:${markup.length}`]);
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(a[0]!.id).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}$/);
    expect(a[1]!.id).toBe("AAAA-BBBB-001");
  });
});

describe("DocumentTransferService.exportDocument", () => {
  const ingested: DocumentRecord = {
    id: "pdf-doc",
    ownerId: "local",
    name: "set.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/pdf-doc.pdf",
    sourceVersion: "abc",
    pageCount: 4,
    pages: [
      { number: 1, width: 2384, height: 1684, rotation: 0, needsOcr: false, stamp: { cipher: "133/23-ГК-АР4", sheet: "1", title: "План 1 этажа", stage: "Р" } },
      { number: 2, width: 1684, height: 2384, rotation: 90, needsOcr: true, ocrEngine: "tesseract" },
      { number: 3, width: 2384, height: 1684, rotation: 0, needsOcr: false },
      // a blank sheet: no blocks, still a page of the set
      { number: 4, width: 2384, height: 1684, rotation: 0, needsOcr: false },
    ],
    createdAt: "2026-01-01T00:00:00.000Z",
    meta: { ocr: "auto" },
  };
  const block = (id: string, extra: Partial<Block>): Block => ({ id, documentId: "pdf-doc", kind: "TEXT", page: 1, text: "", source: "text-layer", ordinal: 0, ...extra });
  const blocks: Block[] = [
    block("TXT1-AAAA-001", { text: "Спецификация перемычек →IMG1-AAAA-002", bboxNorm: [0.1, 0.1, 0.3, 0.2], ordinal: 0, meta: { lines: 3 } }),
    block("IMG1-AAAA-002", { kind: "IMAGE", text: "ПР-1 ПР-2", description: "Чертёж плана", bboxNorm: [0, 0.2, 0.8, 1], links: ["TXT1-AAAA-001"], ordinal: 1 }),
    block("OCR1-AAAA-003", { page: 2, text: "\n## СТРАНИЦА 7\r\nстрока", source: "ocr:tesseract", confidence: 0.83, ordinal: 2 }),
    block("TAB1-AAAA-004", { kind: "TABLE", page: 1, text: "| a | b |\n| --- | --- |", ordinal: 3 }),
    block("IMG2-AAAA-005", { kind: "IMAGE", page: 3, text: "**Краткое описание:** есть в тексте", ordinal: 4 }),
  ];

  it("round-trips an ingested document losslessly (ids, kinds, pages, text, links, bbox, sources, page records)", async () => {
    const { store, service } = setup();
    await store.saveDocument(ingested, blocks);
    const first = await service.exportDocument("pdf-doc");
    expect(first.stem).toBe("set");
    expect(first.documentMd).toContain("\n\n### BLOCK [IMAGE]: IMG1-AAAA-002\nПР-1 ПР-2\n\n");
    expect(first.documentMd.startsWith("# set.pdf\n\nСгенерировано: 2026-01-01 00:00:00 UTC\n**Штамп:** Шифр: 133/23-ГК-АР4 | Стадия: Р\n\n---\n\n## СТРАНИЦА 1\n")).toBe(true);
    expect(first.documentMd).toContain("## СТРАНИЦА 1\n**Лист:** 1\n**Наименование листа:** План 1 этажа\n\n### BLOCK [TEXT]: TXT1-AAAA-001\n");
    expect(first.documentMd.endsWith("\n\n## СТРАНИЦА 4\n")).toBe(true);
    // the reference's shape: only `blocks`, its five fields first; page records and meta ride on the first entry
    const index = JSON.parse(first.blocksJson) as { blocks: Array<Record<string, unknown>> };
    expect(Object.keys(index)).toEqual(["blocks"]);
    expect(index.blocks.map((e) => Object.keys(e).slice(0, 5))).toEqual(blocks.map(() => ["id", "page_index", "block_type", "category_code", "crop_url"]));
    expect(index.blocks[0]!.document).toMatchObject({ pages: expect.arrayContaining([expect.objectContaining({ number: 2, rotation: 90, needs_ocr: true })]), meta: { ocr: "auto" } });
    expect(index.blocks.slice(1).some((e) => "document" in e)).toBe(false);
    const again = await service.importDocument([utf8("set_document.md", first.documentMd), utf8("set_blocks.json", first.blocksJson)]);
    const reimported = await store.getBlocks("local", again.id);
    expect(reimported.map(({ documentId: _, ...b }) => b)).toEqual(blocks.map(({ documentId: _, ...b }) => b));
    expect(again).toMatchObject({ name: "set.pdf", pageCount: 4, pages: ingested.pages, meta: { ocr: "auto" } });
    expect(again.projectPath).toBeUndefined();
    // gained, not lost: the stamp line the export derived from the sheets
    expect(again.stampLine).toBe("**Штамп:** Шифр: 133/23-ГК-АР4 | Стадия: Р");
    const second = await service.exportDocument(again.id);
    expect(second.documentMd).toBe(first.documentMd);
    expect(second.blocksJson).toBe(first.blocksJson);
  });

  it("exports the crops of an imported document and imports them back", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([utf8("document.md", DOCUMENT_MD), utf8("blocks.json", BLOCKS_JSON), crop("AAAA-BBBB-002.pdf", "pixels")]);
    const exported = await service.exportDocument(doc.id);
    expect(exported.crops?.map((c) => [c.blockId, new TextDecoder().decode(c.bytes)])).toEqual([["AAAA-BBBB-002", "%PDF-1.7\npixels\n%%EOF"]]);
    expect(exported.documentMd.startsWith(DOCUMENT_MD.split("\n---")[0]!)).toBe(true);
    const back = await service.importDocument([
      utf8("document.md", exported.documentMd),
      utf8("blocks.json", exported.blocksJson),
      ...exported.crops!.map((c) => ({ name: `crops/${c.blockId}.pdf`, bytes: c.bytes })),
    ]);
    expect(Object.keys(back.crops ?? {})).toEqual(["AAAA-BBBB-002"]);
    const strip = (list: Block[]) => list.map(({ documentId: _, ...b }) => b);
    expect(strip(await store.getBlocks("local", back.id))).toEqual(strip(await store.getBlocks("local", doc.id)));
    expect(back.pages).toEqual(doc.pages);
  });

  it("writes blocks.json entries only for the blocks the imported index listed, and keeps a name given at import", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([utf8("document.md", DOCUMENT_MD), utf8("blocks.json", BLOCKS_JSON)], { name: "Кровля" });
    const exported = await service.exportDocument(doc.id);
    expect(exported.stem).toBe("Кровля");
    const entries = (JSON.parse(exported.blocksJson) as { blocks: Array<Record<string, unknown>> }).blocks;
    expect(entries.map((e) => e.id)).toEqual(["AAAA-BBBB-002"]);
    expect(entries[0]).toEqual({ ...JSON.parse(BLOCKS_JSON).blocks[0], document: { name: "Кровля" } });
    const fresh = setup();
    const back = await fresh.service.importDocument([utf8("x_document.md", exported.documentMd), utf8("x_blocks.json", exported.blocksJson)]);
    expect(back.name).toBe("Кровля");
    const strip = (list: Block[]) => list.map(({ documentId: _, ...b }) => b);
    expect(strip(await fresh.store.getBlocks("local", back.id))).toEqual(strip(await store.getBlocks("local", doc.id)));
  });

  it("writes the page headers the imported document.md had, bare ones too, and none for the pages it skipped", async () => {
    const { store, service } = setup();
    const source = ["## СТРАНИЦА 1", "", "### BLOCK [TEXT]: AAAA-BBBB-001", "а", "", "## СТРАНИЦА 4", "", "## СТРАНИЦА 5", "**Лист:** 5", "", "### BLOCK [TEXT]: AAAA-BBBB-002", "б", "", "## СТРАНИЦА 7", ""].join("\n");
    const doc = await service.importDocument([utf8("x_document.md", source)]);
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const exported = await service.exportDocument(doc.id);
    expect(exported.documentMd).toBe(source);
    // without an index to follow, every block gets an entry; document.md alone carries the document
    expect(JSON.parse(exported.blocksJson)).toEqual({
      blocks: [
        { id: "AAAA-BBBB-001", page_index: 0, block_type: "text", category_code: null, crop_url: null },
        { id: "AAAA-BBBB-002", page_index: 4, block_type: "text", category_code: null, crop_url: null },
      ],
    });
    const fresh = setup();
    const back = await fresh.service.importDocument([utf8("x_document.md", exported.documentMd), utf8("x_blocks.json", exported.blocksJson)]);
    expect(back.pages).toEqual(doc.pages);
    expect((await fresh.store.getBlocks("local", back.id)).map((b) => [b.id, b.page])).toEqual((await store.getBlocks("local", doc.id)).map((b) => [b.id, b.page]));
  });

  it("throws DOCUMENT.NOT_FOUND for an unknown document", async () => {
    const { service } = setup();
    expect(await errorCodeOf(service.exportDocument("nope"))).toBe("DOCUMENT.NOT_FOUND");
  });
});
