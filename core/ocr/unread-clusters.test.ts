import { describe, expect, it } from "vitest";
import { unreadClusters } from "./unread-clusters.js";

/** A white 300×120 tile with dark rectangles. */
function tile(rects: Array<[number, number, number, number]>): Uint8Array {
  const pixels = new Uint8Array(300 * 120).fill(255);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) pixels.fill(0, y * 300 + x0, y * 300 + x1);
  return pixels;
}

describe("unreadClusters", () => {
  // two 5-pt letters at 300 DPI (about 15 px tall, 4 px apart) and, far to the right, a lone axis digit
  const letters: Array<[number, number, number, number]> = [
    [40, 50, 50, 65],
    [54, 50, 64, 65],
    [200, 40, 212, 73],
  ];

  it("joins the letters of one label and keeps separate labels apart", () => {
    const clusters = unreadClusters(tile(letters), 300, 120, 300, []).sort((a, b) => a.box[0] - b.box[0]);
    expect(clusters).toHaveLength(2);
    expect(clusters[0]!.box[0]).toBeLessThanOrEqual(40);
    expect(clusters[0]!.box[2]).toBeGreaterThanOrEqual(64);
    expect(clusters[1]!.box[0]).toBeGreaterThanOrEqual(195);
  });

  it("leaves out what a confident word explains, specks, tall shapes and clusters cut by the tile edge", () => {
    const read: Array<[number, number, number, number]> = [[38, 48, 66, 67]];
    const shapes: Array<[number, number, number, number]> = [...letters, [120, 60, 122, 62], [150, 0, 170, 120], [290, 50, 300, 65]];
    const clusters = unreadClusters(tile(shapes), 300, 120, 300, read);
    expect(clusters.map((c) => c.box[0])).toEqual([198]);
  });
});
