import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeGrayPng } from "./gray-png.js";

/** The chunks of a PNG after its 8-byte signature, each with its stored CRC. */
function chunks(png: Uint8Array): Array<{ type: string; data: Buffer; crc: string }> {
  const bytes = Buffer.from(png);
  const found = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    found.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length), crc: bytes.toString("hex", offset + 8 + length, offset + 12 + length) });
    offset += 12 + length;
  }
  return found;
}

describe("encodeGrayPng", () => {
  it("writes an 8-bit greyscale PNG whose chunks carry the standard CRCs and whose rows inflate back", () => {
    const png = encodeGrayPng(new Uint8Array([0, 255, 7, 9]), 2, 2);
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const [header, data, end] = chunks(png);
    expect(header).toMatchObject({ type: "IHDR", data: Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]) });
    // CRC-32 of "IHDR" and those 13 bytes, and of the empty IEND chunk, as every PNG reader checks them
    expect(header!.crc).toBe("57dd52f8");
    expect(end).toEqual({ type: "IEND", data: Buffer.alloc(0), crc: "ae426082" });
    expect([...inflateSync(data!.data)]).toEqual([0, 0, 255, 0, 7, 9]);
  });
});
