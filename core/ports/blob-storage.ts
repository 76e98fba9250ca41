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
 * - Keys are `/`-separated relative paths; a key that is empty, absolute, has `.`/`..`/empty segments, a
 *   backslash, a NUL or another control character is rejected with `STORAGE.INVALID_KEY` (a key can never
 *   escape the store's root); `assertBlobKey` in `blob-key.ts` is the one check every adapter uses.
 *   A key should not also be a folder of other keys (`a` and `a/b`): object stores allow it, a filesystem
 *   store rejects the second one with `STORAGE.INVALID_KEY`.
 * - `put` is atomic: readers see the old object or the whole new one, never a partial write; a body stream
 *   that fails leaves the previous object (or none) in place.
 * - `get` checks existence before it resolves; a range's end is clamped to the object, a start past the end
 *   is `VALIDATION.INVALID_INPUT` (see `resolveByteRange`). Read its stream to the end or stop it (`break`,
 *   `return()`): a network store holds a connection until then.
 * - `get`/`getBytes`/`head` of a missing key throw `STORAGE.NOT_FOUND`; `delete` of a missing key is a no-op.
 * - `list(prefix)` is a plain string-prefix match over whole keys (recursive, not by folder), in ascending
 *   UTF-8 byte order of the key (the S3 order; `compareBlobKeys`).
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
  /** A permanent unsigned URL, where the store is served publicly (e.g. an R2 bucket's public domain). */
  publicUrl?(key: string): string;
}
