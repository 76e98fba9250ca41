import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentService } from "../../core/application/document-service.js";
import { OcrService } from "../../core/application/ocr-service.js";
import type { Block } from "../../core/domain/block.js";
import type { DocumentRecord } from "../../core/domain/document.js";
import { InMemoryBlobStorage } from "../../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../../core/ports/testing/in-memory-document-store.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { ocrSheetSet, outlineText, type OcrSheetSet } from "../../fixtures/ocr-sheets.js";
import { scoreOcr } from "../../fixtures/ocr-truth.js";
import { MupdfDocumentParser } from "../mupdf/mupdf-document-parser.js";
import { MupdfPageRenderer } from "../mupdf/mupdf-page-renderer.js";
import { locateLanguages } from "./tessdata-locator.js";
import { SYSTEM_TESSDATA_DIRS } from "./tesseract.config.js";
import { TesseractTextRecognizer } from "./tesseract-text-recognizer.js";

const hasRus = locateLanguages(["rus"], SYSTEM_TESSDATA_DIRS).missing.length === 0;
if (!hasRus) console.warn("skipping the OCR pipeline tests: they read Russian and no rus.traineddata is installed (apt-get install tesseract-ocr-rus)");

/** Ingestion with OCR over MuPDF and tesseract, end to end, on sheets whose true text is known. */
describe.skipIf(!hasRus)("OCR of sheets without a text layer (tesseract)", () => {
  let set: OcrSheetSet;
  let recognizer: TesseractTextRecognizer;
  let store: InMemoryDocumentStore;
  let documents: DocumentService;

  beforeAll(async () => {
    set = await ocrSheetSet();
    recognizer = new TesseractTextRecognizer();
    store = new InMemoryDocumentStore();
    const blobs = new InMemoryBlobStorage();
    const ocr = new OcrService({ ownerId: "local", store, blobs, renderer: new MupdfPageRenderer(), recognizer });
    documents = new DocumentService({ ownerId: "local", store, blobs, parser: new MupdfDocumentParser(), ocr: ocr.ingestionStep });
  }, 120_000);
  afterAll(async () => {
    await recognizer?.close();
  });

  /** Ingest (a PDF seen before gives the document already made, with no progress) and the progress lines it printed. */
  async function ingest(name: string, pdf: Uint8Array, ocr: "auto" | "always" = "auto"): Promise<{ document: DocumentRecord; blocks: Block[]; progress: string[] }> {
    const progress: string[] = [];
    const document = await documents.addDocument({ name, bytes: pdf }, { ocr, onProgress: (p) => void (p.message && progress.push(p.message)) });
    return { document, blocks: await store.getBlocks("local", document.id), progress };
  }

  it("reads CAD text drawn as outlines: CER under 2 %, codes exact, the specification table as markdown", async () => {
    const { document, blocks } = await ingest("outlined.pdf", set.outlined);
    expect(document.pages[0]).toMatchObject({ needsOcr: true, ocrEngine: "tesseract" });
    const score = scoreOcr(set.truth.sheets[0]!.texts, blocks);
    console.info(`outlined sheet: CER ${(score.cer * 100).toFixed(2)} % over ${score.characters} characters; codes ${score.codes.exact}/${score.codes.expected}`);
    expect(score.cer).toBeLessThan(0.02);
    for (const code of ["В2", "А3-13*"]) expect(score.codes.missed.filter((m) => m.startsWith(`${code} `))).toEqual([]);
    const table = blocks.find((b) => b.kind === "TABLE" && b.text.includes("Обозначение"))!;
    expect(table.source).toBe("ocr:tesseract");
    expect(table.text).toContain("| Ол-1 | ГОСТ 23166-2021 | Блок оконный ОП В2 1460-2060 |");
    const truthTable = set.truth.sheets[0]!.tables[0]!;
    table.bboxNorm!.forEach((v, i) => expect(Math.abs(v - truthTable.bboxNorm[i]!)).toBeLessThan(0.01));
    for (const b of blocks.filter((b) => b.source === "ocr:tesseract")) expect(b.confidence).toBeGreaterThan(0.5);
  });

  it("reads a 300-DPI scan with noise and skew: CER under 5 %, codes exact", async () => {
    const { document, blocks } = await ingest("scanned.pdf", set.scanned);
    expect(document.pages[0]!.ocrEngine).toBe("tesseract");
    const score = scoreOcr(set.scannedTexts(1), blocks);
    console.info(`scanned sheet: CER ${(score.cer * 100).toFixed(2)} % over ${score.characters} characters; codes ${score.codes.exact}/${score.codes.expected}`);
    expect(score.cer).toBeLessThan(0.05);
    for (const code of ["В2", "А3-13*"]) expect(score.codes.missed.filter((m) => m.startsWith(`${code} `))).toEqual([]);
  });

  it("reads an outlined floor plan room by room", async () => {
    const plan = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "ocr-bench" });
    const { blocks, progress } = await ingest("outlined-plan.pdf", outlineText(plan.pdf));
    // the user sees how many small texts the second look read
    expect(progress.join("\n")).toMatch(/\d+ of \d+ small texts read on a second look/);
    // each room's number, name and area make one block; the wall grid is no table
    const rooms = blocks.filter((b) => b.kind === "TEXT" && /^2\.\d\d\n/.test(b.text));
    expect(rooms.length).toBeGreaterThanOrEqual(10);
    for (const table of blocks.filter((b) => b.kind === "TABLE")) {
      const [x0, y0, x1, y1] = table.bboxNorm!;
      expect((x1 - x0) * (y1 - y0)).toBeLessThan(0.15);
    }
  });

  it("reads axis letters and small labels the first pass misses by a second look at a higher DPI", async () => {
    const plan = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "ocr-bench" });
    const pdf = outlineText(plan.pdf);
    const truth = plan.truth.sheets[0]!.texts;
    const readOf = (blocks: Block[], role: "axis" | "label" | "mark") => truth.filter((t) => t.role === role && scoreOcr([t], blocks).errors === 0).length;
    const firstStore = new InMemoryDocumentStore();
    const firstBlobs = new InMemoryBlobStorage();
    const firstOnly = new OcrService({ ownerId: "local", store: firstStore, blobs: firstBlobs, renderer: new MupdfPageRenderer(), recognizer, settings: { smallTextPerPage: 0 } });
    const firstDocuments = new DocumentService({ ownerId: "local", store: firstStore, blobs: firstBlobs, parser: new MupdfDocumentParser(), ocr: firstOnly.ingestionStep });
    const without = await firstStore.getBlocks("local", (await firstDocuments.addDocument({ name: "first-pass.pdf", bytes: pdf })).id);
    const { blocks } = await ingest("small-text.pdf", pdf);
    const before = { axis: readOf(without, "axis"), label: readOf(without, "label"), mark: readOf(without, "mark") };
    const after = { axis: readOf(blocks, "axis"), label: readOf(blocks, "label"), mark: readOf(blocks, "mark") };
    console.info(
      `outlined floor plan: axis letters ${before.axis} → ${after.axis} of 28, 5-pt labels ${before.label} → ${after.label} of 40, marks ${before.mark} → ${after.mark} of 52 with the second look`,
    );
    // the tiles read the window marks Ол-1 as Latin On-1; read again alone in Cyrillic, they are right
    const latinMarks = (of: Block[]) => of.filter((b) => /On-\d/.test(b.text)).length;
    expect(latinMarks(without)).toBeGreaterThan(0);
    expect(latinMarks(blocks)).toBe(0);
    expect(after.mark).toBeGreaterThan(before.mark);
    // the English model claims the shapes of Д: door marks Д1 read as Al, Ai or A, the axis Д as A; read again with
    // Cyrillic letters only they come back (4-5 of 7 marks and both axes, against none)
    const readOfTexts = (of: Block[], role: "axis" | "mark", text: string) => truth.filter((t) => t.role === role && t.text === text && scoreOcr([t], of).errors === 0).length;
    const doors = { before: readOfTexts(without, "mark", "Д1"), after: readOfTexts(blocks, "mark", "Д1") };
    const axesД = { before: readOfTexts(without, "axis", "Д"), after: readOfTexts(blocks, "axis", "Д") };
    console.info(`door marks Д1 ${doors.before} → ${doors.after} of 7, axis Д ${axesД.before} → ${axesД.after} of 2`);
    expect(doors.after).toBeGreaterThanOrEqual(4);
    expect(axesД.after).toBe(truth.filter((t) => t.role === "axis" && t.text === "Д").length);
    expect(after.mark).toBeGreaterThanOrEqual(48);
    // 5-pt codes the tiles read wrong with confidence (082.3 for ОВ2.3) are read again: 26 of 40 without that, 28 with
    expect(after.label).toBeGreaterThanOrEqual(27);
    expect(after.axis).toBeGreaterThanOrEqual(25);
    expect(after.axis).toBeGreaterThan(before.axis + 10);
    expect(after.label).toBeGreaterThan(before.label);
    expect(scoreOcr(truth, blocks).cer).toBeLessThan(scoreOcr(truth, without).cer);
  });

  it("never repeats text-layer text, even when OCR is forced on a page that has it", async () => {
    const { blocks } = await ingest("text-layer.pdf", generateDrawingSet({ sheets: [{ kind: "specification" }], seed: "ocr" }).pdf, "always");
    const layer = new Set(blocks.filter((b) => b.source === "text-layer").flatMap((b) => b.text.split(/[\s|]+/)));
    const repeated = blocks.filter((b) => b.source === "ocr:tesseract").flatMap((b) => b.text.split(/[\s|]+/)).filter((w) => w.length >= 3 && layer.has(w));
    expect(repeated).toEqual([]);
  });

  it("reads an unruled equipment schedule drawn as outlines as one TABLE whose rows keep mark, name and quantity", async () => {
    const generated = generateDrawingSet({ sheets: [{ kind: "equipment" }], seed: "ocr-equipment" });
    const { blocks } = await ingest("equipment.pdf", outlineText(generated.pdf));
    const schedule = generated.truth.sheets[0]!.tables[0]!;
    const table = blocks.find((b) => b.kind === "TABLE" && b.meta?.ocr && b.text.includes("Наименование"));
    expect(table?.source).toBe("ocr:tesseract");
    const lines = table!.text.split("\n");
    // OCR may miss a short mark or a digit; what it reads of a row stays on that row's markdown line
    const lineOf = (row: string[]) => lines.find((line) => line.includes(row[2]!));
    for (const row of schedule.rows) expect(lineOf(row)).toContain(row[1]!.split(" ").slice(0, 2).join(" "));
    const withQuantity = schedule.rows.filter((row) => lineOf(row)?.includes(`| ${row[3]} |`));
    console.info(`outlined equipment schedule: ${schedule.rows.length} rows whole by name and type, ${withQuantity.length} with their quantity read`);
    expect(withQuantity.length).toBeGreaterThanOrEqual(schedule.rows.length / 2);
    table!.bboxNorm!.forEach((v, i) => expect(Math.abs(v - schedule.bboxNorm[i]!)).toBeLessThan(0.01));
  });
});
