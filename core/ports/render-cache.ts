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
  /**
   * The cached image, or the one `produce` makes, stored under `key`. Concurrent calls for the same key share a
   * single `produce` call (single flight); when `produce` fails nothing is cached and every waiter gets the error.
   * `hit` tells whether the image came from the cache.
   */
  getOrSet(key: string, produce: () => Promise<RenderedImage>): Promise<{ image: RenderedImage; hit: boolean }>;
  delete(key: string): Promise<void>;
  /** Current total size in bytes (for tests and stats). */
  size(): Promise<number>;
}
