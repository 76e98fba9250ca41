import { ContainerModule } from "inversify";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import type { R2Config } from "./r2.config.js";
import { R2BlobStorage } from "./r2-blob-storage.js";

/** Binds blob storage to an S3-compatible bucket (R2, S3, MinIO); its sockets are released on unbind. */
export function r2BlobStorageModule(config: R2Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<BlobStorage>(BlobStorage)
      .toDynamicValue(() => new R2BlobStorage(config))
      .inSingletonScope()
      .onDeactivation((storage) => {
        if (storage instanceof R2BlobStorage) storage.close();
      });
  });
}
