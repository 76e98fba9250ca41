import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { afterAll, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { errorCodeOf } from "../../core/ports/testing/domain-error-of.js";
import { describeTextRecognizerContract, type DrawnImage } from "../../core/ports/testing/text-recognizer.contract.js";
import { locateLanguages } from "./tessdata-locator.js";
import { SYSTEM_TESSDATA_DIRS } from "./tesseract.config.js";
import { TesseractTextRecognizer } from "./tesseract-text-recognizer.js";

/** Lines of 10 pt Times set one under another, rendered to raw grey at `dpi`. */
function drawLines(lines: string[], dpi = 300): DrawnImage {
  const buffer = new mupdf.Buffer();
  const writer = new mupdf.DocumentWriter(buffer, "pdf", "");
  const device = writer.beginPage([0, 0, 300, 40 + 16 * lines.length]);
  const font = new mupdf.Font("Times-Roman");
  lines.forEach((line, i) => {
    const text = new mupdf.Text();
    text.showString(font, [10, 0, 0, -10, 20, 30 + 16 * i], line);
    device.fillText(text, mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, [0, 0, 0], 1);
  });
  writer.endPage();
  writer.close();
  const document = mupdf.Document.openDocument(buffer.asUint8Array(), "application/pdf");
  const pixmap = document.loadPage(0).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const image = new Uint8Array(pixmap.getPixels().slice(0, width * height));
  pixmap.destroy();
  document.destroy();
  return { image, raw: { width, height }, dpi };
}

const hasRus = locateLanguages(["rus"], SYSTEM_TESSDATA_DIRS).missing.length === 0;
if (!hasRus) console.warn("skipping the Russian tesseract tests: no rus.traineddata in the system tessdata folders (apt-get install tesseract-ocr-rus)");

describe.skipIf(!hasRus)("TesseractTextRecognizer with Russian data", () => {
  describeTextRecognizerContract("TesseractTextRecognizer", async () => ({
    recognizer: new TesseractTextRecognizer({ workers: 1 }),
    draw: async (lines) => drawLines(lines),
    blank: async () => drawLines([]),
  }));

  it("reads a mixed Russian line with its codes and a ruled-table row at PSM 3", async () => {
    const recognizer = new TesseractTextRecognizer({ workers: 1 });
    try {
      const drawn = drawLines(["Помещение 101 В2 В21 ГОСТ 21.101"]);
      const result = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, dpi: 300, languages: ["rus", "eng"] });
      expect(result.lines.map((l) => l.text)).toEqual(["Помещение 101 В2 В21 ГОСТ 21.101"]);
    } finally {
      await recognizer.close();
    }
  });

  it("reads Cyrillic letters only when asked, and as usual on the next call", async () => {
    const recognizer = new TesseractTextRecognizer({ workers: 1 });
    try {
      const drawn = drawLines(["Room DN50 Sun"]);
      const read = (script?: "cyrillic") =>
        recognizer.recognize({ image: drawn.image, raw: drawn.raw, dpi: 300, languages: ["rus", "eng"], layout: "block", ...(script ? { script } : {}) });
      const restricted = (await read("cyrillic")).lines.map((l) => l.text).join(" ");
      expect(restricted).not.toMatch(/[A-Za-z]/);
      expect(restricted).toMatch(/50/);
      // the restriction was for that call only
      expect((await read()).lines.map((l) => l.text).join(" ")).toMatch(/^Room DN.*Sun$/);
    } finally {
      await recognizer.close();
    }
  });
});

