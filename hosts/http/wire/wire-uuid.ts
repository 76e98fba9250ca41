import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

/** Fixed namespace of our name-based UUIDs (random once; changing it changes every derived id). */
const NAMESPACE = hexToBytes("5b2f0d7e4c1a4e0f9a3d6c8b2e7f1a40");

/**
 * A stable RFC 9562 version-5 UUID for one of our ids that is not a UUID (evidence images are `img-<hex>`): the
 * Python client parses `images[].id` as a UUID and fails on anything else. The wire keeps our own id beside it.
 */
export function wireUuid(name: string): string {
  // a pure hash (no node:crypto) so that the wire schemas bundle for the browser client
  const bytes = sha1(concatBytes(NAMESPACE, utf8ToBytes(name))).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
