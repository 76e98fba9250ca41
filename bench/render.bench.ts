/**
 * ROI render latency at 300 DPI on a heavy A1 sheet (DESIGN §10): cold (document not open yet), warm (document
 * and page open, another region), cached (evidence service answering from the disk render cache), against native
 * `mutool draw -r 300` of the same region (a one-page copy whose CropBox is the region; mutool 1.21 has no clip
 * option) and of the whole sheet (what rasterise-then-crop would cost). Also the pixel cap on a whole-sheet ROI.
 *
 *   npx tsx bench/render.bench.ts [--sheets 50] [--runs 20]
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as mupdf from "mupdf";
import { DiskRenderCache } from "../adapters/local/disk-render-cache.js";
import { MupdfPageRenderer } from "../adapters/mupdf/mupdf-page-renderer.js";
import { EvidenceService } from "../core/application/evidence-service.js";
import type { BBoxNorm } from "../core/domain/geometry.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { BENCH_OUT, ensureMutool, heavySet, measure, ratio, timed } from "./bench-tools.js";

const { values } = parseArgs({ options: { sheets: { type: "string", default: "50" }, runs: { type: "string", default: "20" } } });
const runs = Number(values.runs);
const ROI: BBoxNorm = [0.3, 0.3, 0.55, 0.55];
const WARM_ROIS: BBoxNorm[] = [
  [0.05, 0.1, 0.3, 0.35],
  [0.4, 0.5, 0.65, 0.75],
  [0.1, 0.6, 0.35, 0.85],
  [0.5, 0.05, 0.75, 0.3],
  [0.2, 0.3, 0.45, 0.55],
];
const MAX_PIXELS = 12_000_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time<T>(run: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const { seconds, cpuSeconds, value } = await measure(run);
  return { ms: seconds * 1000, cpuMs: cpuSeconds * 1000, value };
}

/** A one-page copy of page 1 whose CropBox is `region`, so a native renderer draws exactly that region. */
function croppedCopy(pdf: Uint8Array, region: BBoxNorm, out: string): { width: number; height: number } {
  const document = new mupdf.PDFDocument(pdf);
  document.rearrangePages([0]);
  const page = document.loadPage(0);
  const [x0, y0, x1, y1] = page.getBounds();
  const box: mupdf.Rect = [x0 + region[0] * (x1 - x0), y0 + region[1] * (y1 - y0), x0 + region[2] * (x1 - x0), y0 + region[3] * (y1 - y0)];
  page.setPageBox("CropBox", box);
  writeFileSync(out, document.saveToBuffer("").asUint8Array());
  const check = new mupdf.PDFDocument(readFileSync(out)).loadPage(0).getBounds();
  return { width: check[2] - check[0], height: check[3] - check[1] };
}

