import * as mupdf from "mupdf";

/** Builds small PDFs for tests with MuPDF's own writer (y-down page coordinates, built-in fonts with Cyrillic). */
export class SamplePdf {
  private readonly buffer = new mupdf.Buffer();
  private readonly writer = new mupdf.DocumentWriter(this.buffer, "pdf", "compress");
  private device?: mupdf.Device;
  private readonly font = new mupdf.Font("Times-Roman");
  private readonly colorSpace = mupdf.ColorSpace.DeviceRGB;

  page(width: number, height: number, draw: (page: SamplePage) => void): this {
    this.device = this.writer.beginPage([0, 0, width, height]);
    draw(new SamplePage(this.device, this.font, this.colorSpace));
    this.device.close();
    this.writer.endPage();
    return this;
  }

  bytes(): Uint8Array {
    this.writer.close();
    return this.buffer.asUint8Array().slice();
  }
}

export class SamplePage {
  constructor(
    private readonly device: mupdf.Device,
    private readonly font: mupdf.Font,
    private readonly colorSpace: mupdf.ColorSpace,
  ) {}

  text(x: number, y: number, text: string, size = 10): this {
    const t = new mupdf.Text();
    t.showString(this.font, [size, 0, 0, -size, x, y], text);
    this.device.fillText(t, mupdf.Matrix.identity, this.colorSpace, [0, 0, 0], 1);
    return this;
  }

  line(x0: number, y0: number, x1: number, y1: number, width = 0.5): this {
    const path = new mupdf.Path();
    path.moveTo(x0, y0);
    path.lineTo(x1, y1);
    this.stroke(path, width);
    return this;
  }

  rect(x0: number, y0: number, x1: number, y1: number, width = 0.5): this {
    const path = new mupdf.Path();
    path.rect(x0, y0, x1, y1);
    this.stroke(path, width);
    return this;
  }

  /** A ruled table: `columns` are x positions of the rules, rows of cell text drawn inside. */
  table(columns: number[], top: number, rowHeight: number, rows: string[][], size = 8): this {
    const bottom = top + rowHeight * rows.length;
    for (let r = 0; r <= rows.length; r++) this.line(columns[0]!, top + r * rowHeight, columns[columns.length - 1]!, top + r * rowHeight);
    for (const x of columns) this.line(x, top, x, bottom);
    rows.forEach((row, r) => row.forEach((cell, c) => cell && this.text(columns[c]! + 3, top + r * rowHeight + rowHeight * 0.7, cell, size)));
    return this;
  }

  /** Dense short hatch strokes filling a box, as CAD hatching and detail drawings produce. */
  hatch(x0: number, y0: number, x1: number, y1: number, step = 6): this {
    for (let y = y0; y < y1; y += step) {
      for (let x = x0; x < x1; x += step) {
        const path = new mupdf.Path();
        path.moveTo(x, y + step);
        path.lineTo(x + step, y);
        this.stroke(path, 0.25);
      }
    }
    return this;
  }

  /** A raster image of `pixelWidth`×`pixelHeight` grey pixels placed over the box. */
  image(x0: number, y0: number, x1: number, y1: number, pixelWidth = 64, pixelHeight = 64): this {
    const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, pixelWidth, pixelHeight], false);
    pixmap.clear(128);
    this.device.fillImage(new mupdf.Image(pixmap), [x1 - x0, 0, 0, y1 - y0, x0, y0], 1);
    return this;
  }

  private stroke(path: mupdf.Path, width: number) {
    const stroke = new mupdf.StrokeState({ lineCap: "Butt", lineJoin: "Miter", lineWidth: width, miterLimit: 10 });
    this.device.strokePath(path, stroke, mupdf.Matrix.identity, this.colorSpace, [0, 0, 0], 1);
  }
}

/** A ГОСТ-like title block (штамп) in the bottom-right corner of a `width`×`height` sheet. */
export function drawTitleBlock(page: SamplePage, width: number, height: number, stamp: { cipher: string; sheet: string; title: string }) {
  const right = width - 20;
  const bottom = height - 20;
  const left = right - 520;
  const top = bottom - 160;
  const x = [left, left + 40, left + 110, left + 330, left + 390, left + 455, right];
  page.table(x, top, 20, [
    ["Изм.", "Кол.уч.", stamp.cipher, "", "", ""],
    ["Разраб.", "Иванов", "", "", "", ""],
    ["Пров.", "Петров", "", "Стадия", "Лист", "Листов"],
    ["ГИП", "Сидоров", stamp.title, "Р", stamp.sheet, "12"],
    ["Н.контр.", "Козлов", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["", "", "", "ООО «Проект»", "", ""],
  ]);
}

/** A PDF by hand (for shapes the writer refuses to make); MuPDF rebuilds the missing cross-reference table. */
export function handmadePdf(objects: string[]): Uint8Array {
  const body = objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join("");
  // latin1: one byte per character, so binary stream data can be written as a string
  return new Uint8Array(Buffer.from(`%PDF-1.7\n${body}trailer\n<< /Root 1 0 R /Size ${objects.length + 1} >>\n%%EOF\n`, "latin1"));
}
