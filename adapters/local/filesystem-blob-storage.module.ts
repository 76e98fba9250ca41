import { ContainerModule } from "inversify";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import type { FilesystemBlobStorageConfig } from "./filesystem-blob-storage.config.js";
import { FilesystemBlobStorage } from "./filesystem-blob-storage.js";

/** Binds blob storage to a folder on the local disk (local mode: `<dataDir>/blobs`). */
export function filesystemBlobStorageModule(config: FilesystemBlobStorageConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<BlobStorage>(BlobStorage)
      .toDynamicValue(() => new FilesystemBlobStorage(config))
      .inSingletonScope();
  });
}
