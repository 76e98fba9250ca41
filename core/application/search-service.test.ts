import { describe, expect, it } from "vitest";
import type { DocumentRecord } from "../domain/document.js";
import { InMemoryBlockSearch } from "../ports/testing/in-memory-block-search.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { SearchService } from "./search-service.js";
import { BlockIndexService } from "./block-index-service.js";
import { InMemoryBlockIndex } from "../ports/testing/in-memory-block-index.js";
import { InMemoryPromptLibrary } from "../ports/testing/in-memory-prompt-library.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";

function doc(id: string, ownerId: string): DocumentRecord {
  return {
    id, ownerId, name: `${id}.pdf`, sourceKind: "pdf", sourceVersion: id, pageCount: 1,
    pages: [{ number: 1, width: 0, height: 0, rotation: 0, needsOcr: false }], createdAt: "2026-01-01T00:00:00Z",
  };
}

async function service() {
  const store = new InMemoryDocumentStore();
  await store.saveDocument(doc("d1", "local"), [{ id: "AAAA-AAAA-AAA", documentId: "d1", kind: "TABLE", page: 1, text: "Перемычки ПР-1", source: "import", ordinal: 0 }]);
  await store.saveDocument(doc("d2", "local"), [{ id: "BBBB-BBBB-BBB", documentId: "d2", kind: "TEXT", page: 1, text: "Перемычки ПР-2", source: "import", ordinal: 0 }]);
  await store.saveDocument(doc("x1", "someone-else"), [{ id: "CCCC-CCCC-CCC", documentId: "x1", kind: "TEXT", page: 1, text: "Перемычки", source: "import", ordinal: 0 }]);
  return new SearchService({ ownerId: "local", store, search: new InMemoryBlockSearch(store) });
}

describe("SearchService", () => {
  it("searches the owner's blocks, restricted to the given documents", async () => {
    const s = await service();
    expect((await s.search("перемычки")).map((h) => h.block.id).sort()).toEqual(["AAAA-AAAA-AAA", "BBBB-BBBB-BBB"]);
    expect((await s.search("перемычки", { documentIds: ["d2", "d2"] })).map((h) => h.block.id)).toEqual(["BBBB-BBBB-BBB"]);
    expect((await s.search("перемычки", { kinds: ["TABLE"], limit: 1 })).map((h) => h.block.id)).toEqual(["AAAA-AAAA-AAA"]);
  });

  it("rejects an empty query, bad options and unknown (or foreign) documents", async () => {
    const s = await service();
    expect(await errorCodeOf(s.search("  "))).toBe("SEARCH.INVALID_QUERY");
    expect(await errorCodeOf(s.search("перемычки", { limit: 0 }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(s.search("перемычки", { pages: [-1] }))).toBe("VALIDATION.INVALID_INPUT");
    expect(await errorCodeOf(s.search("перемычки", { documentIds: ["nope"] }))).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(s.search("перемычки", { documentIds: ["x1"] }))).toBe("DOCUMENT.NOT_FOUND");
  });
});

describe("SearchService with the block index", () => {
  async function indexed() {
    const store = new InMemoryDocumentStore();
    await store.saveDocument(doc("d1", "local"), [
      { id: "AAAA-AAAA-AAA", documentId: "d1", kind: "TEXT", page: 1, text: "Вентиляция П1: общие указания", source: "import", ordinal: 0 },
      { id: "DDDD-DDDD-DDD", documentId: "d1", kind: "IMAGE", page: 1, text: "", source: "import", ordinal: 1 },
      { id: "EEEE-EEEE-EEE", documentId: "d1", kind: "IMAGE", page: 1, text: "П1 400×300", source: "import", ordinal: 2 },
    ]);
    const index = new InMemoryBlockIndex(store);
    const entry = { documentId: "d1", sourceVersion: "d1", promptVersion: 1, status: "indexed" as const, attempts: 1, discipline: "ОВ", keywords: ["вентиляция"], systemCodes: ["П1"] };
    await index.upsert("local", [
      { ...entry, blockId: "DDDD-DDDD-DDD", title: "Схема вентиляции П1", summary: "приточная система П1" },
      { ...entry, blockId: "EEEE-EEEE-EEE", title: "План вентиляции", summary: "воздуховоды П1" },
    ]);
    const documents = { getDocument: (id: string) => store.getDocument("local", id), getBlocks: (id: string, q?: { kind?: "IMAGE" }) => store.getBlocks("local", id, q) };
    const blockIndex = new BlockIndexService({ ownerId: "local", documents, evidence: { render: () => Promise.reject(new Error("unused")) }, index, prompts: new InMemoryPromptLibrary([]) });
    return new SearchService({ ownerId: "local", store, search: new InMemoryBlockSearch(store), blockIndex });
  }

  it("finds a drawing without text through its index entry, and marks a drawing found both ways", async () => {
    const s = await indexed();
    const hits = await s.search("вентиляция П1");
    const blank = hits.find((h) => h.block.id === "DDDD-DDDD-DDD")!;
    expect(blank).toMatchObject({ matched: ["index"], snippet: "[index] Схема вентиляции П1 — приточная система П1", documentName: "d1.pdf" });
    expect(blank.score).toBeGreaterThan(0);
    expect(hits.find((h) => h.block.id === "EEEE-EEEE-EEE")!.matched).toEqual(expect.arrayContaining(["codes", "index"]));
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(new Set(hits.map((h) => h.block.id)).size).toBe(hits.length);
  });

  it("keeps the filters and the limit: no index hits for TEXT-only searches or other pages", async () => {
    const s = await indexed();
    expect((await s.search("вентиляция П1", { kinds: ["TEXT"] })).map((h) => h.block.id)).toEqual(["AAAA-AAAA-AAA"]);
    expect(await s.search("вентиляция П1", { pages: [2] })).toEqual([]);
    expect(await s.search("вентиляция П1", { limit: 1 })).toHaveLength(1);
  });
});
