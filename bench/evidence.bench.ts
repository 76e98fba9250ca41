/**
 * Legible evidence (issue #17 item 3): renders the evidence the answer would show for questions on a generated
 * set (a plan's room areas, opening marks and level; a schedule's quantities and marks) and has native
 * `tesseract` read the saved PNG. Reports the share of asked values read back from the image. A plan's value is
 * shown as the agent zooms: the second-level sector of the drawing block that holds it; a table's or a text's
 * value as the block itself. Every render asks for the grid, as the agent does; the evidence service decides
 * where (and whether) it is drawn, and the DPI.
 *
 *   npx tsx bench/evidence.bench.ts [--per-kind 12] [--label before]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { MupdfPageRenderer } from "../adapters/mupdf/mupdf-page-renderer.js";
import { DocumentService } from "../core/application/document-service.js";
import { EvidenceService } from "../core/application/evidence-service.js";
import type { Block } from "../core/domain/block.js";
import type { BBoxNorm } from "../core/domain/geometry.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { InMemoryRenderCache } from "../core/ports/testing/in-memory-render-cache.js";
import { generateDrawingSet, type PlacedText } from "../fixtures/drawing-set-generator.js";
import { BENCH_OUT } from "./bench-tools.js";

const { values } = parseArgs({ options: { "per-kind": { type: "string", default: "12" }, label: { type: "string", default: "run" } } });
const perKind = Number(values["per-kind"]);
const out = join(BENCH_OUT, `evidence-${values.label}`);
mkdirSync(out, { recursive: true });
if (spawnSync("sh", ["-c", "command -v tesseract"]).status !== 0) throw new Error("native tesseract is needed: apt-get install tesseract-ocr tesseract-ocr-rus");

const owner = "local";
const store = new InMemoryDocumentStore();
const blobs = new InMemoryBlobStorage();
const documents = new DocumentService({ ownerId: owner, store, blobs, parser: new MupdfDocumentParser() });
const renderer = new MupdfPageRenderer();
const evidence = new EvidenceService({ ownerId: owner, store, blobs, renderer, cache: new InMemoryRenderCache({ maxBytes: 256_000_000, ttlMs: 3_600_000 }) });
const { pdf, truth } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 1 }, { kind: "floor-plan", floor: 3 }, { kind: "equipment" }, { kind: "specification" }], seed: "evidence" });
const document = await documents.addDocument({ name: "set.pdf", bytes: pdf }, { ocr: "never" });

const center = (b: BBoxNorm) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;
const contains = (b: BBoxNorm, [x, y]: readonly [number, number]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
/** The second-level sector path (`B2.A1`) of `point` inside `box`. */
function sectorOf(box: BBoxNorm, [x, y]: readonly [number, number]): string {
  let path = "";
  let [x0, y0, x1, y1] = box;
  for (let level = 0; level < 2; level++) {
    const col = Math.min(2, Math.floor(((x - x0) / (x1 - x0)) * 3));
    const row = Math.min(2, Math.floor(((y - y0) / (y1 - y0)) * 3));
    path += `${path ? "." : ""}${"ABC"[col]}${row + 1}`;
    [x0, y0, x1, y1] = [x0 + ((x1 - x0) * col) / 3, y0 + ((y1 - y0) * row) / 3, x0 + ((x1 - x0) * (col + 1)) / 3, y0 + ((y1 - y0) * (row + 1)) / 3];
  }
  return path;
}
const normal = (s: string) => s.replace(/[\s|]/g, "").replace(/[ВB]/g, "В").replace(/[ОO0]/g, "0").toLowerCase();

interface Question {
  page: number;
  text: PlacedText;
  block: Block;
}
const questions: Question[] = [];
for (const sheet of truth.sheets) {
  const blocks = await store.getBlocks(owner, document.id, { page: sheet.page });
  const roles = sheet.kind === "floor-plan" ? (["area", "mark", "elevation"] as const) : (["table"] as const);
  for (const role of roles) {
    // a value that is more than one character and can be told apart from its neighbours
    const asked = sheet.texts.filter((t) => t.role === role && t.text.length >= 2);
    const step = Math.max(1, Math.floor(asked.length / perKind));
    for (let i = 0; i < asked.length && questions.filter((q) => q.page === sheet.page && q.text.role === role).length < perKind; i += step) {
      const text = asked[i]!;
      const block = blocks.find((b) => b.bboxNorm && contains(b.bboxNorm, center(text.bboxNorm)));
      if (block) questions.push({ page: sheet.page, text, block });
    }
  }
}

const read = new Map<string, { asked: number; read: number }>();
let n = 0;
for (const q of questions) {
  const drawing = q.block.kind === "IMAGE";
  const { image, bytes } = await evidence.render({
    documentId: document.id,
    blockId: q.block.id,
    grid: true,
    ...(drawing ? { sector: sectorOf(q.block.bboxNorm!, center(q.text.bboxNorm)) } : {}),
  });
  const file = join(out, `${String(n++).padStart(3, "0")}-p${q.page}-${q.text.role}.png`);
  writeFileSync(file, bytes);
  const ocr = spawnSync("tesseract", [file, "-", "-l", "rus+eng", "--psm", "11"], { encoding: "utf8" }).stdout;
  const ok = normal(ocr).includes(normal(q.text.text));
  const key = `${q.block.kind.toLowerCase()} ${q.text.role}`;
  const tally = read.get(key) ?? { asked: 0, read: 0 };
  tally.asked++;
  if (ok) tally.read++;
  read.set(key, tally);
  console.error(`${ok ? "read  " : "missed"} ${q.text.text.padEnd(12)} ${key} · ${image.width}×${image.height} @ ${image.dpi} dpi · ${file}`);
}
renderer.close();
const total = [...read.values()].reduce((a, b) => ({ asked: a.asked + b.asked, read: a.read + b.read }), { asked: 0, read: 0 });
console.log(`\nevidence legibility (${values.label}): native tesseract reads the asked value from the saved image`);
console.log("| asked | read | share |\n| --- | --- | --- |");
for (const [key, t] of [...read].sort()) console.log(`| ${key} | ${t.read}/${t.asked} | ${((100 * t.read) / t.asked).toFixed(0)} % |`);
console.log(`| all | ${total.read}/${total.asked} | ${((100 * total.read) / total.asked).toFixed(0)} % |`);
