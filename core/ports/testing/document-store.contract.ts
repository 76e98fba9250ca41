import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stableBlockId, type Block } from "../../domain/block.js";
import type { DocumentRecord, Page } from "../../domain/document.js";
import type { DocumentStore } from "../document-store.js";
import { errorCodeOf } from "./domain-error-of.js";

export const uniqueOwner = (label = "owner") => `${label}-${randomUUID().slice(0, 8)}`;

export function samplePage(number: number, over: Partial<Page> = {}): Page {
  return { number, width: 2384, height: 1684, rotation: 0, needsOcr: false, ...over };
}

export function sampleDocument(ownerId: string, over: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id: randomUUID(),
    ownerId,
    name: "133-23-ГК-АР1.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/a.pdf",
    sourceVersion: randomUUID().replaceAll("-", ""),
    pageCount: 2,
    pages: [samplePage(1, { stamp: { cipher: "133/23-ГК-АР1", sheet: "1", title: "План 2 этажа" } }), samplePage(2, { needsOcr: true })],
    createdAt: "2026-11-24T10:00:00.000Z",
    ...over,
  };
}

export function sampleBlock(documentId: string, ordinal: number, over: Partial<Block> = {}): Block {
  return {
    id: stableBlockId([documentId, ordinal]),
    documentId,
    kind: "TEXT",
    page: 1,
    bboxNorm: [0.1 + ordinal / 1000, 0.2, 0.333333333333, 0.9],
    text: `Перемычка ПР-${ordinal}`,
    source: "text-layer",
    ordinal,
    ...over,
  };
}

/**
 * The DocumentStore contract, run against every adapter and the in-memory fake. `make` may return stores over
 * one shared database: every test works under owners of its own.
 */
