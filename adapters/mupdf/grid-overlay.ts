// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import * as mupdf from "mupdf";
import type { BBoxNorm } from "../../core/domain/geometry.js";
import { GRID_COLUMNS, GRID_ROWS } from "../../core/domain/sector.js";
import { packedCopy } from "./packed-copy.js";

/** MuPDF's built-in Helvetica: labels never depend on the fonts installed on the machine. */
let labelFont: mupdf.Font | undefined;
const MARK_COLOR: mupdf.Color = [0.8, 0.1, 0.1];
/** A light grey margin tells at a glance where the drawing ends and the grid's frame begins. */
const MARGIN_COLOR: mupdf.Color = [0.94, 0.94, 0.94];
const FRAME_COLOR: mupdf.Color = [0.55, 0.55, 0.55];

/**
 * Pixels of margin on each side of a `width`×`height` content area: a twentieth of its short side, so labels
 * stay in proportion when an LLM sees the image downscaled, and at least 24 px so a label is still a few
 * readable pixels high on a small crop.
 */
export function gridMargin(width: number, height: number): number {
  return Math.round(Math.min(96, Math.max(24, Math.min(width, height) / 20)));
}

/**
 * The RGB `content` (`width`×`height`, packed) framed by a `margin` on every side that carries the 3×3 sector
 * grid: column letters A–C centred over and under each third of the width, row numbers 1–3 beside each third of
 * the height, ticks at the sector borders. `sectors` (0..1 of the content) is the part the sectors divide; the
 * content is copied in last, byte for byte, so nothing drawn for the grid can touch it.
 */
export function frameWithGrid(content: Buffer, width: number, height: number, margin: number, sectors: BBoxNorm = [0, 0, 1, 1]): Buffer {
  labelFont ??= new mupdf.Font("Helvetica");
  const outerWidth = width + 2 * margin;
  const outerHeight = height + 2 * margin;
  const rgb = mupdf.ColorSpace.DeviceRGB;
  const pixmap = new mupdf.Pixmap(rgb, [0, 0, outerWidth, outerHeight], false);
  try {
    pixmap.clear(255);
    const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
    try {
      const background = new mupdf.Path();
      background.rect(0, 0, outerWidth, outerHeight);
      device.fillPath(background, false, mupdf.Matrix.identity, rgb, MARGIN_COLOR, 1);

      const lineWidth = Math.max(2, Math.round(margin / 16));
      const strokeOf = (lineWidth: number) => new mupdf.StrokeState({ lineCap: "Butt", lineJoin: "Miter", lineWidth, miterLimit: 10 });
      const stroke = strokeOf(lineWidth);
      // a one-pixel frame on the margin's side of the content's edge
      const frame = new mupdf.Path();
      frame.rect(margin - 0.5, margin - 0.5, margin + width + 0.5, margin + height + 0.5);
      device.strokePath(frame, strokeOf(1), mupdf.Matrix.identity, rgb, FRAME_COLOR, 1);

      // ticks reach from the content's edge halfway out into the margin, at every sector border
      const reach = margin * 0.45;
      const columnX = (i: number) => margin + (sectors[0] + (i * (sectors[2] - sectors[0])) / GRID_COLUMNS.length) * width;
      const rowY = (i: number) => margin + (sectors[1] + (i * (sectors[3] - sectors[1])) / GRID_ROWS) * height;
      const ticks = new mupdf.Path();
      for (let i = 0; i <= GRID_COLUMNS.length; i++) {
        const x = columnX(i);
        ticks.moveTo(x, margin - reach);
        ticks.lineTo(x, margin);
        ticks.moveTo(x, margin + height);
        ticks.lineTo(x, margin + height + reach);
      }
      for (let i = 0; i <= GRID_ROWS; i++) {
        const y = rowY(i);
        ticks.moveTo(margin - reach, y);
        ticks.lineTo(margin, y);
        ticks.moveTo(margin + width, y);
        ticks.lineTo(margin + width + reach, y);
      }
      device.strokePath(ticks, stroke, mupdf.Matrix.identity, rgb, MARK_COLOR, 1);

      const size = margin * 0.6;
      const label = (text: string, cx: number, cy: number) => {
        const glyphs = new mupdf.Text();
        glyphs.showString(labelFont!, [size, 0, 0, -size, 0, 0], text);
        const [x0, y0, x1, y1] = glyphs.getBounds(stroke, mupdf.Matrix.identity);
        device.fillText(glyphs, mupdf.Matrix.translate(cx - (x0 + x1) / 2, cy - (y0 + y1) / 2), rgb, MARK_COLOR, 1);
      };
      GRID_COLUMNS.forEach((column, col) => {
        const cx = columnX(col + 0.5);
        label(column, cx, margin / 2);
        label(column, cx, margin + height + margin / 2);
      });
      for (let row = 0; row < GRID_ROWS; row++) {
        const cy = rowY(row + 0.5);
        label(String(row + 1), margin / 2, cy);
        label(String(row + 1), margin + width + margin / 2, cy);
      }
    } finally {
      device.close();
      device.destroy();
    }
    const out = packedCopy(pixmap, outerWidth, outerHeight, 3);
    const row = width * 3;
    for (let y = 0; y < height; y++) content.copy(out, ((margin + y) * outerWidth + margin) * 3, y * row, (y + 1) * row);
    return out;
  } finally {
    pixmap.destroy();
  }
}
