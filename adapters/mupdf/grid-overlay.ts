import * as mupdf from "mupdf";
import { GRID_COLUMNS, GRID_ROWS } from "../../core/domain/sector.js";

/** MuPDF's built-in Helvetica: labels never depend on the fonts installed on the machine. */
let labelFont: mupdf.Font | undefined;
const LINE_COLOR: mupdf.Color = [0.85, 0.1, 0.1];
const WHITE: mupdf.Color = [1, 1, 1];

/**
 * Draw the 3×3 sector grid (columns A–C left to right, rows 1–3 top to bottom) over a rendered region, with each
 * label in the top-left corner of its sector on a white box so it stays readable over dense drawings.
 */
export function drawGrid(pixmap: mupdf.Pixmap): void {
  labelFont ??= new mupdf.Font("Helvetica");
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const colorSpace = pixmap.getColorSpace() ?? mupdf.ColorSpace.DeviceRGB;
  const gray = colorSpace.getNumberOfComponents() === 1;
  const color = (c: mupdf.Color): mupdf.Color => (gray ? [0.3 * c[0] + 0.59 * (c[1] ?? 0) + 0.11 * (c[2] ?? 0)] : c);
  const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
  try {
    const lineWidth = Math.max(2, Math.min(width, height) / 400);
    const stroke = new mupdf.StrokeState({ lineCap: "Butt", lineJoin: "Miter", lineWidth, miterLimit: 10 });
    const lines = new mupdf.Path();
    for (let i = 1; i < GRID_COLUMNS.length; i++) {
      lines.moveTo((i * width) / GRID_COLUMNS.length, 0);
      lines.lineTo((i * width) / GRID_COLUMNS.length, height);
    }
    for (let i = 1; i < GRID_ROWS; i++) {
      lines.moveTo(0, (i * height) / GRID_ROWS);
      lines.lineTo(width, (i * height) / GRID_ROWS);
    }
    device.strokePath(lines, stroke, mupdf.Matrix.identity, colorSpace, color(LINE_COLOR), 0.8);

    const size = Math.min(96, Math.max(14, Math.min(width, height) / 20));
    const pad = size * 0.3;
    for (let row = 0; row < GRID_ROWS; row++) {
      GRID_COLUMNS.forEach((column, col) => {
        const x = (col * width) / GRID_COLUMNS.length + pad + lineWidth;
        const y = (row * height) / GRID_ROWS + pad + lineWidth + size * 0.8;
        const text = new mupdf.Text();
        text.showString(labelFont!, [size, 0, 0, -size, x, y], `${column}${row + 1}`);
        const [tx0, ty0, tx1, ty1] = text.getBounds(stroke, mupdf.Matrix.identity);
        const box = new mupdf.Path();
        box.rect(tx0 - pad / 2, ty0 - pad / 2, tx1 + pad / 2, ty1 + pad / 2);
        device.fillPath(box, false, mupdf.Matrix.identity, colorSpace, color(WHITE), 0.9);
        device.fillText(text, mupdf.Matrix.identity, colorSpace, color(LINE_COLOR), 1);
      });
    }
  } finally {
    device.close();
    device.destroy();
  }
}
