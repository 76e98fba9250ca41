import { describe, expect, it } from "vitest";
import type { RenderedImage } from "../page-renderer.js";
import type { RenderCache } from "../render-cache.js";
import type { RenderCacheLimits } from "./in-memory-render-cache.js";

export interface RenderCacheHarness {
  cache: RenderCache;
  /** For persistent adapters: a new instance over the same storage, as after a process restart. */
  reopen?: () => Promise<RenderCache>;
}

/** An image whose bytes encode `fill` throughout, so a torn or mixed-up entry is detectable. */
export function fakeImage(size: number, fill = 7): RenderedImage {
  return { bytes: new Uint8Array(size).fill(fill), mimeType: "image/png", width: size, height: fill, dpi: 150, capped: false };
}

/** The RenderCache contract, run against every adapter and the in-memory fake. */
export function describeRenderCacheContract(
  name: string,
  make: (limits: RenderCacheLimits) => Promise<RenderCacheHarness>,
  capabilities: { persistent: boolean },
) {
  describe(`RenderCache contract: ${name}`, () => {
    const limits = (over: Partial<RenderCacheLimits> = {}): RenderCacheLimits => ({ maxBytes: 10_000, ttlMs: 60_000, ...over });

    it("returns undefined for a missing key and the stored image for a present one", async () => {
      const { cache } = await make(limits());
      expect(await cache.get("missing")).toBeUndefined();
      await cache.set("a", fakeImage(100, 3));
      const got = await cache.get("a");
      expect(got).toMatchObject({ mimeType: "image/png", width: 100, height: 3, dpi: 150, capped: false });
      expect([...got!.bytes]).toEqual([...fakeImage(100, 3).bytes]);
      expect(await cache.size()).toBe(100);
      // a framed image keeps its grid margin, so its content area is still known when it is served again
      await cache.set("framed", { ...fakeImage(100, 3), margin: 24 });
      expect(await cache.get("framed")).toMatchObject({ width: 100, height: 3, margin: 24 });
    });

    it("replaces an entry on set and forgets it on delete", async () => {
      const { cache } = await make(limits());
      await cache.set("a", fakeImage(100, 3));
      await cache.set("a", fakeImage(50, 4));
      expect((await cache.get("a"))?.height).toBe(4);
      expect(await cache.size()).toBe(50);
      await cache.delete("a");
      await cache.delete("never-there");
      expect(await cache.get("a")).toBeUndefined();
      expect(await cache.size()).toBe(0);
    });

    it("evicts the least recently used entries to stay within the byte cap", async () => {
      const { cache } = await make(limits({ maxBytes: 250 }));
      await cache.set("a", fakeImage(100, 1));
      await cache.set("b", fakeImage(100, 2));
      await cache.get("a"); // a is now more recent than b
      await cache.set("c", fakeImage(100, 3));
      expect(await cache.get("b")).toBeUndefined();
      expect((await cache.get("a"))?.height).toBe(1);
      expect((await cache.get("c"))?.height).toBe(3);
      expect(await cache.size()).toBeLessThanOrEqual(250);
      await cache.set("huge", fakeImage(300, 9));
      expect(await cache.get("huge")).toBeUndefined();
      expect(await cache.size()).toBeLessThanOrEqual(250);
    });

    it("expires entries after the TTL", async () => {
      let now = 1_000_000;
      const { cache } = await make(limits({ ttlMs: 1000, now: () => now }));
      await cache.set("a", fakeImage(10));
      now += 999;
      expect(await cache.get("a")).toBeDefined();
      now += 2;
      expect(await cache.get("a")).toBeUndefined();
    });

    it("renders once for concurrent getOrSet calls of the same key and serves the cache afterwards", async () => {
      const { cache } = await make(limits());
      let calls = 0;
      const produce = async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return fakeImage(64, 5);
      };
      const results = await Promise.all(Array.from({ length: 5 }, () => cache.getOrSet("k", produce)));
      expect(calls).toBe(1);
      expect(results.every((r) => r.image.width === 64 && !r.hit)).toBe(true);
      const again = await cache.getOrSet("k", produce);
      expect(again.hit).toBe(true);
      expect(calls).toBe(1);
    });

    it("caches nothing when the producer fails, and every waiter sees the failure", async () => {
      const { cache } = await make(limits());
      const failing = async (): Promise<RenderedImage> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("render failed");
      };
      const outcomes = await Promise.allSettled([cache.getOrSet("k", failing), cache.getOrSet("k", failing)]);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
      expect(await cache.get("k")).toBeUndefined();
      expect((await cache.getOrSet("k", async () => fakeImage(8))).hit).toBe(false);
    });

    it("never returns a torn entry while the same key is rewritten concurrently", async () => {
      const { cache } = await make(limits({ maxBytes: 1_000_000 }));
      const writes = Array.from({ length: 20 }, (_, i) => cache.set("k", fakeImage(1000 + i * 100, i + 1)));
      const reads = Array.from({ length: 20 }, () => cache.get("k"));
      await Promise.all(writes);
      for (const image of await Promise.all(reads)) {
        if (!image) continue;
        // width is the byte count and height the fill value of the same write
        expect(image.bytes.length).toBe(image.width);
        expect(image.bytes.every((b) => b === image.height)).toBe(true);
      }
      expect((await cache.get("k"))?.bytes.length).toBe(await cache.size());
    });

    // only persistent adapters promise this; an in-memory cache has no restart to survive
    if (capabilities.persistent) it("serves entries after a restart, keeping the byte cap and the TTL", async () => {
      let now = 5_000_000;
      const harness = await make(limits({ maxBytes: 250, ttlMs: 10_000, now: () => now }));
      if (!harness.reopen) throw new Error("a persistent adapter's harness must provide reopen()");
      await harness.cache.set("a", fakeImage(100, 1));
      await harness.cache.set("b", fakeImage(100, 2));
      const reopened = await harness.reopen();
      expect((await reopened.get("a"))?.height).toBe(1);
      expect(await reopened.size()).toBe(200);
      await reopened.set("c", fakeImage(100, 3));
      expect(await reopened.size()).toBeLessThanOrEqual(250);
      expect(await reopened.get("b")).toBeUndefined(); // b was the least recently used
      now += 20_000;
      const later = await harness.reopen();
      expect(await later.get("a")).toBeUndefined();
      expect(await later.size()).toBe(0);
    });
  });
}
