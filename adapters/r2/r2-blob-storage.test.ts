import { createServer, type Server } from "node:net";
import { GetObjectCommand, ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import { describeBlobStorageContract, pseudoRandomBytes } from "../../core/ports/testing/blob-storage.contract.js";
import { R2BlobStorage } from "./r2-blob-storage.js";
import { r2BlobStorageModule } from "./r2.module.js";
import type { R2Config } from "./r2.config.js";
import { startS3rver, type S3rverHarness } from "./testing/s3rver-harness.js";

const MiB = 1024 * 1024;
let s3: S3rverHarness;
let admin: S3Client;
const opened: R2BlobStorage[] = [];

beforeAll(async () => {
  s3 = await startS3rver();
  admin = new S3Client({
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
});

afterAll(async () => {
  for (const storage of opened) storage.close();
  admin?.destroy();
  await s3?.close();
});

/** A fresh bucket per store, so every contract test starts empty. */
async function freshStorage(overrides: Partial<R2Config> = {}): Promise<R2BlobStorage & { bucket: string }> {
  const config = await s3.createBucket();
  // The smallest part S3 allows, so the contract's 6.5 MB objects go through multipart upload.
  const storage = Object.assign(new R2BlobStorage({ ...config, partSizeBytes: 5 * MiB, ...overrides }), { bucket: config.bucket });
  opened.push(storage);
  return storage;
}

describeBlobStorageContract("R2BlobStorage on s3rver", () => freshStorage(), { signedUrl: true, keepsContentType: true });

// Several stores in one bucket, each under its own key prefix, must behave as separate empty stores.
let sharedBucket: string | undefined;
let prefixCounter = 0;
describeBlobStorageContract(
  "R2BlobStorage on s3rver under a key prefix",
  async () => {
    sharedBucket ??= (await s3.createBucket()).bucket;
    const storage = new R2BlobStorage({
      endpoint: s3.endpoint,
      region: "us-east-1",
      bucket: sharedBucket,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
      partSizeBytes: 5 * MiB,
      keyPrefix: `stores/${++prefixCounter}/`,
    });
    opened.push(storage);
    return storage;
  },
  { signedUrl: true, keepsContentType: true, largeObjectBytes: 5.5 * MiB },
);

describe("R2BlobStorage on s3rver", () => {
  it("uploads a 12 MB stream without length as multipart, byte-exact, and leaves no upload open", async () => {
    const storage = await freshStorage();
    const bytes = pseudoRandomBytes(12 * MiB + 123, 40);
    const before = s3.requests.length;
    const put = await storage.put(
      "tree_docs/big/set.pdf",
      (async function* () {
        for (let offset = 0; offset < bytes.byteLength; offset += 1_000_003) yield bytes.slice(offset, offset + 1_000_003);
      })(),
      { contentType: "application/pdf" },
    );
    expect(put.size).toBe(bytes.byteLength);
    const parts = s3.requests.slice(before).filter((r) => r.startsWith("PUT ") && r.includes("partNumber="));
    expect(parts).toHaveLength(3); // 5 MiB, 5 MiB and the rest
    expect(Buffer.compare(await storage.getBytes("tree_docs/big/set.pdf"), bytes)).toBe(0);
    // Read back with a plain client too: no aws-chunked framing was stored as object bytes.
    const raw = await admin.send(new GetObjectCommand({ Bucket: storage.bucket, Key: "tree_docs/big/set.pdf" }));
    expect(raw.ContentLength).toBe(bytes.byteLength);
    expect(raw.ContentType).toBe("application/pdf");
    const uploads = await admin.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket })).catch(() => undefined);
    expect(uploads?.Uploads ?? []).toEqual([]);
  });

  it("sends a small byte body in a single PutObject", async () => {
    const storage = await freshStorage();
    const before = s3.requests.length;
    await storage.put("small/a.json", new TextEncoder().encode("{}"), { contentType: "application/json" });
    expect(s3.requests.slice(before)).toEqual([`PUT /${storage.bucket}/small/a.json?x-id=PutObject`]);
    expect((await storage.head("small/a.json")).contentType).toBe("application/json");
  });

  it("aborts the multipart upload when the body fails after the first part", async () => {
    const storage = await freshStorage();
    const error = await storage
      .put(
        "half/upload.bin",
        (async function* () {
          yield pseudoRandomBytes(6 * MiB, 41);
          throw new Error("source PDF unreadable");
        })(),
      )
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("source PDF unreadable");
    const uploads = await admin.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket })).catch(() => undefined);
    expect(uploads?.Uploads ?? []).toEqual([]);
    expect(s3.requests.some((r) => r.startsWith("DELETE ") && r.includes("uploadId="))).toBe(true);
    await expect(storage.head("half/upload.bin")).rejects.toMatchObject({ code: "STORAGE.NOT_FOUND" });
  });

  it("builds public URLs from publicBaseUrl, encoding each key segment", async () => {
    const probe = await freshStorage();
    const storage = await freshStorage({ bucket: probe.bucket, publicBaseUrl: `${s3.endpoint}/${probe.bucket}/` });
    await storage.put("evidence/ПР 1.png", new Uint8Array([137, 80, 78, 71]));
    const url = storage.publicUrl!("evidence/ПР 1.png");
    expect(url).toBe(`${s3.endpoint}/${probe.bucket}/evidence/%D0%9F%D0%A0%201.png`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
    expect(() => storage.publicUrl!("../x")).toThrow(/invalid/);
    expect(probe.publicUrl).toBeUndefined();
  });

  it("keeps its keys under keyPrefix in the bucket and hides the prefix from callers", async () => {
    const plain = await freshStorage();
    const prefixed = await freshStorage({ bucket: plain.bucket, keyPrefix: "aizoomdoc/" });
    await prefixed.put("evidence/a.png", new Uint8Array([1]));
    await plain.put("other/b.txt", new Uint8Array([2]));
    expect((await collect(prefixed.list(""))).map((h) => h.key)).toEqual(["evidence/a.png"]);
    expect((await collect(plain.list(""))).map((h) => h.key)).toEqual(["aizoomdoc/evidence/a.png", "other/b.txt"]);
    const raw = await admin.send(new GetObjectCommand({ Bucket: plain.bucket, Key: "aizoomdoc/evidence/a.png" }));
    expect(raw.ContentLength).toBe(1);
    expect(() => new R2BlobStorage({ bucket: "docs", accessKeyId: "k", secretAccessKey: "s", keyPrefix: "../x/" })).toThrow(/keyPrefix/);
    expect(() => new R2BlobStorage({ bucket: "docs", accessKeyId: "k", secretAccessKey: "s", keyPrefix: "aizoomdoc" })).toThrow(/keyPrefix/);
  });

  it("refuses signed URL lifetimes S3 cannot honour", async () => {
    const storage = await freshStorage();
    await expect(storage.signedUrl("a", 0)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(storage.signedUrl("a", 8 * 24 * 3600)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
  });

  it("names a missing bucket and its endpoint", async () => {
    const storage = new R2BlobStorage({ endpoint: s3.endpoint, bucket: "no-such-bucket", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true });
    opened.push(storage);
    const error = await storage.getBytes("a").catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.UNAVAILABLE");
    expect((error as Error).message).toContain("no-such-bucket");
    expect((error as Error).message).toContain(s3.endpoint);
  });

  it("is bound as the one BlobStorage by its container module, opened on first resolve", async () => {
    const container = new Container();
    container.load(r2BlobStorageModule(await s3.createBucket()));
    const storage = await container.getAsync<BlobStorage>(BlobStorage);
    expect(storage).toBeInstanceOf(R2BlobStorage);
    expect(await container.getAsync<BlobStorage>(BlobStorage)).toBe(storage);
    await storage.put("m/a.txt", new TextEncoder().encode("ok"));
    expect(new TextDecoder().decode(await storage.getBytes("m/a.txt"))).toBe("ok");
    await container.unbindAll();
  });
});

describe("R2BlobStorage against an unusable endpoint", () => {
  let silent: Server;
  let silentPort: number;
  beforeAll(async () => {
    // Accepts connections and never answers: a hung proxy or an overloaded gateway.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    silent.close();
  });

  it("reports connection refused as STORAGE.UNAVAILABLE naming endpoint and bucket", async () => {
    const closedPort = await freePort();
    const storage = new R2BlobStorage({
      endpoint: `http://127.0.0.1:${closedPort}`,
      bucket: "docs",
      accessKeyId: "k",
      secretAccessKey: "s",
      forcePathStyle: true,
      maxAttempts: 1,
    });
    opened.push(storage);
    const attempts = [() => storage.head("a/b.md"), () => storage.put("a/b.md", new Uint8Array([1])), () => collect(storage.list("a/"))];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(DomainError.isInstance(error) && error.code, String(error)).toBe("STORAGE.UNAVAILABLE");
      expect((error as Error).message).toContain(`bucket docs at http://127.0.0.1:${closedPort}`);
      expect((error as DomainError).isRetryable).toBe(true);
    }
  });

  it("gives up on a silent endpoint after the request timeout", async () => {
    const storage = new R2BlobStorage({
      endpoint: `http://127.0.0.1:${silentPort}`,
      bucket: "docs",
      accessKeyId: "k",
      secretAccessKey: "s",
      forcePathStyle: true,
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    opened.push(storage);
    const started = Date.now();
    const error = await storage.head("a").catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code, String(error)).toBe("STORAGE.UNAVAILABLE");
    expect((error as Error).message).toContain(`127.0.0.1:${silentPort}`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
