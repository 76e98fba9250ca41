import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stableBlockId, type Block } from "../../domain/block.js";
import type { BlockIndexEntryInput } from "../../domain/block-index.js";
import type { DocumentRecord } from "../../domain/document.js";
import type { BlockIndex } from "../block-index.js";
import type { DocumentStore } from "../document-store.js";
import { errorCodeOf } from "./domain-error-of.js";

/** An index and the document store whose blocks it catalogues (over one database for SQL adapters). */
export interface BlockIndexFixture {
  index: BlockIndex;
  store: DocumentStore;
}

const owner = () => `owner-${randomUUID().slice(0, 8)}`;

function document(ownerId: string, pages = 3): DocumentRecord {
  return {
    id: randomUUID(),
    ownerId,
    name: "133-23-ГК-ОВ1.pdf",
    sourceKind: "pdf",
    sourceKey: "sources/ov.pdf",
    sourceVersion: `v-${randomUUID().slice(0, 8)}`,
    pageCount: pages,
    pages: Array.from({ length: pages }, (_, i) => ({ number: i + 1, width: 2384, height: 1684, rotation: 0, needsOcr: false })),
    createdAt: "2026-11-24T10:00:00.000Z",
  };
}

function imageBlock(documentId: string, ordinal: number, page: number): Block {
  return { id: stableBlockId([documentId, ordinal]), documentId, kind: "IMAGE", page, bboxNorm: [0.05, 0.05, 0.8, 0.9], text: "", source: "text-layer", ordinal };
}

/** A document with one IMAGE block per page, saved to the store. */
async function seed(store: DocumentStore, ownerId: string, pages = 3): Promise<{ doc: DocumentRecord; blocks: Block[] }> {
  const doc = document(ownerId, pages);
  const blocks = Array.from({ length: pages }, (_, i) => imageBlock(doc.id, i, i + 1));
  await store.saveDocument(doc, blocks);
  return { doc, blocks };
}

function entry(doc: DocumentRecord, block: Block, over: Partial<BlockIndexEntryInput> = {}): BlockIndexEntryInput {
  return {
    documentId: doc.id,
    blockId: block.id,
    sourceVersion: doc.sourceVersion,
    promptVersion: 1,
    status: "indexed",
    attempts: 1,
    model: "fast-model",
    title: "План 2 этажа. Отопление",
    discipline: "ОВ",
    keywords: ["отопление", "радиаторы"],
    systemCodes: ["Т1", "Т2"],
    floor: "2",
    section: "секция 1",
    scale: "1:100",
    summary: "Разводка трубопроводов отопления по этажу.",
    ...over,
  };
}

