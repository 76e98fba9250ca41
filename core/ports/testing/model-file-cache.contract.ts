import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ModelFileCache } from "../model-file-cache.js";

const HOUR_MS = 3_600_000;
const later = (ms: number) => new Date(Date.now() + ms);

/** The ModelFileCache contract, run against every implementation. */
export function describeModelFileCacheContract(name: string, make: () => Promise<ModelFileCache>) {
  describe(`ModelFileCache contract: ${name}`, () => {
    it("answers what was put under a key until it expires, and nothing for an unknown key", async () => {
      const cache = await make();
      const key = `key-${randomUUID()}:${"f".repeat(64)}`;
      expect(await cache.get(key)).toBeUndefined();
      await cache.put(key, { uri: "https://files.example/v1beta/files/abc", mimeType: "image/png" }, later(HOUR_MS));
      expect(await cache.get(key)).toEqual({ uri: "https://files.example/v1beta/files/abc", mimeType: "image/png" });
      expect(await cache.get(`${key}x`)).toBeUndefined();
      expect(await cache.get(key.toUpperCase())).toBeUndefined();
    });

    it("keeps nothing past its expiry", async () => {
      const cache = await make();
      const key = `expired-${randomUUID()}`;
      await cache.put(key, { uri: "files/old", mimeType: "image/jpeg" }, later(-1_000));
      expect(await cache.get(key)).toBeUndefined();
    });

    it("replaces what a key held, expiry included", async () => {
      const cache = await make();
      const key = `again-${randomUUID()}`;
      await cache.put(key, { uri: "files/first", mimeType: "image/png" }, later(-1_000));
      await cache.put(key, { uri: "files/second", mimeType: "image/webp" }, later(HOUR_MS));
      expect(await cache.get(key)).toEqual({ uri: "files/second", mimeType: "image/webp" });
      await cache.put(key, { uri: "files/third", mimeType: "image/png" }, later(-1_000));
      expect(await cache.get(key)).toBeUndefined();
    });
  });
}
