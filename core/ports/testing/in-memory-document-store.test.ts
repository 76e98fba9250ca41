import { describeDocumentStoreContract } from "./document-store.contract.js";
import { InMemoryDocumentStore } from "./in-memory-document-store.js";

describeDocumentStoreContract("InMemoryDocumentStore", async () => new InMemoryDocumentStore());
