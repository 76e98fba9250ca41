import { describe, expect, it } from "vitest";
import { BLOCK_ID } from "../domain/block.js";
import { DomainError } from "../domain/errors.js";
import type { DocumentParser, ParsedPage } from "../ports/document-parser.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { DocumentService, type OcrStep, sourceKeyOf } from "./document-service.js";
import type { Progress } from "./aizoomdoc-api.js";

/** A parser that yields `pages` pages of two blocks each, failing on `failAt` when set. */
class ScriptedParser implements DocumentParser {
  parses = 0;
  constructor(
    private readonly pages: number,
    private readonly options: { failAt?: number; needsOcr?: boolean } = {},
  ) {}

  async inspect(pdf: Uint8Array) {
    if (pdf[0] !== 0x25) throw new DomainError("DOCUMENT.INVALID_FILE", "not a PDF (no %PDF header)");
    return { pageCount: this.pages };
  }

  /** Validates like `inspect` before the first page, as the port's contract says. */
  async *parse(pdf: Uint8Array): AsyncIterable<ParsedPage> {
    await this.inspect(pdf);
    this.parses++;
    for (let n = 1; n <= this.pages; n++) {
      if (n === this.options.failAt) throw new DomainError("DOCUMENT.INVALID_FILE", `page ${n} could not be read`);
      yield {
        pageCount: this.pages,
        page: { number: n, width: 2384, height: 1684, rotation: 0, needsOcr: this.options.needsOcr ?? false },
        blocks: [
          { kind: "TEXT", bboxNorm: [0.1, 0.1, 0.3, 0.2], text: `Примечание ${n}`, source: "text-layer" },
          { kind: "IMAGE", bboxNorm: [0.4, 0.1, 0.9, 0.8], text: "В2", source: "text-layer", anchor: `image@${n}` },
        ],
      };
    }
  }
}

const pdfBytes = (text: string) => new TextEncoder().encode(`%PDF-1.7 ${text}`);

function setup(parser: DocumentParser, ocr?: OcrStep) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const service = new DocumentService({ ownerId: "local", store, blobs, parser, ocr });
  return { store, blobs, service };
}

describe("DocumentService.addDocument", () => {
  it("ingests pages and blocks with stable ids, stores the source and reports progress per page", async () => {
    const { service, blobs } = setup(new ScriptedParser(3));
    const progress: Progress[] = [];
    const doc = await service.addDocument({ name: "/tmp/set/АР.pdf", bytes: pdfBytes("a") }, { onProgress: (p) => progress.push(p) });
    expect(doc).toMatchObject({ name: "АР.pdf", sourceKind: "pdf", pageCount: 3, ownerId: "local", meta: { ocr: "auto" } });
    expect(doc.sourceVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(progress.map((p) => p.current)).toEqual([0, 1, 2, 3]);
    const blocks = await service.getBlocks(doc.id);
    expect(blocks).toHaveLength(6);
    expect(blocks.every((b) => BLOCK_ID.test(b.id) && b.documentId === doc.id)).toBe(true);
    expect(blocks.map((b) => b.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await service.getBlocks(doc.id, { page: 2, kind: "IMAGE" })).toHaveLength(1);
    expect(new TextDecoder().decode(await blobs.getBytes(sourceKeyOf(doc.id)))).toBe("%PDF-1.7 a");

    // the same bytes in another store yield the same block ids (ids derive from the source version)
    const other = setup(new ScriptedParser(3));
    const again = await other.service.addDocument({ name: "copy.pdf", bytes: pdfBytes("a") });
    expect((await other.service.getBlocks(again.id)).map((b) => b.id)).toEqual(blocks.map((b) => b.id));
  });

  it("returns the existing document for the same bytes instead of a duplicate, also when added concurrently", async () => {
    const parser = new ScriptedParser(2);
    const { service } = setup(parser);
    const [a, b] = await Promise.all([
      service.addDocument({ name: "a.pdf", bytes: pdfBytes("same") }),
      service.addDocument({ name: "b.pdf", bytes: pdfBytes("same") }),
    ]);
    const c = await service.addDocument({ name: "c.pdf", bytes: pdfBytes("same") });
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(parser.parses).toBe(1);
    expect(await service.listDocuments()).toHaveLength(1);
  });

  it("leaves nothing behind when a page fails, and names the file in a one-line error", async () => {
    const { service, blobs } = setup(new ScriptedParser(4, { failAt: 3 }));
    const error = await service.addDocument({ name: "broken.pdf", bytes: pdfBytes("b") }).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("DOCUMENT.INVALID_FILE");
    expect((error as Error).message).toBe("broken.pdf: page 3 could not be read");
    expect(await service.listDocuments()).toEqual([]);
    const keys = [];
    for await (const head of blobs.list("")) keys.push(head.key);
    expect(keys).toEqual([]);
  });

  it("removes the stored source when the store refuses the document", async () => {
    const { service, store, blobs } = setup(new ScriptedParser(1));
    store.saveDocument = async () => {
      throw new DomainError("STORAGE.UNAVAILABLE", "database is down");
    };
    await expect(service.addDocument({ name: "x.pdf", bytes: pdfBytes("x") })).rejects.toThrow("x.pdf: database is down");
    const keys = [];
    for await (const head of blobs.list("sources/")) keys.push(head.key);
    expect(keys).toEqual([]);
  });

  it("rejects a non-PDF before parsing anything, storing nothing", async () => {
    const parser = new ScriptedParser(1);
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
    const clean = setup(new ScriptedParser(1), ocr);
    await clean.service.addDocument({ name: "a.pdf", bytes: pdfBytes("1") });
    expect(calls).toEqual([]);
    const forced = await clean.service.addDocument({ name: "b.pdf", bytes: pdfBytes("2") }, { ocr: "always" });
    expect(calls).toEqual(["always"]);
    expect(forced.pages[0]?.ocrEngine).toBe("test");
    expect((await clean.service.getBlocks(forced.id)).map((b) => b.source)).toContain("ocr:test");

    const scanned = setup(new ScriptedParser(1, { needsOcr: true }), ocr);
    const off = await scanned.service.addDocument({ name: "c.pdf", bytes: pdfBytes("3") }, { ocr: "never" });
    expect(off.meta).toEqual({ ocr: "never" });
    await scanned.service.addDocument({ name: "d.pdf", bytes: pdfBytes("4") });
    expect(calls).toEqual(["always", "auto"]);
  });

  it("scopes reads to the owner", async () => {
    const { service, store, blobs } = setup(new ScriptedParser(1));
    const doc = await service.addDocument({ name: "a.pdf", bytes: pdfBytes("a") });
    const stranger = new DocumentService({ ownerId: "someone-else", store, blobs, parser: new ScriptedParser(1) });
    await expect(stranger.getDocument(doc.id)).rejects.toMatchObject({ code: "DOCUMENT.NOT_FOUND" });
    expect(await stranger.listDocuments()).toEqual([]);
  });
});
