import type * as mupdf from "mupdf";

/** Copy pixels out of WASM memory (the view dies with the pixmap), dropping any row padding. */
export function packedCopy(pixmap: mupdf.Pixmap, width: number, height: number, channels: number): Buffer {
  const view = pixmap.getPixels();
  const stride = pixmap.getStride();
  const row = width * channels;
  if (stride === row) return Buffer.from(view.buffer.slice(view.byteOffset, view.byteOffset + row * height));
  const out = Buffer.allocUnsafe(row * height);
  for (let y = 0; y < height; y++) out.set(view.subarray(y * stride, y * stride + row), y * row);
  return out;
}
