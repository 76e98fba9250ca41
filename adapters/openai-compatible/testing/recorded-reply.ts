import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WireReply } from "./openai-wire-replies.js";

const recordings = fileURLToPath(new URL("../fixtures/recorded/", import.meta.url));

/**
 * A recorded reply (see fixtures/recorded/README.md), served byte for byte with its status and headers:
 * `HTTP/1.1 <status> <reason>`, header lines, a blank line, the body.
 */
export function recordedReply(name: string): Extract<WireReply, { kind: "raw" }> {
  const text = readFileSync(`${recordings}${name}.http`, "utf8");
  const split = text.indexOf("\n\n");
  const [statusLine = "", ...headerLines] = text.slice(0, split).split("\n");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  const { "content-type": contentType, ...rest } = headers;
  if (!Number.isInteger(status) || !contentType) throw new Error(`recording ${name} has no status line or Content-Type`);
  return { kind: "raw", status, contentType, body: text.slice(split + 2), headers: rest };
}
