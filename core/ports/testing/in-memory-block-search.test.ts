import { describe, expect, it } from "vitest";
import { describeBlockSearchContract } from "./block-search.contract.js";
import { InMemoryBlockSearch, stemRussian } from "./in-memory-block-search.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

describeBlockSearchContract("InMemoryBlockSearch", async () => {
  const store = new InMemoryDocumentStore();
  return { search: new InMemoryBlockSearch(store), store };
});

describe("stemRussian", () => {
  it("gives one stem to the forms of a word and keeps short words", () => {
    expect(new Set(["перемычка", "перемычки", "перемычку", "перемычкой"].map(stemRussian)).size).toBe(1);
    expect(stemRussian("ось")).toBe("ось");
  });
});
