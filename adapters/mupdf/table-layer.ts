import * as mupdf from "mupdf";
import type { Rect } from "./page-layout.js";

/** Path bounds of fills ignore stroke width. */
const NO_STROKE = new mupdf.StrokeState({ lineCap: "Butt", lineJoin: "Miter", lineWidth: 0, miterLimit: 10 });

/**
 * A copy of the page content that MuPDF's table detection can read: the text, and only the paths near the
 * candidate regions that are not much larger than them. The sheet frame and other enclosing shapes would
 * otherwise make the segmenter treat the whole region as one block and find no table (measured: a framed
 * sheet yields no table with `clip-rect` alone). The caller destroys the returned list.
 *
 * The filter runs over the page itself, not over a display list: paths replayed from a display list are packed
 * in the list's memory, and the JS wrappers MuPDF hands to a custom device would outlive them (measured: a
 * use-after-free in a later garbage collection).
 */
export function tableLayer(page: mupdf.Page, regions: readonly Rect[], bounds: mupdf.Rect): mupdf.DisplayList {
  const keep = (b: mupdf.Rect) =>
    regions.some(
      (r) =>
        b[0] < r[2] && r[0] < b[2] && b[1] < r[3] && r[1] < b[3] && b[2] - b[0] <= 1.5 * (r[2] - r[0]) + 4 && b[3] - b[1] <= 1.5 * (r[3] - r[1]) + 4,
    );
  const layer = new mupdf.DisplayList(bounds);
  const target = new mupdf.DisplayListDevice(layer);
  const filter = new mupdf.Device({
    strokePath(path, stroke, ctm, colorSpace, color, alpha) {
      if (keep(path.getBounds(stroke, ctm))) target.strokePath(path, stroke, ctm, colorSpace, color as mupdf.Color, alpha);
    },
    fillPath(path, evenOdd, ctm, colorSpace, color, alpha) {
      if (keep(path.getBounds(NO_STROKE, ctm))) target.fillPath(path, evenOdd, ctm, colorSpace, color as mupdf.Color, alpha);
    },
    fillText(text, ctm, colorSpace, color, alpha) {
      target.fillText(text, ctm, colorSpace, color as mupdf.Color, alpha);
    },
  });
  try {
    page.run(filter, mupdf.Matrix.identity);
  } finally {
    filter.close();
    target.close();
    filter.destroy();
    target.destroy();
  }
  return layer;
}
