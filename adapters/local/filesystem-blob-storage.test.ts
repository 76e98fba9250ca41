import { readdirSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { describeBlobStorageContract } from "../../core/ports/testing/blob-storage.contract.js";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import { FilesystemBlobStorage } from "./filesystem-blob-storage.js";
import { filesystemBlobStorageModule } from "./filesystem-blob-storage.module.js";
import { errorCodeOf } from "../../core/ports/testing/domain-error-of.js";

let base: string;
let counter = 0;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "aizoomdoc-fs-blobs-"));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const freshRoot = () => join(base, `store-${++counter}`, "blobs");

describeBlobStorageContract("FilesystemBlobStorage", () => new FilesystemBlobStorage({ root: freshRoot() }), {
  signedUrl: false,
  keepsContentType: false,
});

describe("FilesystemBlobStorage on disk", () => {
  it("writes each key as a plain file under the root and leaves no temp file behind", async () => {
    const root = freshRoot();
    const storage = new FilesystemBlobStorage({ root });
    await storage.put("tree_docs/doc 1/a_document.md", new TextEncoder().encode("# A"));
    await expect(
      storage.put(
        "tree_docs/doc 1/b.pdf",
        (async function* () {
          yield new Uint8Array(100);
          throw new Error("upload cut");
        })(),
      ),
    ).rejects.toThrow("upload cut");
    expect(await readdir(join(root, "tree_docs", "doc 1"))).toEqual(["a_document.md"]);
  });

  it("never writes outside its root, whatever valid key it gets", async () => {
    const parent = join(base, `escape-${++counter}`);
    const storage = new FilesystemBlobStorage({ root: join(parent, "blobs") });
    for (const key of ["...", "a..b/..c", "~/x", "$HOME/y", "%2e%2e/z", ". /w"]) await storage.put(key, new Uint8Array([1]));
    expect(await readdir(parent)).toEqual(["blobs"]);
    const keys: string[] = [];
    for await (const head of storage.list("")) keys.push(head.key);
    expect(keys.sort()).toEqual([". /w", "$HOME/y", "%2e%2e/z", "...", "a..b/..c", "~/x"].sort());
  });

  it("refuses a key that is also a folder of other keys, in both orders", async () => {
    const storage = new FilesystemBlobStorage({ root: freshRoot() });
    await storage.put("a/b", new Uint8Array([1]));
    expect(await errorCodeOf(storage.put("a", new Uint8Array([2])))).toBe("STORAGE.INVALID_KEY");
    await storage.put("c", new Uint8Array([3]));
    expect(await errorCodeOf(storage.put("c/d", new Uint8Array([4])))).toBe("STORAGE.INVALID_KEY");
    expect(await errorCodeOf(storage.head("a"))).toBe("STORAGE.NOT_FOUND");
    expect(await errorCodeOf(storage.get("a"))).toBe("STORAGE.NOT_FOUND");
    await storage.delete("a");
    expect(await storage.getBytes("a/b")).toEqual(new Uint8Array([1]));
  });

  it("removes emptied folders on delete, so the name can become a key again", async () => {
    const root = freshRoot();
    const storage = new FilesystemBlobStorage({ root });
    await storage.put("x/y/z.bin", new Uint8Array([1]));
    await storage.put("x/keep.bin", new Uint8Array([2]));
    await storage.delete("x/y/z.bin");
    expect(await readdir(join(root, "x"))).toEqual(["keep.bin"]);
    await storage.put("x/y", new Uint8Array([3]));
    expect(await storage.getBytes("x/y")).toEqual(new Uint8Array([3]));
  });

  it("reserves its temp-file names and rejects names the filesystem cannot hold", async () => {
    const storage = new FilesystemBlobStorage({ root: freshRoot() });
    expect(await errorCodeOf(storage.put("a/.aizoomdoc-tmp-123", new Uint8Array([1])))).toBe("STORAGE.INVALID_KEY");
    expect(await errorCodeOf(storage.put(`a/${"я".repeat(200)}`, new Uint8Array([1])))).toBe("STORAGE.INVALID_KEY");
  });

  it("infers the content type from the key's extension", async () => {
    const storage = new FilesystemBlobStorage({ root: freshRoot() });
    await storage.put("e/crop.PDF", new Uint8Array([1]));
    await storage.put("e/raw", new Uint8Array([1]));
    expect((await storage.head("e/crop.PDF")).contentType).toBe("application/pdf");
    expect((await storage.head("e/raw")).contentType).toBeUndefined();
  });

  it("reports a root that cannot be created as STORAGE.UNAVAILABLE naming the folder", async () => {
    const file = join(base, `file-${++counter}`);
    await writeFile(file, "not a folder");
    const storage = new FilesystemBlobStorage({ root: join(file, "blobs") });
    const error = await storage.put("a", new Uint8Array([1])).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.UNAVAILABLE");
    expect(String((error as Error).message)).toContain(join(file, "blobs"));
  });

  it("is bound as the one BlobStorage by its container module", async () => {
    const root = freshRoot();
    const container = new Container();
    container.load(filesystemBlobStorageModule({ root }));
    const storage = container.get<BlobStorage>(BlobStorage);
    expect(container.get<BlobStorage>(BlobStorage)).toBe(storage);
    await storage.put("m/a.txt", new Uint8Array([7]));
    expect(await readdir(join(root, "m"))).toEqual(["a.txt"]);
  });

  it.skipIf(process.platform !== "linux")("holds no file descriptor for streams left unread or abandoned midway", async () => {
    const storage = new FilesystemBlobStorage({ root: freshRoot() });
    await storage.put("fd/big.bin", new Uint8Array(1024 * 1024));
    const openFds = () => readdirSync("/proc/self/fd").length;
    const before = openFds();
    const unread = await Promise.all(Array.from({ length: 50 }, () => storage.get("fd/big.bin")));
    expect(openFds()).toBe(before);
    for (let i = 0; i < 20; i++) {
      for await (const chunk of await storage.get("fd/big.bin", { start: 0, end: 500_000 })) {
        expect(chunk.byteLength).toBeGreaterThan(0);
        break;
      }
    }
    expect(openFds()).toBe(before);
    expect(unread).toHaveLength(50);
  });

  it("rejects a relative root in its config", () => {
    expect(() => new FilesystemBlobStorage({ root: "relative/blobs" })).toThrow(/absolute/);
  });
});

