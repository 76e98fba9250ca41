import type { RenderedImage } from "./page-renderer.js";

export const RenderCache = Symbol.for("aizoomdoc.RenderCache");

/**
 * Cache of rendered regions. Key = source version + page + region + DPI (+ grid/format), built by the caller
 * with `renderCacheKey`.
 *
 * Contract: LRU bounded by a byte cap, entries expire after a TTL, concurrent `get`/`set` of the same key are
 * safe (a reader never sees a half-written entry), and a persistent adapter serves entries after a restart.
 */
export interface RenderCache {
  get(key: string): Promise<RenderedImage | undefined>;
  set(key: string, image: RenderedImage): Promise<void>;
  delete(key: string): Promise<void>;
  /** Current total size in bytes (for tests and stats). */
  size(): Promise<number>;
}
