import { describeFileStoreContract } from "./file-store.contract.js";
import { InMemoryFileStore } from "./in-memory-file-store.js";

describeFileStoreContract("InMemoryFileStore", async () => new InMemoryFileStore());
