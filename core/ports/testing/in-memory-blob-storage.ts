import { createHash } from "node:crypto";
import { notFound } from "../../domain/errors.js";
import { assertBlobKey, assertBlobPrefix, compareBlobKeys, resolveByteRange } from "../blob-key.js";
import type { BlobHead, BlobStorage, ByteRange } from "../blob-storage.js";

interface StoredBlob {
  bytes: Uint8Array;
  head: BlobHead;
}

/** Verified fake of `BlobStorage` (passes the same contract suite as the filesystem and S3 stores). */
export class InMemoryBlobStorage implements BlobStorage {
  private readonly blobs = new Map<string, StoredBlob>();

  async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, options: { contentType?: string } = {}): Promise<BlobHead> {
    assertBlobKey(key);
    // Collect the whole body before touching the map, so a failing stream leaves the old object in place.
    const bytes = body instanceof Uint8Array ? Uint8Array.from(body) : await collect(body);
    const head: BlobHead = {
      key,
      size: bytes.byteLength,
      ...(options.contentType ? { contentType: options.contentType } : {}),
      etag: `"${createHash("md5").update(bytes).digest("hex")}"`,
      lastModified: new Date(),
    };
    this.blobs.set(key, { bytes, head });
    return { ...head };
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
    const { bytes } = this.find(key);
    const span = range ? resolveByteRange(key, bytes.byteLength, range) : undefined;
    const slice = span ? bytes.slice(span.start, span.end + 1) : bytes.slice();
    return (async function* () {
      yield slice;
    })();
  }

  async getBytes(key: string): Promise<Uint8Array> {
    return this.find(key).bytes.slice();
  }

  async head(key: string): Promise<BlobHead> {
    return { ...this.find(key).head };
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    this.blobs.delete(key);
  }

  async *list(prefix: string): AsyncIterable<BlobHead> {
    assertBlobPrefix(prefix);
    const keys = [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort(compareBlobKeys);
    for (const key of keys) {
      const blob = this.blobs.get(key);
      if (blob) yield { ...blob.head };
    }
  }

  private find(key: string): StoredBlob {
    assertBlobKey(key);
    const blob = this.blobs.get(key);
    if (!blob) throw notFound("STORAGE.NOT_FOUND", `blob ${key}`);
    return blob;
  }
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(Uint8Array.from(chunk));
    size += chunk.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
