export interface BlobHead {
  key: string;
  size: number;
  contentType?: string;
  etag?: string;
  lastModified?: Date;
}

export interface ByteRange {
  /** Inclusive start offset. */
  start: number;
  /** Inclusive end offset. */
  end: number;
}

export const BlobStorage = Symbol.for("aizoomdoc.BlobStorage");

/**
 * Object storage for sources, crops and evidence images.
 *
 * Contract:
 * - Keys are `/`-separated relative paths; a key that is absolute, contains `..`, a backslash or a NUL is
 *   rejected with `STORAGE.INVALID_KEY` (a key can never escape the store's root).
 * - `put` is atomic: readers see the old object or the whole new one, never a partial write.
 * - `get`/`head` of a missing key throw `STORAGE.NOT_FOUND`; `delete` of a missing key is a no-op.
 * - Unreachable backends throw `STORAGE.UNAVAILABLE` naming the backend.
 */
export interface BlobStorage {
  put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, options?: { contentType?: string }): Promise<BlobHead>;
  get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>>;
  getBytes(key: string): Promise<Uint8Array>;
  head(key: string): Promise<BlobHead>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<BlobHead>;
  /** A time-limited URL for direct download, where the backend supports it. */
  signedUrl?(key: string, expiresInSeconds: number): Promise<string>;
}