describe("TesseractTextRecognizer without Russian data", () => {
  const empty = mkdtempSync(join(tmpdir(), "aizoomdoc-no-tessdata-"));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("warns once with the install hint and reads English from the npm package, without any download", async () => {
    const warnings: string[] = [];
    const recognizer = new TesseractTextRecognizer({ tessdataDir: empty, systemDirs: [], workers: 1 }, (m) => warnings.push(m));
    try {
      const started = Date.now();
      const drawn = drawLines(["Sheet 12 of 40"]);
      const first = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, dpi: 300, languages: ["rus", "eng"] });
      await recognizer.recognize({ image: drawn.image, raw: drawn.raw, dpi: 300, languages: ["rus", "eng"] });
      expect(first.languages).toEqual(["eng"]);
      expect(first.lines.map((l) => l.text)).toEqual(["Sheet 12 of 40"]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/rus\.traineddata.*apt-get install tesseract-ocr-rus.*brew install tesseract-lang/);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await recognizer.close();
    }
  });

  it("fails fast with OCR.UNAVAILABLE when no language is there at all", async () => {
    const recognizer = new TesseractTextRecognizer({ tessdataDir: empty, systemDirs: [], languages: ["rus"] }, () => undefined);
    const started = Date.now();
    const drawn = drawLines(["x"]);
    const error = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, languages: ["rus"] }).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("OCR.UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(1000);
    await recognizer.close();
  });

  it("treats corrupt language data as missing: OCR.UNAVAILABLE at once instead of a crash or a hang", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-bad-tessdata-"));
    writeFileSync(join(dir, "rus.traineddata"), new Uint8Array(200_000).fill(7));
    const warnings: string[] = [];
    const recognizer = new TesseractTextRecognizer({ tessdataDir: dir, systemDirs: [], languages: ["rus"] }, (m) => warnings.push(m));
    try {
      const started = Date.now();
      const drawn = drawLines(["x"]);
      const error = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, languages: ["rus"] }).catch((e: unknown) => e);
      expect(DomainError.isInstance(error) && error.code).toBe("OCR.UNAVAILABLE");
      expect(Date.now() - started).toBeLessThan(1000);
      expect(warnings[0]).toMatch(/no rus\.traineddata/);
    } finally {
      await recognizer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("replaces a worker that hangs past the timeout, and the next call still reads", async () => {
    const recognizer = new TesseractTextRecognizer({ systemDirs: [], languages: ["eng"], workers: 1, recognizeTimeoutMs: 1 }, () => undefined);
    const patient = new TesseractTextRecognizer({ systemDirs: [], languages: ["eng"], workers: 1 }, () => undefined);
    try {
      const drawn = drawLines(["Sheet 7"]);
      const error = await recognizer.recognize({ image: drawn.image, raw: drawn.raw, languages: ["eng"] }).catch((e: unknown) => e);
      expect(DomainError.isInstance(error) && error.code).toBe("OCR.FAILED");
      expect((error as Error).message).toMatch(/took longer/);
      const result = await patient.recognize({ image: drawn.image, raw: drawn.raw, languages: ["eng"] });
      expect(result.lines.map((l) => l.text)).toEqual(["Sheet 7"]);
    } finally {
      await recognizer.close();
      await patient.close();
    }
  });

  it("stops a call cancelled while the worker reads, and the next call still reads", async () => {
    const recognizer = new TesseractTextRecognizer({ systemDirs: [], languages: ["eng"], workers: 1 }, () => undefined);
    try {
      const small = drawLines(["Sheet 8"]);
      await recognizer.recognize({ image: small.image, raw: small.raw, languages: ["eng"] });
      const notes = drawLines(Array.from({ length: 40 }, (_, i) => `Note ${i + 1}: dimensions are given in millimetres`));
      const controller = new AbortController();
      const reading = recognizer.recognize({ image: notes.image, raw: notes.raw, languages: ["eng"], signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      const started = Date.now();
      expect(await errorCodeOf(reading)).toBe("OPERATION.CANCELLED");
      expect(Date.now() - started).toBeLessThan(500);
      const again = await recognizer.recognize({ image: small.image, raw: small.raw, languages: ["eng"] });
      expect(again.lines.map((l) => l.text)).toEqual(["Sheet 8"]);
    } finally {
      await recognizer.close();
    }
  });

  it("refuses a raw image above the pixel cap with a one-line OCR.FAILED", async () => {
    const recognizer = new TesseractTextRecognizer({ maxImagePixels: 1000 }, () => undefined);
    const error = await recognizer.recognize({ image: new Uint8Array(100 * 100), raw: { width: 100, height: 100 }, languages: ["eng"] }).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("OCR.FAILED");
    expect(String((error as Error).message)).toMatch(/100×100.*cap/);
    await recognizer.close();
  });
});
