import { beforeEach, describe, expect, it } from "vitest";
import type { BlobStorage } from "../blob-storage.js";
import { errorCodeOf } from "./domain-error-of.js";

export interface BlobStorageContractCapabilities {
  /** `signedUrl` is implemented; the suite fetches the URL over HTTP (loopback only). */
  signedUrl: boolean;
  /** `head` returns the content type given to `put` (a filesystem store infers it from the extension instead). */
  keepsContentType: boolean;
  /** Size of the large streamed objects; 6 MB and more crosses the S3 multipart threshold. Default 6.5 MB. */
  largeObjectBytes?: number;
}

/** Returns an empty store; called before every test. Cleanup belongs to the caller's own hooks. */
export type BlobStorageFactory = () => BlobStorage | Promise<BlobStorage>;

/** The behaviour every `BlobStorage` adapter must show (core/ports/blob-storage.ts), the in-memory fake included. */
export function describeBlobStorageContract(name: string, factory: BlobStorageFactory, capabilities: BlobStorageContractCapabilities): void {
  const largeSize = capabilities.largeObjectBytes ?? 6.5 * 1024 * 1024;

  describe(`BlobStorage contract: ${name}`, () => {
    let storage: BlobStorage;
    beforeEach(async () => {
      storage = await factory();
    });

    it("round-trips bytes and reports them in put's result and in head", async () => {
      const bytes = pseudoRandomBytes(1000, 1);
      const put = await storage.put("tree_docs/doc-1/sheet_document.md", bytes, { contentType: "text/markdown" });
      expect(put).toMatchObject({ key: "tree_docs/doc-1/sheet_document.md", size: 1000 });
      expect(await storage.getBytes("tree_docs/doc-1/sheet_document.md")).toEqual(bytes);
      const head = await storage.head("tree_docs/doc-1/sheet_document.md");
      expect(head).toMatchObject({ key: "tree_docs/doc-1/sheet_document.md", size: 1000 });
      expect(head.etag).toBe(put.etag);
      expect(head.lastModified?.getTime()).toBeGreaterThan(Date.now() - 60_000);
      if (capabilities.keepsContentType) expect(head.contentType).toBe("text/markdown");
    });

    it("keeps Cyrillic keys and empty objects", async () => {
      const key = "tree_docs/133_23-ГК-АР4 изм.7/лист 1.md";
      await storage.put(key, new TextEncoder().encode("Перемычки ПР-1"));
      expect(new TextDecoder().decode(await storage.getBytes(key))).toBe("Перемычки ПР-1");
      await storage.put("empty/bytes", new Uint8Array(0));
      await storage.put("empty/stream", chunksOf(new Uint8Array(0), 1));
      expect((await storage.head("empty/bytes")).size).toBe(0);
      expect((await storage.head("empty/stream")).size).toBe(0);
      expect(await storage.getBytes("empty/stream")).toEqual(new Uint8Array(0));
    });

    it("stores a large stream of unknown length byte-exact and streams it back", async () => {
      const bytes = pseudoRandomBytes(largeSize, 2);
      const put = await storage.put("large/stream.bin", chunksOf(bytes, 64 * 1024 + 17));
      expect(put.size).toBe(largeSize);
      const back = await readAll(await storage.get("large/stream.bin"));
      expect(back.byteLength).toBe(largeSize);
      expect(Buffer.compare(back, bytes)).toBe(0);
      expect(Buffer.compare(await storage.getBytes("large/stream.bin"), bytes)).toBe(0);
    });

    it("stores a large Uint8Array byte-exact", async () => {
      const bytes = pseudoRandomBytes(largeSize, 3);
      await storage.put("large/buffer.bin", bytes);
      expect(Buffer.compare(await storage.getBytes("large/buffer.bin"), bytes)).toBe(0);
    });

    it("reads inclusive byte ranges, clamps the end and refuses a start past the end", async () => {
      const bytes = pseudoRandomBytes(1000, 4);
      await storage.put("ranges/a.bin", bytes);
      expect(await readAll(await storage.get("ranges/a.bin", { start: 0, end: 0 }))).toEqual(bytes.slice(0, 1));
      expect(await readAll(await storage.get("ranges/a.bin", { start: 10, end: 19 }))).toEqual(bytes.slice(10, 20));
      expect(await readAll(await storage.get("ranges/a.bin", { start: 990, end: 5000 }))).toEqual(bytes.slice(990));
      expect(await errorCodeOf(storage.get("ranges/a.bin", { start: 1000, end: 1010 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(storage.get("ranges/a.bin", { start: 5, end: 4 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(storage.get("ranges/missing.bin", { start: 0, end: 1 }))).toBe("STORAGE.NOT_FOUND");
    });

    it("reads a range across chunk boundaries of a streamed object", async () => {
      const bytes = pseudoRandomBytes(300_000, 5);
      await storage.put("ranges/streamed.bin", chunksOf(bytes, 65_536));
      const back = await readAll(await storage.get("ranges/streamed.bin", { start: 65_000, end: 200_000 }));
      expect(Buffer.compare(back, bytes.slice(65_000, 200_001))).toBe(0);
    });

    it("overwrites an object whole", async () => {
      await storage.put("over/write.txt", pseudoRandomBytes(5000, 6));
      const replacement = pseudoRandomBytes(10, 7);
      const put = await storage.put("over/write.txt", replacement);
      expect(put.size).toBe(10);
      expect(await storage.getBytes("over/write.txt")).toEqual(replacement);
      expect((await storage.head("over/write.txt")).size).toBe(10);
    });

    it("never shows a partial write: readers see the old object until the new one is complete", async () => {
      const before = pseudoRandomBytes(2000, 8);
      await storage.put("atomic/obj.bin", before);
      const after = pseudoRandomBytes(200_000, 9);
      const gate = deferred();
      const firstChunkSent = deferred();
      const writing = storage.put(
        "atomic/obj.bin",
        (async function* () {
          yield after.slice(0, 100_000);
          firstChunkSent.resolve();
          await gate.promise;
          yield after.slice(100_000);
        })(),
      );
      await firstChunkSent.promise;
      expect(await storage.getBytes("atomic/obj.bin")).toEqual(before);
      expect((await storage.head("atomic/obj.bin")).size).toBe(2000);
      gate.resolve();
      await writing;
      expect(Buffer.compare(await storage.getBytes("atomic/obj.bin"), after)).toBe(0);
    });

    it("keeps the previous object when the body stream fails", async () => {
      const before = pseudoRandomBytes(3000, 10);
      await storage.put("atomic/failing.bin", before);
      const failing = (async function* () {
        yield pseudoRandomBytes(50_000, 11);
        throw new Error("disk unplugged");
      })();
      await expect(storage.put("atomic/failing.bin", failing)).rejects.toThrow();
      expect(await storage.getBytes("atomic/failing.bin")).toEqual(before);
      await expect(storage.put("atomic/never.bin", (async function* () {
        yield new Uint8Array(10);
        throw new Error("network cut");
      })())).rejects.toThrow();
      expect(await errorCodeOf(storage.head("atomic/never.bin"))).toBe("STORAGE.NOT_FOUND");
      expect(await keysOf(storage.list("atomic/"))).toEqual(["atomic/failing.bin"]);
    });

    it("gives a reader that already opened an object a consistent body when the object is replaced", async () => {
      const before = pseudoRandomBytes(150_000, 12);
      const after = pseudoRandomBytes(150_000, 13);
      await storage.put("atomic/reader.bin", before);
      const reading = await storage.get("atomic/reader.bin");
      await storage.put("atomic/reader.bin", after);
      const seen = await readAll(reading);
      expect(Buffer.compare(seen, before) === 0 || Buffer.compare(seen, after) === 0).toBe(true);
    });

    it("reports missing keys as STORAGE.NOT_FOUND and deletes idempotently", async () => {
      expect(await errorCodeOf(storage.get("missing/a.bin"))).toBe("STORAGE.NOT_FOUND");
      expect(await errorCodeOf(storage.getBytes("missing/a.bin"))).toBe("STORAGE.NOT_FOUND");
      expect(await errorCodeOf(storage.head("missing/a.bin"))).toBe("STORAGE.NOT_FOUND");
      await storage.delete("missing/a.bin");
      await storage.put("gone/a.bin", new Uint8Array([1, 2, 3]));
      await storage.delete("gone/a.bin");
      expect(await errorCodeOf(storage.head("gone/a.bin"))).toBe("STORAGE.NOT_FOUND");
      await storage.delete("gone/a.bin");
      expect(await keysOf(storage.list("gone/"))).toEqual([]);
    });

    it("lists by plain string prefix, recursively, in UTF-8 byte order", async () => {
      const keys = ["docs/b/d.png", "docs/a.md", "docsx/e", "docs/b/c.png", "other/f", "docs/я.md", "docs/Z.md"];
      for (const [i, key] of keys.entries()) await storage.put(key, pseudoRandomBytes(i + 1, 20 + i));
      expect(await keysOf(storage.list("docs/"))).toEqual(["docs/Z.md", "docs/a.md", "docs/b/c.png", "docs/b/d.png", "docs/я.md"]);
      expect(await keysOf(storage.list("docs/b"))).toEqual(["docs/b/c.png", "docs/b/d.png"]);
      expect(await keysOf(storage.list("docs"))).toHaveLength(6);
      expect(await keysOf(storage.list("nothing/"))).toEqual([]);
      const all: Array<[string, number]> = [];
      for await (const head of storage.list("")) all.push([head.key, head.size]);
      expect(all).toHaveLength(7);
      expect(all).toContainEqual(["other/f", 5]);
      expect(all).toContainEqual(["docs/b/d.png", 1]);
    });

    it("lists more keys than one backend page holds", async () => {
      const count = 1005;
      for (let batch = 0; batch < count; batch += 50) {
        const indexes = Array.from({ length: Math.min(50, count - batch) }, (_, i) => batch + i);
        await Promise.all(indexes.map((i) => storage.put(`many/${String(i).padStart(4, "0")}`, new Uint8Array([i % 256]))));
      }
      const listed = await keysOf(storage.list("many/"));
      expect(listed).toHaveLength(count);
      expect(listed[0]).toBe("many/0000");
      expect(listed[count - 1]).toBe("many/1004");
    });

    it("refuses keys that could escape the root, in every operation", async () => {
      const bad = ["", "/etc/passwd", "../outside", "a/../../b", "a/./b", "a\\..\\b", "a\u0000b", "a//b", "a/", "C:/x", "a\nb"];
      for (const key of bad) {
        const what = JSON.stringify(key);
        expect(await errorCodeOf(storage.put(key, new Uint8Array([1])), what), what).toBe("STORAGE.INVALID_KEY");
        expect(await errorCodeOf(storage.get(key), what), what).toBe("STORAGE.INVALID_KEY");
        expect(await errorCodeOf(storage.getBytes(key), what), what).toBe("STORAGE.INVALID_KEY");
        expect(await errorCodeOf(storage.head(key), what), what).toBe("STORAGE.INVALID_KEY");
        expect(await errorCodeOf(storage.delete(key), what), what).toBe("STORAGE.INVALID_KEY");
      }
      for (const prefix of ["../", "/abs", "a//", "a\\b"]) {
        const what = JSON.stringify(prefix);
        expect(await errorCodeOf(keysOf(storage.list(prefix)), what), what).toBe("STORAGE.INVALID_KEY");
      }
      expect(await keysOf(storage.list(""))).toEqual([]);
    });

    if (capabilities.signedUrl) {
      it("hands out a signed URL that downloads the object", async () => {
        const bytes = pseudoRandomBytes(4096, 30);
        await storage.put("signed/a.pdf", bytes, { contentType: "application/pdf" });
        const url = await storage.signedUrl!("signed/a.pdf", 60);
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
        expect(await errorCodeOf(storage.signedUrl!("../x", 60))).toBe("STORAGE.INVALID_KEY");
      });
    } else {
      it("leaves signedUrl undefined when the backend cannot sign", () => {
        expect(storage.signedUrl).toBeUndefined();
      });
    }
  });
}

/** Deterministic bytes (xorshift32), so failures reproduce and compression cannot hide a bug. */
export function pseudoRandomBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

async function* chunksOf(bytes: Uint8Array, chunkSize: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
    yield bytes.slice(offset, offset + chunkSize);
    // Yield to the event loop now and then, as a network or file stream would.
    if ((offset / chunkSize) % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

async function keysOf(list: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const head of list) keys.push(head.key);
  return keys;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