export function describeDocumentStoreContract(name: string, make: () => Promise<DocumentStore>) {
  describe(`DocumentStore contract: ${name}`, () => {
    it("round-trips a document with every field and its blocks in ordinal order (ties by id)", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner(), {
        sourceKind: "document-md",
        projectPath: ["Мосфильмовская 31А", "АР"],
        stampLine: "133/23-ГК-АР1 | Р | ЖК",
        crops: { "AAAA-BBBB-CCC": "crops/AAAA-BBBB-CCC.pdf" },
        meta: { ocr: "auto", nested: { n: 1 } },
        pages: [samplePage(1, { ocrEngine: "tesseract", stamp: { cipher: "133/23-ГК-АР1" } }), samplePage(2, { width: 0, height: 0, rotation: 90 })],
      });
      const image = sampleBlock(doc.id, 2, {
        kind: "IMAGE",
        page: 2,
        description: "План перемычек",
        links: [sampleBlock(doc.id, 0).id],
        confidence: 0.875,
        source: "ocr:tesseract",
        // a drawing's label boxes, with numbers whose shortest printing is long
        meta: { category_code: "plan", labelBoxes: [[0.1, 0.2, 0.30000000000000004, 0.4], [1e-7, 0.5, 0.75, 1]] },
      });
      const tieA = sampleBlock(doc.id, 1, { id: "ZZZZ-0000-001", bboxNorm: undefined });
      const tieB = sampleBlock(doc.id, 1, { id: "AAAA-0000-001", kind: "TABLE", text: "| Поз. | Кол. |" });
      await store.saveDocument(doc, [image, tieA, sampleBlock(doc.id, 0), tieB]);

      expect(await store.getDocument(doc.ownerId, doc.id)).toEqual(doc);
      const blocks = await store.getBlocks(doc.ownerId, doc.id);
      expect(blocks.map((b) => b.id)).toEqual([sampleBlock(doc.id, 0).id, tieB.id, tieA.id, image.id]);
      expect(blocks[3]).toEqual(image);
      expect(blocks[2]).toEqual(tieA);
      expect(blocks[2]!.bboxNorm).toBeUndefined();
      expect(await store.getBlock(doc.ownerId, doc.id, image.id)).toEqual(image);
    });

    it("filters blocks by page, kind and ids", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      const blocks = [0, 1, 2, 3, 4].map((i) => sampleBlock(doc.id, i, { page: 1 + (i % 2), kind: i === 3 ? "IMAGE" : "TEXT" }));
      await store.saveDocument(doc, blocks);
      const ids = async (q: Parameters<DocumentStore["getBlocks"]>[2]) => (await store.getBlocks(doc.ownerId, doc.id, q)).map((b) => b.ordinal);
      expect(await ids({ page: 2 })).toEqual([1, 3]);
      expect(await ids({ kind: "IMAGE" })).toEqual([3]);
      expect(await ids({ page: 2, kind: "TEXT" })).toEqual([1]);
      expect(await ids({ ids: [blocks[4]!.id, blocks[0]!.id, "NONE-NONE-NON"] })).toEqual([0, 4]);
      expect(await ids({ ids: [] })).toEqual([]);
    });

    it("hides a document from every other owner", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner("alice"));
      const block = sampleBlock(doc.id, 0);
      await store.saveDocument(doc, [block]);
      const bob = uniqueOwner("bob");
      expect(await errorCodeOf(store.getDocument(bob, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.getBlocks(bob, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.getBlock(bob, doc.id, block.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.replacePageBlocks(bob, doc.id, samplePage(1), "ocr:x", []))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.deleteDocument(bob, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await store.listDocuments(bob)).toEqual([]);
      expect(await store.findDocumentBySourceVersion(bob, doc.sourceVersion)).toBeUndefined();
      expect(await store.getBlocks(doc.ownerId, doc.id)).toHaveLength(1);
    });

    it("reports unknown documents and blocks as not found", async () => {
      const store = await make();
      const owner = uniqueOwner();
      expect(await errorCodeOf(store.getDocument(owner, "no-such-document"))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.getBlocks(owner, "no-such-document"))).toBe("DOCUMENT.NOT_FOUND");
      const doc = sampleDocument(owner);
      await store.saveDocument(doc, [sampleBlock(doc.id, 0)]);
      expect(await errorCodeOf(store.getBlock(owner, doc.id, "NONE-NONE-NON"))).toBe("BLOCK.NOT_FOUND");
    });

    it("saves atomically: a batch with a duplicate block id leaves nothing behind", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      const blocks = [sampleBlock(doc.id, 0), sampleBlock(doc.id, 1), sampleBlock(doc.id, 2, { id: sampleBlock(doc.id, 0).id })];
      expect(await errorCodeOf(store.saveDocument(doc, blocks))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(store.getDocument(doc.ownerId, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await store.listDocuments(doc.ownerId)).toEqual([]);
      expect(await store.findDocumentBySourceVersion(doc.ownerId, doc.sourceVersion)).toBeUndefined();
    });

    it("replaces a document saved again under the same id, without duplicating blocks", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      await store.saveDocument(doc, [sampleBlock(doc.id, 0), sampleBlock(doc.id, 1)]);
      const renamed = { ...doc, name: "renamed.pdf", pages: [samplePage(1)], pageCount: 1 };
      await store.saveDocument(renamed, [sampleBlock(doc.id, 1, { text: "new" })]);
      expect(await store.getDocument(doc.ownerId, doc.id)).toEqual(renamed);
      expect((await store.getBlocks(doc.ownerId, doc.id)).map((b) => b.text)).toEqual(["new"]);
      expect(await store.listDocuments(doc.ownerId)).toHaveLength(1);
    });

    it("replacePageBlocks swaps one source on one page, updates the page and is idempotent", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      const textLayer = [sampleBlock(doc.id, 0), sampleBlock(doc.id, 1, { page: 2 })];
      const oldOcr = sampleBlock(doc.id, 5, { page: 2, source: "ocr:tesseract", text: "old" });
      const otherEngine = sampleBlock(doc.id, 6, { page: 2, source: "ocr:gemini" });
      await store.saveDocument(doc, [...textLayer, oldOcr, otherEngine]);
      const page = samplePage(2, { needsOcr: true, ocrEngine: "tesseract" });
      const fresh = [sampleBlock(doc.id, 3, { page: 2, source: "ocr:tesseract", text: "ДП-1", confidence: 0.5 }), sampleBlock(doc.id, 4, { page: 2, source: "ocr:tesseract" })];
      for (let run = 0; run < 2; run++) {
        await store.replacePageBlocks(doc.ownerId, doc.id, page, "ocr:tesseract", fresh);
        const blocks = await store.getBlocks(doc.ownerId, doc.id);
        expect(blocks.map((b) => b.ordinal)).toEqual([0, 1, 3, 4, 6]);
        expect(blocks.filter((b) => b.source === "ocr:tesseract")).toEqual(fresh);
      }
      const stored = await store.getDocument(doc.ownerId, doc.id);
      expect(stored.pages).toEqual([doc.pages[0], page]);
      await store.replacePageBlocks(doc.ownerId, doc.id, page, "ocr:tesseract", []);
      expect((await store.getBlocks(doc.ownerId, doc.id, { page: 2 })).map((b) => b.source)).toEqual(["text-layer", "ocr:gemini"]);
    });

    it("replacePageBlocks is atomic: a clash with a kept block changes nothing", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      const kept = sampleBlock(doc.id, 0, { page: 2 });
      const old = sampleBlock(doc.id, 1, { page: 2, source: "ocr:tesseract" });
      await store.saveDocument(doc, [kept, old]);
      const clash = sampleBlock(doc.id, 2, { id: kept.id, page: 2, source: "ocr:tesseract" });
      const page = samplePage(2, { ocrEngine: "tesseract" });
      expect(await errorCodeOf(store.replacePageBlocks(doc.ownerId, doc.id, page, "ocr:tesseract", [clash]))).toBe("VALIDATION.INVALID_INPUT");
      expect(await store.getBlocks(doc.ownerId, doc.id)).toEqual([kept, old]);
      expect((await store.getDocument(doc.ownerId, doc.id)).pages[1]).toEqual(doc.pages[1]);
    });

    it("lists an owner's documents by creation time, then id", async () => {
      const store = await make();
      const owner = uniqueOwner();
      const early = sampleDocument(owner, { id: `c-${randomUUID()}`, createdAt: "2026-11-24T09:00:00.000Z" });
      const late = sampleDocument(owner, { id: `a-${randomUUID()}`, createdAt: "2026-11-24T12:00:00.000Z" });
      const lateTie = sampleDocument(owner, { id: `b-${randomUUID()}`, createdAt: "2026-11-24T12:00:00.000Z" });
      for (const d of [lateTie, late, early]) await store.saveDocument(d, []);
      expect(await store.listDocuments(owner)).toEqual([early, late, lateTie]);
    });

    it("finds a document by source version, the oldest when several share it", async () => {
      const store = await make();
      const owner = uniqueOwner();
      const first = sampleDocument(owner, { sourceVersion: "abc123", createdAt: "2026-11-24T08:00:00.000Z" });
      const second = sampleDocument(owner, { sourceVersion: "abc123", createdAt: "2026-11-24T09:00:00.000Z" });
      await store.saveDocument(second, []);
      await store.saveDocument(first, [sampleBlock(first.id, 0)]);
      expect(await store.findDocumentBySourceVersion(owner, "abc123")).toEqual(first);
      expect(await store.findDocumentBySourceVersion(owner, "other")).toBeUndefined();
    });

    it("deletes a document with its blocks; the id can be used again", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      await store.saveDocument(doc, [sampleBlock(doc.id, 0)]);
      await store.deleteDocument(doc.ownerId, doc.id);
      expect(await errorCodeOf(store.getDocument(doc.ownerId, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.getBlocks(doc.ownerId, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(store.deleteDocument(doc.ownerId, doc.id))).toBe("DOCUMENT.NOT_FOUND");
      expect(await store.listDocuments(doc.ownerId)).toEqual([]);
      await store.saveDocument(doc, [sampleBlock(doc.id, 1)]);
      expect((await store.getBlocks(doc.ownerId, doc.id)).map((b) => b.ordinal)).toEqual([1]);
    });

    it("hands out copies: changing a returned value does not change the store", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      await store.saveDocument(doc, [sampleBlock(doc.id, 0)]);
      const got = await store.getDocument(doc.ownerId, doc.id);
      got.pages[0]!.width = 1;
      const [block] = await store.getBlocks(doc.ownerId, doc.id);
      block!.text = "changed";
      expect((await store.getDocument(doc.ownerId, doc.id)).pages[0]!.width).toBe(2384);
      expect((await store.getBlocks(doc.ownerId, doc.id))[0]!.text).toBe(sampleBlock(doc.id, 0).text);
    });

    it("saves and reads a large document (thousands of blocks) whole", async () => {
      const store = await make();
      const doc = sampleDocument(uniqueOwner());
      const blocks = Array.from({ length: 4_500 }, (_, i) => sampleBlock(doc.id, i, { page: 1 + (i % 2) }));
      await store.saveDocument(doc, blocks);
      const read = await store.getBlocks(doc.ownerId, doc.id);
      expect(read).toHaveLength(4_500);
      expect(read[4_499]).toEqual(blocks[4_499]);
    });
  });
}
