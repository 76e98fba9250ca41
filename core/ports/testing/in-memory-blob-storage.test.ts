import { describeBlobStorageContract } from "./blob-storage.contract.js";
import { InMemoryBlobStorage } from "./in-memory-blob-storage.js";

describeBlobStorageContract("InMemoryBlobStorage", () => new InMemoryBlobStorage(), { signedUrl: false, keepsContentType: true });
