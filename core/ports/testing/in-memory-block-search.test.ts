import { describeBlockSearchContract } from "./block-search.contract.js";
import { InMemoryBlockSearch } from "./in-memory-block-search.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

describeBlockSearchContract("InMemoryBlockSearch", async () => {
  const store = new InMemoryDocumentStore();
  return { search: new InMemoryBlockSearch(store), store };
});
