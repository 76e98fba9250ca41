import { ContainerModule } from "inversify";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import type { R2Config } from "./r2.config.js";
import type { R2BlobStorage } from "./r2-blob-storage.js";

/**
 * An S3-compatible bucket's storage, with the AWS SDK loaded on first use: it took a quarter of a second of every
 * command's start, also of those that never touch a blob.
 */
export async function openR2BlobStorage(config: R2Config): Promise<R2BlobStorage> {
  const { R2BlobStorage } = await import("./r2-blob-storage.js");
  return new R2BlobStorage(config);
}

/** Binds blob storage to an S3-compatible bucket (R2, S3, MinIO), opened on first resolve; its sockets are released on unbind. */
export function r2BlobStorageModule(config: R2Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<BlobStorage>(BlobStorage)
      .toDynamicValue(() => openR2BlobStorage(config))
      .inSingletonScope()
      .onDeactivation((storage) => (storage as R2BlobStorage).close());
  });
}
