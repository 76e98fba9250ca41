import { describe, expect, it } from "vitest";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import { InMemoryBlockSearch } from "../ports/testing/in-memory-block-search.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { SearchService } from "./search-service.js";

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

const code = (error: unknown) => (DomainError.isInstance(error) ? error.code : String(error));

describe("SearchService", () => {
  it("searches the owner's blocks, restricted to the given documents", async () => {
    const s = await service();
    expect((await s.search("перемычки")).map((h) => h.block.id).sort()).toEqual(["AAAA-AAAA-AAA", "BBBB-BBBB-BBB"]);
    expect((await s.search("перемычки", { documentIds: ["d2", "d2"] })).map((h) => h.block.id)).toEqual(["BBBB-BBBB-BBB"]);
    expect((await s.search("перемычки", { kinds: ["TABLE"], limit: 1 })).map((h) => h.block.id)).toEqual(["AAAA-AAAA-AAA"]);
  });

  it("rejects an empty query, bad options and unknown (or foreign) documents", async () => {
    const s = await service();
    await expect(s.search("  ").catch(code)).resolves.toBe("SEARCH.INVALID_QUERY");
    await expect(s.search("перемычки", { limit: 0 }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
    await expect(s.search("перемычки", { pages: [-1] }).catch(code)).resolves.toBe("VALIDATION.INVALID_INPUT");
    await expect(s.search("перемычки", { documentIds: ["nope"] }).catch(code)).resolves.toBe("DOCUMENT.NOT_FOUND");
    await expect(s.search("перемычки", { documentIds: ["x1"] }).catch(code)).resolves.toBe("DOCUMENT.NOT_FOUND");
  });
});
