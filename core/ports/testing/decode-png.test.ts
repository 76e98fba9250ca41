import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeGrayPng } from "../../ocr/gray-png.js";
import { decodePng } from "./decode-png.js";

/** An RGB PNG whose row `y` uses filter `y % 5`, encoded here the way a PNG writer predicts. */
function rgbPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const row = width * 3;
  const raw = new Uint8Array((row + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (row + 1)] = filter;
    for (let x = 0; x < row; x++) {
      const left = x >= 3 ? pixels[y * row + x - 3]! : 0;
      const up = y > 0 ? pixels[(y - 1) * row + x]! : 0;
      const upLeft = x >= 3 && y > 0 ? pixels[(y - 1) * row + x - 3]! : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][filter]!;
      raw[y * (row + 1) + 1 + x] = (pixels[y * row + x]! - predicted) & 0xff;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array())]);
}

describe("decodePng", () => {
  it("reads back grey pixels", () => {
    const pixels = Uint8Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 256);
    expect(decodePng(encodeGrayPng(pixels, 7, 5))).toEqual({ width: 7, height: 5, channels: 1, pixels });
  });

  it("undoes every row filter of an RGB image", () => {
    const pixels = Uint8Array.from({ length: 6 * 10 * 3 }, (_, i) => (i * 89 + (i >> 4) * 13) % 256);
    expect(decodePng(rgbPng(pixels, 6, 10))).toEqual({ width: 6, height: 10, channels: 3, pixels });
  });

  it("refuses a 16-bit image", () => {
    const png = Buffer.from(encodeGrayPng(new Uint8Array(4), 2, 2));
    png[24] = 16;
    expect(() => decodePng(png)).toThrow(/depth 16/);
  });
});
