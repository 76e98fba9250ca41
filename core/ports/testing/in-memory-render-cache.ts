import type { RenderedImage } from "../page-renderer.js";
import type { RenderCache } from "../render-cache.js";

export interface RenderCacheLimits {
  /** LRU byte cap over the encoded images. */
  maxBytes: number;
  /** Entries older than this are gone (default 7 days). */
  ttlMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

const DEFAULT_TTL_MS = 7 * 24 * 3600 * 1000;

interface Entry {
  image: RenderedImage;
  createdAt: number;
}

/** Verified fake of `RenderCache` (passes the same contract suite as the disk cache). */
export class InMemoryRenderCache implements RenderCache {
  /** Map order is the LRU order: least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<RenderedImage>>();
  private readonly now: () => number;

  constructor(private readonly limits: RenderCacheLimits) {
    this.now = limits.now ?? Date.now;
  }

  async get(key: string): Promise<RenderedImage | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.createdAt > (this.limits.ttlMs ?? DEFAULT_TTL_MS)) return undefined;
    this.entries.set(key, entry);
    return copy(entry.image);
  }

  async set(key: string, image: RenderedImage): Promise<void> {
    this.entries.delete(key);
    if (image.bytes.byteLength > this.limits.maxBytes) return;
    this.entries.set(key, { image: copy(image), createdAt: this.now() });
    let total = await this.size();
    for (const [oldest, entry] of this.entries) {
      if (total <= this.limits.maxBytes) break;
      this.entries.delete(oldest);
      total -= entry.image.bytes.byteLength;
    }
  }

  async getOrSet(key: string, produce: () => Promise<RenderedImage>): Promise<{ image: RenderedImage; hit: boolean }> {
    const cached = await this.get(key);
    if (cached) return { image: cached, hit: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = produce().then(async (image) => {
        await this.set(key, image);
        return image;
      });
      this.inFlight.set(key, pending);
      pending.then(
        () => this.inFlight.delete(key),
        () => this.inFlight.delete(key),
      );
    }
    return { image: copy(await pending), hit: false };
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async size(): Promise<number> {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.image.bytes.byteLength;
    return total;
  }
}

const copy = (image: RenderedImage): RenderedImage => ({ ...image, bytes: image.bytes.slice() });