/** The BlockIndex contract, run against every adapter and the in-memory fake; each test works under its own owners. */
export function describeBlockIndexContract(name: string, make: () => Promise<BlockIndexFixture>) {
  describe(`BlockIndex contract: ${name}`, () => {
    it("round-trips an entry with every field, taking the page from the block and stamping the write time", async () => {
      const { index, store } = await make();
      const ownerId = owner();
      const { doc, blocks } = await seed(store, ownerId);
      const before = Date.now();
      await index.upsert(ownerId, [entry(doc, blocks[1]!)]);
      const got = await index.get(ownerId, doc.id, blocks[1]!.id);
      expect(got).toMatchObject({ ...entry(doc, blocks[1]!), page: 2 });
      expect(Date.parse(got!.updatedAt)).toBeGreaterThanOrEqual(before - 5_000);
      expect(await index.get(ownerId, doc.id, blocks[0]!.id)).toBeUndefined();
    });

    it("replaces the entry of the same block, e.g. a failure by a later success, and keeps optional fields absent", async () => {
      const { index, store } = await make();
      const ownerId = owner();
      const { doc, blocks } = await seed(store, ownerId);
      const failed: BlockIndexEntryInput = { documentId: doc.id, blockId: blocks[0]!.id, sourceVersion: doc.sourceVersion, promptVersion: 1, status: "failed", attempts: 1, error: "LLM.BAD_RESPONSE: not JSON" };
      await index.upsert(ownerId, [failed]);
      const stored = await index.get(ownerId, doc.id, blocks[0]!.id);
      expect(stored).toMatchObject({ status: "failed", error: "LLM.BAD_RESPONSE: not JSON", keywords: [], systemCodes: [], attempts: 1 });
      expect(stored).not.toHaveProperty("title");
      await index.upsert(ownerId, [entry(doc, blocks[0]!, { attempts: 2 })]);
      const replaced = await index.get(ownerId, doc.id, blocks[0]!.id);
      expect(replaced).toMatchObject({ status: "indexed", attempts: 2, title: "План 2 этажа. Отопление" });
      expect(replaced).not.toHaveProperty("error");
      expect(await index.list(ownerId)).toHaveLength(1);
    });

    it("writes all entries of a call or none: an unknown block fails the batch with BLOCK.NOT_FOUND", async () => {
      const { index, store } = await make();
      const ownerId = owner();
      const { doc, blocks } = await seed(store, ownerId);
      const ghost = { ...blocks[0]!, id: "ZZZZ-ZZZZ-ZZZ" };
      expect(await errorCodeOf(index.upsert(ownerId, [entry(doc, blocks[0]!), entry(doc, ghost)]))).toBe("BLOCK.NOT_FOUND");
      expect(await index.list(ownerId)).toEqual([]);
    });

    it("is scoped to the owner: another owner's document cannot be written, read, listed or found", async () => {
      const { index, store } = await make();
      const alice = owner();
      const bob = owner();
      const { doc, blocks } = await seed(store, alice);
      expect(await errorCodeOf(index.upsert(bob, [entry(doc, blocks[0]!)]))).toBe("DOCUMENT.NOT_FOUND");
      await index.upsert(alice, [entry(doc, blocks[0]!)]);
      expect(await index.get(bob, doc.id, blocks[0]!.id)).toBeUndefined();
      expect(await index.list(bob)).toEqual([]);
      expect(await index.list(bob, { documentIds: [doc.id] })).toEqual([]);
      expect(await index.findCandidates(bob, { codes: ["Т1"] })).toEqual([]);
      expect(await index.findCandidates(alice, { codes: ["Т1"] })).toHaveLength(1);
    });

    it("lists by document, page and block id, filtered by documents and status", async () => {
      const { index, store } = await make();
      const ownerId = owner();
      const first = await seed(store, ownerId);
      const second = await seed(store, ownerId);
      await index.upsert(ownerId, [
        entry(second.doc, second.blocks[2]!),
        entry(first.doc, first.blocks[1]!),
        { ...entry(first.doc, first.blocks[0]!), status: "failed", error: "LLM.TIMEOUT: slow" },
        entry(second.doc, second.blocks[0]!),
      ]);
      const all = await index.list(ownerId);
      const sortedIds = [first.doc.id, second.doc.id].sort();
      expect(all.map((e) => e.documentId)).toEqual([sortedIds[0], sortedIds[0], sortedIds[1], sortedIds[1]]);
      for (const docId of sortedIds) {
        const pages = all.filter((e) => e.documentId === docId).map((e) => e.page);
        expect(pages).toEqual([...pages].sort((a, b) => a - b));
      }
      expect((await index.list(ownerId, { documentIds: [first.doc.id] })).map((e) => e.blockId).sort()).toEqual([first.blocks[0]!.id, first.blocks[1]!.id].sort());
      expect((await index.list(ownerId, { status: "failed" })).map((e) => e.blockId)).toEqual([first.blocks[0]!.id]);
      expect(await index.list(ownerId, { documentIds: [] })).toEqual([]);
    });

    it("drops the entries of a deleted document", async () => {
      const { index, store } = await make();
      const ownerId = owner();
      const { doc, blocks } = await seed(store, ownerId);
      await index.upsert(ownerId, [entry(doc, blocks[0]!)]);
      await store.deleteDocument(ownerId, doc.id);
      expect(await index.get(ownerId, doc.id, blocks[0]!.id)).toBeUndefined();
      expect(await index.list(ownerId)).toEqual([]);
    });

    describe("findCandidates", () => {
      async function catalogue() {
        const { index, store } = await make();
        const ownerId = owner();
        const { doc, blocks } = await seed(store, ownerId, 6);
        const at = (i: number, over: Partial<BlockIndexEntryInput>) => entry(doc, blocks[i]!, over);
        await index.upsert(ownerId, [
          at(0, { title: "План 2 этажа. Водопровод", discipline: "ВК", keywords: ["водопровод"], systemCodes: ["В2"], floor: "2 этаж", summary: "" }),
          at(1, { title: "План 3 этажа. Водопровод", discipline: "ВК", keywords: ["водопровод"], systemCodes: ["В21"], floor: "3", summary: "" }),
          at(2, { title: "План 2 этажа. Перемычки", discipline: "АР", keywords: ["перемычки", "проёмы"], systemCodes: ["ПР-1", "ПР-2"], floor: "2", summary: "" }),
          at(3, { title: "План 7 этажа. Перемычки", discipline: "АР", keywords: ["перемычки"], systemCodes: ["ПР-1"], floor: "этаж 7", summary: "" }),
          at(4, { title: "Схема вентиляции", discipline: "OV", keywords: ["вентиляция"], systemCodes: ["П1", "В1"], floor: "", summary: "" }),
          { documentId: doc.id, blockId: blocks[5]!.id, sourceVersion: doc.sourceVersion, promptVersion: 1, status: "failed", attempts: 3, error: "LLM.BLOCKED" },
        ]);
        return { index, ownerId, doc, blocks };
      }

      it("matches codes exactly (В2 is not В21) and folds Latin look-alikes", async () => {
        const { index, ownerId, blocks } = await catalogue();
        expect((await index.findCandidates(ownerId, { codes: ["В2"] })).map((c) => c.entry.blockId)).toEqual([blocks[0]!.id]);
        const latin = await index.findCandidates(ownerId, { codes: ["B21"] });
        expect(latin.map((c) => c.entry.blockId)).toEqual([blocks[1]!.id]);
        expect(latin[0]!.matched).toContain("code:в21");
      });

      it("ranks the asked floor above another floor for the same words and codes", async () => {
        const { index, ownerId, blocks } = await catalogue();
        const found = await index.findCandidates(ownerId, { text: "какие перемычки на 2 этаже" });
        expect(found.slice(0, 2).map((c) => c.entry.blockId)).toEqual([blocks[2]!.id, blocks[3]!.id]);
        expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
        expect(found[0]!.matched).toEqual(expect.arrayContaining(["floor:2", "word:перемы"]));
      });

      it("uses discipline codes (Latin aliases too), skips failed entries, filters documents and honours the limit", async () => {
        const { index, ownerId, doc, blocks } = await catalogue();
        const hvac = await index.findCandidates(ownerId, { disciplines: ["ОВ"] });
        expect(hvac.map((c) => c.entry.blockId)).toEqual([blocks[4]!.id]);
        const all = await index.findCandidates(ownerId, { keywords: ["перемычки", "водопровод", "вентиляция"], limit: 2 });
        expect(all).toHaveLength(2);
        expect(all.every((c) => c.entry.status === "indexed" && c.score > 0 && c.score <= 1)).toBe(true);
        expect(await index.findCandidates(ownerId, { codes: ["ПР-1"], documentIds: ["another-document"] })).toEqual([]);
        expect(await index.findCandidates(ownerId, { codes: ["ПР-1"], documentIds: [doc.id] })).toHaveLength(2);
      });

      it("returns nothing for a query without terms and rejects invalid fields", async () => {
        const { index, ownerId } = await catalogue();
        expect(await index.findCandidates(ownerId, {})).toEqual([]);
        expect(await index.findCandidates(ownerId, { text: "   " })).toEqual([]);
        expect(await errorCodeOf(index.findCandidates(ownerId, { limit: 0 }))).toBe("VALIDATION.INVALID_INPUT");
        expect(await errorCodeOf(index.findCandidates(ownerId, { codes: [""] }))).toBe("VALIDATION.INVALID_INPUT");
      });
    });
  });
}
