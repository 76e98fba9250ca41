import { describeBlockIndexContract } from "./block-index.contract.js";
import { InMemoryBlockIndex } from "./in-memory-block-index.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

describeBlockIndexContract("InMemoryBlockIndex", async () => {
  const store = new InMemoryDocumentStore();
  return { index: new InMemoryBlockIndex(store), store };
});
