import { z } from "zod";

/** The local render cache: a folder of rendered regions, bounded by bytes and age. */
export const DiskRenderCacheConfig = z.object({
  dir: z.string().min(1),
  /** LRU byte cap over the cached images (default 1 GiB). */
  maxBytes: z.number().int().positive().default(1024 ** 3),
  /** Entries older than this are rendered again (default 7 days). */
  ttlMs: z.number().int().positive().default(7 * 24 * 3600 * 1000),
});

export type DiskRenderCacheConfig = z.infer<typeof DiskRenderCacheConfig>;
