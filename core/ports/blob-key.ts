import { DomainError } from "../domain/errors.js";
import type { ByteRange } from "./blob-storage.js";

/**
 * Rejects a key that could escape a store's root or that backends would read differently:
 * empty, absolute, `.`/`..` or empty segments, backslashes, NUL and other control characters.
 */
export function assertBlobKey(key: string): void {
  const reason = blobKeyProblem(key);
  if (reason) throw new DomainError("STORAGE.INVALID_KEY", `blob key ${JSON.stringify(key)} is invalid: ${reason}`, { details: { key } });
}

/** A list prefix follows the key rules, except that it may be empty or end with `/`. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === "") return;
  const reason = blobKeyProblem(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  if (reason) throw new DomainError("STORAGE.INVALID_KEY", `blob prefix ${JSON.stringify(prefix)} is invalid: ${reason}`, { details: { prefix } });
}

function blobKeyProblem(key: string): string | undefined {
  if (key.length === 0) return "it is empty";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(key)) return "it contains a control character";
  if (key.includes("\\")) return "it contains a backslash";
  if (key.startsWith("/")) return "it is absolute";
  if (/^[A-Za-z]:/.test(key)) return "it starts with a drive letter";
  for (const segment of key.split("/")) {
    if (segment === "") return "it has an empty path segment";
    if (segment === "." || segment === "..") return `it has a "${segment}" path segment`;
  }
  if (Buffer.byteLength(key) > 1024) return "it is longer than 1024 bytes";
  return undefined;
}

/**
 * Turns a requested range into the inclusive byte span of an object of `size` bytes.
 * The end is clamped to the object (as HTTP does); a start at or past the end, a negative start or
 * an end before the start is a validation error naming the key.
 */
export function resolveByteRange(key: string, size: number, range: ByteRange): ByteRange {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `byte range ${start}-${end} of blob ${key} is invalid`, { details: { key, start, end } });
  }
  if (start >= size) {
    throw new DomainError("VALIDATION.INVALID_INPUT", `byte range ${start}-${end} is outside blob ${key} of ${size} bytes`, {
      details: { key, start, end, size },
    });
  }
  return { start, end: Math.min(end, size - 1) };
}

/** The order `list` yields keys in: UTF-8 bytes, as S3 sorts them. */
export function compareBlobKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
