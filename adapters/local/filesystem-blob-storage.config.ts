import { isAbsolute } from "node:path";
import { z } from "zod";

/** Where the filesystem blob store keeps its objects (local mode: `<dataDir>/blobs`). */
export const FilesystemBlobStorageConfig = z.object({
  root: z.string().min(1).refine(isAbsolute, "the blob root must be an absolute path"),
});

export type FilesystemBlobStorageConfig = z.infer<typeof FilesystemBlobStorageConfig>;
