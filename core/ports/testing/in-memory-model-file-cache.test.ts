import { describeModelFileCacheContract } from "./model-file-cache.contract.js";
import { InMemoryModelFileCache } from "./in-memory-model-file-cache.js";

describeModelFileCacheContract("InMemoryModelFileCache", async () => new InMemoryModelFileCache());
