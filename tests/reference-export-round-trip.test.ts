import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NodeHtmlOcrReader } from "../adapters/html/node-html-ocr-reader.js";
import type { InputFile } from "../core/application/aizoomdoc-api.js";
import { DocumentTransferService } from "../core/application/document-transfer-service.js";
import type { Block } from "../core/domain/block.js";
import { cropUrlLikeReference, readDocumentMdLikeReference } from "../core/formats/testing/reference-reader.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";

/**
 * fixtures/reference-export holds a hand-written export in exactly the layout the existing OCR pipeline writes
 * (made-up text, the real file's bytes: header lines, sheet lines under page headers, content right under block
 * headers, one blank line between sections, IMAGE blocks and a table in blocks.json with the five fields).
 */
const FIXTURE = fileURLToPath(new URL("../fixtures/reference-export/", import.meta.url));
const STEM = "077_25-ПР-АР2_изм.1";
const documentMd = readFileSync(`${FIXTURE}${STEM}_document.md`, "utf8");
const blocksJson = readFileSync(`${FIXTURE}${STEM}_blocks.json`, "utf8");
const crop = readFileSync(`${FIXTURE}crops/9ZRM-4UJX-KPD.pdf`);

function setup() {
  const store = new InMemoryDocumentStore();
  const service = new DocumentTransferService({ ownerId: "local", store, blobs: new InMemoryBlobStorage(), html: new NodeHtmlOcrReader() });
  return { store, service };
}
const utf8 = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const strip = (blocks: Block[]) => blocks.map(({ documentId: _, ...b }) => b);

describe("a real-layout export through import and export", () => {
  it("exports the same document.md bytes and blocks.json, under the reference's file names", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([utf8(`${STEM}_document.md`, documentMd), utf8(`${STEM}_blocks.json`, blocksJson), { name: "crops/9ZRM-4UJX-KPD.pdf", bytes: crop }]);
    const exported = await service.exportDocument(doc.id);
    expect(exported.stem).toBe(STEM);
    expect(exported.documentMd).toBe(documentMd);
    expect(JSON.parse(exported.blocksJson)).toEqual(JSON.parse(blocksJson));
    expect(exported.blocksJson).toBe(blocksJson);
    expect(exported.crops?.map((c) => [c.blockId, Buffer.from(c.bytes).equals(crop)])).toEqual([["9ZRM-4UJX-KPD", true]]);

    // the reference reads the export block for block as we stored it
    const blocks = await store.getBlocks("local", doc.id);
    expect(documentMd.match(/^### BLOCK \[/gm)).toHaveLength(8);
    expect(blocks).toHaveLength(8);
    const read = readDocumentMdLikeReference(exported.documentMd);
    expect(read.map((b) => [b.id, b.kind, b.page])).toEqual(blocks.map((b) => [b.id, b.kind, b.page]));
    expect(read.map((b) => b.content)).toEqual(blocks.map((b) => b.text));
    expect(read.find((b) => b.id === "5HTC-WD9K-A7E")?.links).toEqual(["6BFA-XN3Q-LCY"]);
    for (const block of blocks.filter((b) => b.kind === "IMAGE")) expect(cropUrlLikeReference(exported.blocksJson, block.id)).toBe(block.meta?.cropUrl);
    expect(cropUrlLikeReference(exported.blocksJson, "9ZRM-4UJX-KPD")).toMatch(/\/crops\/9ZRM-4UJX-KPD\.pdf$/);
  });

  it("re-imports its own export losslessly and exports it again byte for byte", async () => {
    const { store, service } = setup();
    const doc = await service.importDocument([utf8("a.md", documentMd), utf8("a.json", blocksJson)]);
    const first = await service.exportDocument(doc.id);
    // the export is the input again, byte for byte: the same store knows it already, so a fresh one reads it
    expect((await service.importDocument([utf8("b.md", first.documentMd), utf8("b.json", first.blocksJson)])).id).toBe(doc.id);
    const fresh = setup();
    const again = await fresh.service.importDocument([utf8(`${first.stem}_document.md`, first.documentMd), utf8(`${first.stem}_blocks.json`, first.blocksJson)]);
    expect(strip(await fresh.store.getBlocks("local", again.id))).toEqual(strip(await store.getBlocks("local", doc.id)));
    const { id: _id, sourceKey: _key, createdAt: _created, ...record } = doc;
    expect(again).toMatchObject(record);
    expect(again).toMatchObject({ name: `${STEM}.pdf`, pageCount: 4, projectPath: ["ЖК Примерный", "Рабочая документация", "Архитектурные решения", "077/25-ПР-АР2", `${STEM}.pdf`] });
    expect(again.pages[2]!.stamp).toEqual({ sheet: "2 (из 3)", title: expect.stringContaining("Кладочный план -1 этажа") });
    const second = await fresh.service.exportDocument(again.id);
    expect(second.documentMd).toBe(documentMd);
    expect(second.blocksJson).toBe(blocksJson);
  });
});
