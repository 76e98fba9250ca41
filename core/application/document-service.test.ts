import { describe, expect, it } from "vitest";
import { BLOCK_ID } from "../domain/block.js";
import { DomainError } from "../domain/errors.js";
import type { DocumentParser } from "../ports/document-parser.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { ScriptedDocumentParser, scriptedPdf } from "../ports/testing/scripted-document-parser.js";
import { DocumentService, type OcrStep, sourceKeyOf } from "./document-service.js";
import type { Progress } from "./aizoomdoc-api.js";

function setup(parser: DocumentParser, ocr?: OcrStep) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const service = new DocumentService({ ownerId: "local", store, blobs, parser, ocr });
  return { store, blobs, service };
}

describe("DocumentService.addDocument", () => {
  it("ingests pages and blocks with stable ids, stores the source and reports progress per page", async () => {
    const { service, blobs } = setup(new ScriptedDocumentParser());
    const progress: Progress[] = [];
    const bytes = scriptedPdf({ pages: 3, tag: "a" });
    const doc = await service.addDocument({ name: "/tmp/set/АР.pdf", bytes }, { onProgress: (p) => progress.push(p) });
    expect(doc).toMatchObject({ name: "АР.pdf", sourceKind: "pdf", pageCount: 3, ownerId: "local", meta: { ocr: "auto" } });
    expect(doc.sourceVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(progress.map((p) => p.current)).toEqual([0, 1, 2, 3]);
    const blocks = await service.getBlocks(doc.id);
    expect(blocks).toHaveLength(6);
    expect(blocks.every((b) => BLOCK_ID.test(b.id) && b.documentId === doc.id)).toBe(true);
    expect(blocks.map((b) => b.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await service.getBlocks(doc.id, { page: 2, kind: "IMAGE" })).toHaveLength(1);
    expect(await blobs.getBytes(sourceKeyOf(doc.id))).toEqual(bytes);

    // the same bytes in another store yield the same block ids (ids derive from the source version)
    const other = setup(new ScriptedDocumentParser());
    const again = await other.service.addDocument({ name: "copy.pdf", bytes: scriptedPdf({ pages: 3, tag: "a" }) });
    expect((await other.service.getBlocks(again.id)).map((b) => b.id)).toEqual(blocks.map((b) => b.id));
  });

  it("returns the existing document for the same bytes instead of a duplicate, also when added concurrently", async () => {
    const parser = new ScriptedDocumentParser();
    const { service } = setup(parser);
    const [a, b] = await Promise.all([
      service.addDocument({ name: "a.pdf", bytes: scriptedPdf({ pages: 2, tag: "same" }) }),
      service.addDocument({ name: "b.pdf", bytes: scriptedPdf({ pages: 2, tag: "same" }) }),
    ]);
    const c = await service.addDocument({ name: "c.pdf", bytes: scriptedPdf({ pages: 2, tag: "same" }) });
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(parser.parses).toBe(1);
    expect(await service.listDocuments()).toHaveLength(1);
  });

  it("leaves nothing behind when a page fails, and names the file in a one-line error", async () => {
    const { service, blobs } = setup(new ScriptedDocumentParser());
    const error = await service.addDocument({ name: "broken.pdf", bytes: scriptedPdf({ pages: 4, failAt: 3, tag: "b" }) }).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("DOCUMENT.INVALID_FILE");
    expect((error as Error).message).toBe("broken.pdf: page 3 could not be read");
    expect(await service.listDocuments()).toEqual([]);
    const keys = [];
    for await (const head of blobs.list("")) keys.push(head.key);
    expect(keys).toEqual([]);
  });

  it("removes the stored source when the store refuses the document", async () => {
    const { service, store, blobs } = setup(new ScriptedDocumentParser());
    store.saveDocument = async () => {
      throw new DomainError("STORAGE.UNAVAILABLE", "database is down");
    };
    await expect(service.addDocument({ name: "x.pdf", bytes: scriptedPdf({ pages: 1, tag: "x" }) })).rejects.toThrow("x.pdf: database is down");
    const keys = [];
    for await (const head of blobs.list("sources/")) keys.push(head.key);
    expect(keys).toEqual([]);
  });

  it("rejects a non-PDF before parsing anything, storing nothing", async () => {
    const parser = new ScriptedDocumentParser();
    const { service, store, blobs } = setup(parser);
    await expect(service.addDocument({ name: "notes.txt", bytes: new TextEncoder().encode("hello") })).rejects.toThrow(
      "notes.txt: not a PDF (no %PDF header)",
    );
    expect(parser.parses).toBe(0);
    expect(await store.listDocuments("local")).toEqual([]);
    for await (const blob of blobs.list("")) expect.unreachable(`stored ${blob.key}`);
  });

  it("passes the OCR mode on: auto runs OCR only for flagged pages, never skips it, always forces it", async () => {
    const calls: string[] = [];
    const ocr: OcrStep = async ({ document, blocks, mode, ids }) => {
      calls.push(mode);
      const extra = { ...blocks[0]!, id: ids.next(1, "TEXT", "ocr"), text: "распознано", source: "ocr:test" as const, ordinal: blocks.length };
      return { pages: document.pages.map((p) => ({ ...p, ocrEngine: "test" })), blocks: [...blocks, extra] };
    };
    const clean = setup(new ScriptedDocumentParser(), ocr);
    await clean.service.addDocument({ name: "a.pdf", bytes: scriptedPdf({ pages: 1, tag: "1" }) });
    expect(calls).toEqual([]);
    const forced = await clean.service.addDocument({ name: "b.pdf", bytes: scriptedPdf({ pages: 1, tag: "2" }) }, { ocr: "always" });
    expect(calls).toEqual(["always"]);
    expect(forced.pages[0]?.ocrEngine).toBe("test");
    expect((await clean.service.getBlocks(forced.id)).map((b) => b.source)).toContain("ocr:test");

    const scanned = setup(new ScriptedDocumentParser(), ocr);
    const off = await scanned.service.addDocument({ name: "c.pdf", bytes: scriptedPdf({ pages: 1, needsOcr: true, tag: "3" }) }, { ocr: "never" });
    expect(off.meta).toEqual({ ocr: "never" });
    await scanned.service.addDocument({ name: "d.pdf", bytes: scriptedPdf({ pages: 1, needsOcr: true, tag: "4" }) });
    expect(calls).toEqual(["always", "auto"]);
  });

  it("scopes reads to the owner", async () => {
    const { service, store, blobs } = setup(new ScriptedDocumentParser());
    const doc = await service.addDocument({ name: "a.pdf", bytes: scriptedPdf({ pages: 1, tag: "a" }) });
    const stranger = new DocumentService({ ownerId: "someone-else", store, blobs, parser: new ScriptedDocumentParser() });
    await expect(stranger.getDocument(doc.id)).rejects.toMatchObject({ code: "DOCUMENT.NOT_FOUND" });
    expect(await stranger.listDocuments()).toEqual([]);
  });
});
