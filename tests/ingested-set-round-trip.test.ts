import { describe, expect, it } from "vitest";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { NodeHtmlOcrReader } from "../adapters/html/node-html-ocr-reader.js";
import { DocumentService } from "../core/application/document-service.js";
import { DocumentTransferService } from "../core/application/document-transfer-service.js";
import type { Block } from "../core/domain/block.js";
import { blocksJsonNameLikeReference, readDocumentMdLikeReference } from "../core/formats/testing/reference-reader.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";

describe("an ingested drawing set through document.md + blocks.json", () => {
  it("exports files the reference reads block for block, and imports them back without losing ids, kinds, pages, text, bbox, sources or page records", async () => {
    const store = new InMemoryDocumentStore();
    const blobs = new InMemoryBlobStorage();
    const documents = new DocumentService({ ownerId: "local", store, blobs, parser: new MupdfDocumentParser() });
    const transfer = new DocumentTransferService({ ownerId: "local", store, blobs, html: new NodeHtmlOcrReader() });
    const { pdf, truth } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: 11 });
    const ingested = await documents.addDocument({ name: "set.pdf", bytes: pdf }, { ocr: "never" });

    const first = await transfer.exportDocument(ingested.id);
    // the lintel table of floor 2 is readable in the exported text
    for (const row of truth.sheets[0]!.lintels!) expect(first.documentMd).toContain(row.brand);
    const original = await store.getBlocks("local", ingested.id);
    expect(first.stem).toBe("set");
    expect(blocksJsonNameLikeReference(`${first.stem}_document.md`)).toBe("set_blocks.json");
    const read = readDocumentMdLikeReference(first.documentMd);
    expect(original.length).toBeGreaterThan(5);
    expect(read.map((b) => [b.id, b.kind, b.page])).toEqual(original.map((b) => [b.id, b.kind, b.page]));
    expect(read.map((b) => b.content)).toEqual(original.map((b) => b.text.trim()));
    const index = JSON.parse(first.blocksJson) as { blocks: Array<{ id: string; page_index: number; block_type: string }> };
    expect(index.blocks.map((e) => [e.id, e.block_type.toUpperCase(), e.page_index + 1])).toEqual(original.map((b) => [b.id, b.kind, b.page]));
    const again = await transfer.importDocument([
      { name: "set_document.md", bytes: new TextEncoder().encode(first.documentMd) },
      { name: "set_blocks.json", bytes: new TextEncoder().encode(first.blocksJson) },
    ]);
    const strip = (blocks: Block[]) => blocks.map(({ documentId: _, ...b }) => b);
    expect(original.some((b) => b.bboxNorm)).toBe(true);
    expect(strip(await store.getBlocks("local", again.id))).toEqual(strip(original));
    expect(again).toMatchObject({ name: "set.pdf", pageCount: 2, pages: ingested.pages, sourceKind: "document-md" });
    const second = await transfer.exportDocument(again.id);
    expect(second.documentMd).toBe(first.documentMd);
    expect(second.blocksJson).toBe(first.blocksJson);
  });
});
