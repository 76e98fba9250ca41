/**
 * OCR quality and cost (issue 8):
 * - character error rate against the fixture's known text, on an A1 sheet whose text is drawn as outlines and on
 *   the same sheet scanned at 300 DPI (noise, skew), with the codes that must be read exactly;
 * - throughput on A1 sheets at 300 DPI: the same glyph tiles read by tesseract.js with 1 and 2 workers and by
 *   the native `tesseract` command (one process per tile, 1 and 2 at a time);
 * - ingestion time OCR adds on a set where half the sheets need it (`--ocr never` vs `--ocr auto`).
 *
 * The outlined floor plan is read twice, without and with the second look at small text (`smallTextPerPage: 0`
 * and the default), and its small roles (axis letters, 5-pt labels, marks, level marks) are counted.
 *
 *   npx tsx bench/ocr.bench.ts [--sheets 50] [--quality-only]
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { MupdfPageRenderer } from "../adapters/mupdf/mupdf-page-renderer.js";
import { TesseractTextRecognizer } from "../adapters/tesseract/tesseract-text-recognizer.js";
import { DocumentService } from "../core/application/document-service.js";
import { OcrService } from "../core/application/ocr-service.js";
import { eraseGraphics } from "../core/ocr/graphics-filter.js";
import type { OcrSettingsInput } from "../core/ocr/ocr-settings.js";
import { planTiles } from "../core/ocr/tiling.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";
import { ocrSheetSet, outlineText } from "../fixtures/ocr-sheets.js";
import { scoreOcr } from "../fixtures/ocr-truth.js";

const { values } = parseArgs({ options: { sheets: { type: "string", default: "50" }, "quality-only": { type: "boolean", default: false } } });
const sheets = Number(values.sheets);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function services(workers: number, settings: OcrSettingsInput = {}) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const recognizer = new TesseractTextRecognizer({ workers });
  const ocr = new OcrService({ ownerId: "local", store, blobs, renderer: new MupdfPageRenderer(), recognizer, settings: { concurrency: workers, ...settings } });
  const documents = new DocumentService({ ownerId: "local", store, blobs, parser: new MupdfDocumentParser(), ocr: ocr.ingestionStep });
  return { store, recognizer, documents };
}

console.log(`# OCR bench — ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}, ${new Date().toISOString()}\n`);

// 1. quality
const set = await ocrSheetSet();
const plan = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: "ocr-bench" });
const outlinedPlan = outlineText(plan.pdf);
const floorPlan = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: "ocr-bench" });
{
  const { store, recognizer, documents } = services(2);
  console.log("| sheet (A1, 300 DPI) | CER | characters | codes exact | OCR time |\n|---|---|---|---|---|");
  for (const [name, pdf, truth] of [
    ["outlined CAD text", set.outlined, set.truth.sheets[0]!.texts],
    ["scan (noise, 0.3° skew, JPEG)", set.scanned, set.scannedTexts(1)],
  ] as const) {
    const started = performance.now();
    const document = await documents.addDocument({ name: `${name}.pdf`, bytes: pdf });
    const elapsed = performance.now() - started;
    const score = scoreOcr(truth, await store.getBlocks("local", document.id));
    console.log(
      `| ${name} | ${(score.cer * 100).toFixed(2)} % | ${score.characters} | ${score.codes.exact}/${score.codes.expected}${score.codes.missed.length ? ` (missed ${score.codes.missed.join("; ")})` : ""} | ${seconds(elapsed)} s |`,
    );
  }
  await recognizer.close();
}
{
  const truth = floorPlan.truth.sheets[0]!.texts;
  const small = ["axis", "label", "mark", "elevation"] as const;
  console.log(`\noutlined floor plan (A1, 300 DPI; 5–11 pt labels, axes, marks), read without and with the second look at small text\n`);
  console.log(`| first pass | CER | ${small.map((r) => `${r} read`).join(" | ")} | OCR time |\n|---|---|${small.map(() => "---|").join("")}---|`);
  for (const [name, settings] of [["300 DPI only", { smallTextPerPage: 0 }], ["+ second look (default)", {}]] as const) {
    const { store, recognizer, documents } = services(2, settings);
    const started = performance.now();
    const document = await documents.addDocument({ name: "floor-plan.pdf", bytes: outlineText(floorPlan.pdf) });
    const elapsed = performance.now() - started;
    const blocks = await store.getBlocks("local", document.id);
    const read = small.map((role) => {
      const asked = truth.filter((t) => t.role === role);
      return `${asked.filter((t) => scoreOcr([t], blocks).errors === 0).length}/${asked.length}`;
    });
    console.log(`| ${name} | ${(scoreOcr(truth, blocks).cer * 100).toFixed(2)} % | ${read.join(" | ")} | ${seconds(elapsed)} s |`);
    await recognizer.close();
  }
}
if (values["quality-only"]) process.exit(0);

// 2. throughput on the same glyph tiles
const renderer = new MupdfPageRenderer();
const tiles: Array<{ pixels: Uint8Array; width: number; height: number }> = [];
for (const page of [1, 2]) {
  for (const tile of planTiles({ pageWidth: 2384, pageHeight: 1684, dpi: 300, tilePixels: 2400, overlapPixels: 160, maxTilePixels: 9_000_000 })) {
    const image = await renderer.renderGray(outlinedPlan, "bench-plan", { page, region: tile.region, dpi: 300, maxPixels: 9_000_000 });
    const glyphs = eraseGraphics(image.pixels, image.width, image.height, 300);
    if (glyphs.inkLeft >= 30) tiles.push({ pixels: glyphs.pixels, width: image.width, height: image.height });
  }
}
const megapixels = tiles.reduce((n, t) => n + t.width * t.height, 0) / 1e6;
const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-ocr-bench-"));
const files = tiles.map((t, i) => {
  const file = join(dir, `tile-${i}.pgm`);
  writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${t.width} ${t.height}\n255\n`), Buffer.from(t.pixels)]));
  return file;
});
console.log(`\n${tiles.length} glyph tiles (${megapixels.toFixed(0)} MP) from 2 outlined A1 sheets (floor plan + specification) at 300 DPI, PSM 3, rus+eng\n`);
console.log("| reader | wall time | tiles/s | MP/s | words |\n|---|---|---|---|---|");
for (const workers of [1, 2]) {
  const recognizer = new TesseractTextRecognizer({ workers });
  await recognizer.recognize({ image: tiles[0]!.pixels, raw: { width: tiles[0]!.width, height: tiles[0]!.height }, dpi: 300, languages: ["rus", "eng"] });
  let words = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < tiles.length) {
        const t = tiles[next++]!;
        const result = await recognizer.recognize({ image: t.pixels, raw: { width: t.width, height: t.height }, dpi: 300, languages: ["rus", "eng"] });
        words += result.lines.reduce((n, l) => n + l.words.length, 0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  console.log(`| tesseract.js 7 (WASM), ${workers} worker${workers > 1 ? "s" : ""} | ${seconds(elapsed)} s | ${((tiles.length * 1000) / elapsed).toFixed(2)} | ${((megapixels * 1000) / elapsed).toFixed(2)} | ${words} |`);
  await recognizer.close();
}
const native = spawnSync("sh", ["-c", "command -v tesseract"], { encoding: "utf8" }).stdout.trim();
if (!native) console.log("| native tesseract | not installed (apt-get install tesseract-ocr tesseract-ocr-rus) | | | |");
else {
  const version = spawnSync(native, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
  for (const parallel of [1, 2]) {
    let words = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < files.length) {
          const file = files[next++]!;
          const text = await new Promise<string>((resolve, reject) => {
            const child = spawn(native, [file, "-", "-l", "rus+eng", "--psm", "3", "--dpi", "300"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
            let out = "";
            child.stdout.on("data", (d: Buffer) => (out += d.toString()));
            child.on("error", reject);
            child.on("close", () => resolve(out));
          });
          words += text.split(/\s+/).filter(Boolean).length;
        }
      }),
    );
    const elapsed = performance.now() - started;
    console.log(`| native ${version}, ${parallel} process${parallel > 1 ? "es" : ""} at a time | ${seconds(elapsed)} s | ${((files.length * 1000) / elapsed).toFixed(2)} | ${((megapixels * 1000) / elapsed).toFixed(2)} | ${words} |`);
  }
}
rmSync(dir, { recursive: true, force: true });

// 3. ingestion time OCR adds: every second sheet of the set has its text outlined
const mixed = generateDrawingSet({ sheets, seed: "ocr-ingest" });
const outlinedPages = new Set(Array.from({ length: sheets }, (_, i) => i + 1).filter((n) => n % 2 === 0));
const pdf = outlineText(mixed.pdf, outlinedPages);
console.log(`\n${sheets}-sheet A1 set, ${outlinedPages.size} sheets with outlined text (no text layer), 2 workers\n`);
console.log("| ingestion | wall time | per sheet | OCR blocks |\n|---|---|---|---|");
let baseline = 0;
for (const ocr of ["never", "auto"] as const) {
  const { store, recognizer, documents } = services(2);
  const started = performance.now();
  const document = await documents.addDocument({ name: `set-${ocr}.pdf`, bytes: pdf }, { ocr });
  const elapsed = performance.now() - started;
  const ocrBlocks = (await store.getBlocks("local", document.id)).filter((b) => b.source.startsWith("ocr:")).length;
  if (ocr === "never") baseline = elapsed;
  const added = ocr === "auto" ? ` (+${seconds(elapsed - baseline)} s, ${((elapsed - baseline) / 1000 / outlinedPages.size).toFixed(1)} s per OCR sheet)` : "";
  console.log(`| --ocr ${ocr} | ${seconds(elapsed)} s${added} | ${(elapsed / 1000 / sheets).toFixed(2)} s | ${ocrBlocks} |`);
  await recognizer.close();
}
renderer.close();
