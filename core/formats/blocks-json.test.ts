import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import { documentEntryOf, formatBlocksJson, looksLikeBlocksJson, parseBlocksJson } from "./blocks-json.js";

describe("parseBlocksJson", () => {
  it("reads the original index shape (null category and crop fields allowed)", () => {
    const index = parseBlocksJson(
      JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "image", category_code: null, crop_url: "https://x/crops/AAAA-BBBB-001.pdf" }] }),
      "x_blocks.json",
    );
    expect(index.blocks[0]).toMatchObject({ id: "AAAA-BBBB-001", page_index: 0, block_type: "image", crop_url: "https://x/crops/AAAA-BBBB-001.pdf" });
    expect(looksLikeBlocksJson(" {\"blocks\": []}")).toBe(true);
    expect(looksLikeBlocksJson("{\"pages\": []}")).toBe(false);
  });

  it.each([
    ["bad JSON", "{\"blocks\": [", /x_blocks\.json: not valid JSON/],
    ["a missing page_index", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", block_type: "text" }] }), /x_blocks\.json: blocks\.0\.page_index: /],
    ["a negative page_index", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: -1, block_type: "text" }] }), /blocks\.0\.page_index/],
    [
      "a duplicate id",
      JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text" }, { id: "AAAA-BBBB-001", page_index: 1, block_type: "text" }] }),
      /blocks\[1\]: duplicate block id AAAA-BBBB-001/,
    ],
    ["an unknown block type", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "chart" }] }), /unknown block_type "chart"/],
    ["a bbox outside the page", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text", bbox_norm: [0, 0, 1.5, 1] }] }), /bbox_norm \[0,0,1\.5,1\]/],
    ["an invalid source", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text", source: "magic" }] }), /source/],
  ])("rejects %s with one line naming the file", (_, text, reason) => {
    try {
      parseBlocksJson(text, "x_blocks.json");
      expect.unreachable();
    } catch (error) {
      expect(DomainError.isInstance(error) && error.code).toBe("DOCUMENT.INVALID_FILE");
      expect((error as Error).message).toMatch(/^x_blocks\.json: /);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});

describe("formatBlocksJson", () => {
  const block = (id: string, extra: Partial<Block> = {}): Block => ({ id, documentId: "d", kind: "IMAGE", page: 2, text: "", source: "import", ordinal: 0, ...extra });

  it("writes a drawing's label boxes as one compact string, also those of a block stored before packing, and reads it back", () => {
    const packed = "0.1234,0.5,0.1301,0.5055;0.9,0.0001,0.95,0.01";
    const listed = [[0.1234, 0.5, 0.1301, 0.5055], [0.9, 0.0001, 0.95, 0.01]];
    for (const labelBoxes of [packed, listed]) {
      const text = formatBlocksJson([block("AAAA-BBBB-001", { kind: "IMAGE", meta: { labelBoxes, textSize: 7 } })]);
      expect(text).toContain(`"labelBoxes": "${packed}"`);
      expect(parseBlocksJson(text, "x_blocks.json").blocks[0]!.meta).toEqual({ labelBoxes: packed, textSize: 7 });
    }
  });

  it("writes the reference's five fields first, null when unknown, as the reference lays the file out", () => {
    const text = formatBlocksJson([block("AAAA-BBBB-001", { meta: { cropUrl: "https://x/crops/AAAA-BBBB-001.pdf" } }), block("AAAA-BBBB-002", { kind: "TABLE", page: 3, ordinal: 1, meta: { categoryCode: "specification" } })]);
    expect(text).toBe(
      JSON.stringify(
        {
          blocks: [
            { id: "AAAA-BBBB-001", page_index: 1, block_type: "image", category_code: null, crop_url: "https://x/crops/AAAA-BBBB-001.pdf" },
            { id: "AAAA-BBBB-002", page_index: 2, block_type: "table", category_code: "specification", crop_url: null },
          ],
        },
        null,
        2,
      ),
    );
    expect(text.endsWith("}")).toBe(true);
  });

  it("leaves out blocks the imported index did not list, unless they carry something, and never writes what the index implies", () => {
    const entries = JSON.parse(
      formatBlocksJson([
        block("AAAA-BBBB-001", { kind: "TEXT", meta: { notInIndex: true } }),
        block("AAAA-BBBB-002", { kind: "TEXT", ordinal: 1, bboxNorm: [0, 0, 0.5, 0.5], meta: { notInIndex: true } }),
        block("AAAA-BBBB-003", { ordinal: 2, meta: { onlyInIndex: true, lines: 2 } }),
      ]),
    ).blocks as Array<Record<string, unknown>>;
    expect(entries.map((e) => e.id)).toEqual(["AAAA-BBBB-002", "AAAA-BBBB-003"]);
    expect(entries[0]).toMatchObject({ bbox_norm: [0, 0, 0.5, 0.5] });
    expect(entries[0]).not.toHaveProperty("meta");
    expect(entries[1]!.meta).toEqual({ lines: 2 });
  });

  it("puts what document.md does not reproduce about the document on the first entry, and reads it back", () => {
    const record: DocumentRecord = {
      id: "d",
      ownerId: "local",
      name: "Кровля",
      sourceKind: "pdf",
      sourceVersion: "v",
      pageCount: 2,
      pages: [
        { number: 1, width: 2384, height: 1684, rotation: 0, needsOcr: false },
        { number: 2, width: 0, height: 0, rotation: 0, needsOcr: false, stamp: { sheet: "2" } },
      ],
      createdAt: "2026-01-01T00:00:00.000Z",
      meta: { ocr: "auto", documentMdHeader: "# x" },
    };
    const implied: DocumentRecord = { ...record, name: "set.pdf", projectPath: ["set.pdf"], pages: record.pages.map((p) => ({ ...p, width: 0, height: 0 })), meta: { documentMdHeader: "# x" } };
    const entry = documentEntryOf(record, implied);
    expect(entry).toEqual({ name: "Кровля", project_path: [], pages: [{ number: 1, width: 2384, height: 1684, rotation: 0, needs_ocr: false }], meta: { ocr: "auto" } });
    expect(documentEntryOf(record, record)).toBeUndefined();
    const parsed = parseBlocksJson(formatBlocksJson([block("AAAA-BBBB-001"), block("AAAA-BBBB-002", { ordinal: 1 })], entry), "x_blocks.json");
    expect(parsed.blocks[0]!.document).toEqual(entry);
    expect(parsed.blocks[1]!.document).toBeUndefined();
  });
});