async function main() {
  const file = heavySet(Number(values.sheets));
  const pdf = new Uint8Array(readFileSync(file));
  const version = "bench-source";
  const request = { page: 1, region: ROI, dpi: 300, maxPixels: MAX_PIXELS };

  // cold: a renderer that has never opened the file (the first one in the process also pays the WASM heap growth)
  const first = await time(() => new MupdfPageRenderer().render(pdf, version, request));
  const colds: number[] = [];
  const coldCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const cold = await time(() => new MupdfPageRenderer().render(pdf, `${version}-${i}`, request));
    colds.push(cold.ms);
    coldCpu.push(cold.cpuMs);
  }
  const renderer = new MupdfPageRenderer();
  await renderer.render(pdf, version, request);
  const warms: number[] = [];
  const warmCpu: number[] = [];
  for (const region of WARM_ROIS) {
    const warm = await time(() => renderer.render(pdf, version, { ...request, region }));
    warms.push(warm.ms);
    warmCpu.push(warm.cpuMs);
  }
  const capped = await renderer.render(pdf, version, { ...request, region: [0, 0, 1, 1] });

  // cached: the evidence service over a disk render cache, after one render of the region
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const probe = new mupdf.PDFDocument(pdf).loadPage(0).getBounds();
  await store.saveDocument(
    {
      id: "bench-doc",
      ownerId: "bench",
      name: "heavy.pdf",
      sourceKind: "pdf",
      sourceKey: "sources/bench-doc.pdf",
      sourceVersion: version,
      pageCount: 1,
      pages: [{ number: 1, width: probe[2] - probe[0], height: probe[3] - probe[1], rotation: 0, needsOcr: false }],
      createdAt: new Date().toISOString(),
    },
    [],
  );
  await blobs.put("sources/bench-doc.pdf", pdf);
  const cacheDir = mkdtempSync(join(tmpdir(), "aizoomdoc-bench-cache-"));
  const cache = await DiskRenderCache.open({ dir: cacheDir });
  const evidence = new EvidenceService({ ownerId: "bench", store, blobs, renderer, cache });
  const spec = { documentId: "bench-doc", page: 1, bbox: ROI, dpi: 300, grid: false };
  const firstThroughService = await time(() => evidence.render(spec));
  const cached: number[] = [];
  for (let i = 0; i < runs; i++) cached.push((await time(() => evidence.render(spec))).ms);
  if ((await cache.size()) === 0) throw new Error("the render cache stayed empty");
  const restarted = await DiskRenderCache.open({ dir: cacheDir });
  const afterRestart = new EvidenceService({ ownerId: "bench", store, blobs, renderer: new MupdfPageRenderer(), cache: restarted });
  const restartHit = await time(() => afterRestart.render(spec));

  const mutool = ensureMutool();
  const rows = [
    `## ROI render at 300 DPI, heavy A1 sheet (page 1 of the generated set); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    "",
    `ROI ${ROI.join(",")} → ${first.value.width}×${first.value.height} px (${((first.value.width * first.value.height) / 1e6).toFixed(1)} MP), PNG.`,
    "",
    "| case | ms | note |",
    "|---|---|---|",
    `| cold, first render in the process | ${first.ms.toFixed(0)} | opens the file, builds the page's display list, grows the WASM heap |`,
    `| cold (document not open) | ${median(colds).toFixed(0)} | median of ${colds.length}; CPU ${median(coldCpu).toFixed(0)} ms (all threads) |`,
    `| warm (document + page open, other regions) | ${median(warms).toFixed(0)} | median of ${warms.length}; CPU ${median(warmCpu).toFixed(0)} ms (all threads) |`,
    `| evidence service, cache miss | ${firstThroughService.ms.toFixed(0)} | render + disk cache write + blob store |`,
    `| cached (evidence service, disk cache hit) | ${median(cached).toFixed(2)} | median of ${runs}; max ${Math.max(...cached).toFixed(2)} |`,
    `| cached after a restart (new cache instance) | ${restartHit.ms.toFixed(2)} | index rebuilt from the files |`,
  ];
  if (mutool) {
    const cropFile = join(BENCH_OUT, "heavy-a1-roi.pdf");
    const crop = croppedCopy(pdf, ROI, cropFile);
    const nativeRoi = timed(mutool, ["draw", "-q", "-r", "300", "-o", join(BENCH_OUT, "roi-native.png"), cropFile, "1"]);
    const nativeFull = timed(mutool, ["draw", "-q", "-r", "300", "-o", join(BENCH_OUT, "full-native.png"), file, "1"]);
    rows.push(
      `| mutool draw -r 300, same region (CropBox copy, ${Math.round(crop.width)}×${Math.round(crop.height)} pt) | ${(nativeRoi.seconds * 1000).toFixed(0)} | process start + open + render + PNG; CPU ${(nativeRoi.cpuSeconds * 1000).toFixed(0)} ms |`,
      `| mutool draw -r 300, whole sheet | ${(nativeFull.seconds * 1000).toFixed(0)} | rasterise-then-crop baseline; CPU ${(nativeFull.cpuSeconds * 1000).toFixed(0)} ms |`,
      "",
      `Ratios: cold ours/native-ROI ${ratio(median(colds), nativeRoi.seconds * 1000)}, warm ${ratio(median(warms), nativeRoi.seconds * 1000)}, cached ${ratio(median(cached), nativeRoi.seconds * 1000)}.`,
    );
  } else rows.push("", "mutool unavailable (apt-get failed): no native baseline.");
  rows.push(
    "",
    `Pixel cap: whole sheet requested at 300 DPI → ${capped.width}×${capped.height} px at ${capped.dpi} DPI (capped=${capped.capped}, cap ${MAX_PIXELS / 1e6} MP).`,
  );
  console.log(rows.join("\n"));
  renderer.close();
}

await main();
