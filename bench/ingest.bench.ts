/**
 * PDF ingestion throughput and memory (DESIGN §10): a generated heavy A1 set (20 sheets of ~36k paths each, every
 * hatch line, dash and arc chord its own path as real CAD exports write them) ingested by the document
 * service (MuPDF.js parser in the calling thread alone and with a parse worker, in-memory store and blobs) against native
 * `mutool draw -F stext` on the same file,
 * and RSS sampled every 20 pages while parsing a 100-sheet set (memory must stay flat).
 *
 * Ingestion is measured on the sources (under tsx) and on the built code the CLI runs (the bench builds it first),
 * also with the parse worker started ahead as the CLI and the server start theirs, and end to end as `aizoomdoc docs
 * add` on an existing local data dir (start-up, the embedded Postgres, storing the blocks).
 *
 * Native mutool and `docs add` run `--rounds` times, interleaved, and report their median run: on a 2-core VM one run
 * of either varied by ±15 %.
 *
 *   npx tsx bench/ingest.bench.ts [--sheets 20] [--bounded-sheets 100] [--rounds 3]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { DocumentService } from "../core/application/document-service.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { type Measured, ensureMutool, heavySet, measure, ratio, timed, worker } from "./bench-tools.js";

const { values } = parseArgs({
  options: {
    sheets: { type: "string", default: "20" },
    "bounded-sheets": { type: "string", default: "100" },
    rounds: { type: "string", default: "3" },
    worker: { type: "boolean", default: false },
    mode: { type: "string" },
    file: { type: "string" },
    "parse-workers": { type: "string", default: "1" },
    built: { type: "boolean", default: false },
    warm: { type: "boolean", default: false },
  },
  allowPositionals: true,
});

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

/** How far ahead of the document a warmed parse worker starts: less than the CLI's own start-up before it parses. */
const WARM_AHEAD_MS = 2_000;

/** Worker: ingest one file through the document service (sources, or the built code the CLI runs), report time and block count. */
async function ingestWorker(file: string, parseWorkers: number, built: boolean, warm: boolean) {
  const bytes = readFileSync(file);
  const { DocumentService, InMemoryBlobStorage, InMemoryDocumentStore, MupdfDocumentParser } = built ? await builtModules() : sourceModules;
  const service = new DocumentService({
    ownerId: "bench",
    store: new InMemoryDocumentStore(),
    blobs: new InMemoryBlobStorage(),
    parser: new MupdfDocumentParser({ parseWorkers, warmWorkers: warm }),
  });
  if (warm) await new Promise((resolve) => setTimeout(resolve, WARM_AHEAD_MS));
  const { seconds, cpuSeconds, value: document } = await measure(() => service.addDocument({ name: file, bytes }, { ocr: "never" }));
  const blocks = (await service.getBlocks(document.id)).length;
  console.log(JSON.stringify({ seconds, cpuSeconds, pages: document.pageCount, blocks }));
}

const sourceModules = { DocumentService, InMemoryBlobStorage, InMemoryDocumentStore, MupdfDocumentParser };

async function builtModules(): Promise<typeof sourceModules> {
  const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
  return {
    DocumentService: (await import(dist("core/application/document-service.js"))).DocumentService,
    InMemoryBlobStorage: (await import(dist("core/ports/testing/in-memory-blob-storage.js"))).InMemoryBlobStorage,
    InMemoryDocumentStore: (await import(dist("core/ports/testing/in-memory-document-store.js"))).InMemoryDocumentStore,
    MupdfDocumentParser: (await import(dist("adapters/mupdf/mupdf-document-parser.js"))).MupdfDocumentParser,
  };
}

/** Worker: parse one file page by page, keeping nothing, sampling RSS (after a GC) every 20 pages. */
async function parseWorker(file: string) {
  const bytes = readFileSync(file);
  const samples: Array<{ page: number; rssMb: number }> = [];
  const { cpuSeconds, value: pages } = await measure(async () => {
    let last = 0;
    for await (const page of new MupdfDocumentParser({ parseWorkers: 1 }).parse(bytes)) {
      last = page.page.number;
      if (last % 20 === 0) {
        gc?.();
        samples.push({ page: last, rssMb: rssMb() });
      }
    }
    return last;
  });
  console.log(JSON.stringify({ cpuSeconds, pages, samples }));
}

async function main() {
  const sheets = Number(values.sheets);
  const boundedSheets = Number(values["bounded-sheets"]);
  const self = fileURLToPath(import.meta.url);
  const setFile = heavySet(sheets);
  const mutool = ensureMutool();

  // the CLI and the library run the compiled code: measure it too (a worker thread under tsx also compiles itself)
  const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  type Ingest = { seconds: number; cpuSeconds: number; pages: number; blocks: number };
  const runs = [
    { label: "sources under tsx, 1 thread", args: ["--parse-workers", "1"] },
    { label: "sources under tsx, 2 parsing threads", args: ["--parse-workers", "2"] },
    { label: "built code (what `aizoomdoc` runs), 1 thread", args: ["--parse-workers", "1", "--built"] },
    { label: "built code, 2 parsing threads (calling thread + 1 worker, the default on 2+ cores)", args: ["--parse-workers", "2", "--built"] },
    { label: "built code, 2 parsing threads, the worker started ahead (as the CLI and the server start it)", args: ["--parse-workers", "2", "--built", "--warm"] },
  ].map((run) => {
    const measured = worker(self, ["--mode", "ingest", "--file", setFile, ...run.args]);
    return { ...run, measured, ingest: JSON.parse(measured.stdout) as Ingest };
  });
  const ingest = runs[0]!.ingest;
  const rounds = Math.max(1, Number(values.rounds));
  const natives: Measured[] = [];
  const clis: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    if (mutool) natives.push(timed(mutool, ["draw", "-q", "-F", "stext", "-o", "/dev/null", setFile]));
    clis.push(cliAdd(setFile));
  }
  const native = mutool ? median(natives) : undefined;
  const cli = median(clis)!;

  const boundedFile = heavySet(boundedSheets);
  const bounded = worker(self, ["--mode", "parse", "--file", boundedFile]);
  const parse = JSON.parse(bounded.stdout) as { cpuSeconds: number; pages: number; samples: Array<{ page: number; rssMb: number }> };

  const lines = [
    `## Ingestion: ${sheets}-sheet heavy A1 set (${ingest.blocks} blocks); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    "",
    "| engine | wall s | CPU s | pages/s (wall) | pages/s (CPU) | peak RSS MB |",
    "|---|---|---|---|---|---|",
    ...runs.map(
      ({ label, measured, ingest: r }) =>
        `| aizoomdoc addDocument, ${label} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${(r.pages / r.seconds).toFixed(1)} | ${(r.pages / r.cpuSeconds).toFixed(1)} | ${measured.maxRssMb.toFixed(0)} |`,
    ),
    `| \`aizoomdoc docs add --ocr never\` end to end (start-up, PGlite, storing; median of ${rounds}) | ${cli.seconds.toFixed(2)} | ${cli.cpuSeconds.toFixed(2)} | ${(ingest.pages / cli.seconds).toFixed(1)} | ${(ingest.pages / cli.cpuSeconds).toFixed(1)} | ${cli.maxRssMb.toFixed(0)} |`,
  ];
  if (native) {
    lines.push(
      `| mutool 1.21 draw -F stext (native, text only, 1 thread; median of ${rounds}) | ${native.seconds.toFixed(2)} | ${native.cpuSeconds.toFixed(2)} | ${(ingest.pages / native.seconds).toFixed(1)} | ${(ingest.pages / native.cpuSeconds).toFixed(1)} | ${native.maxRssMb.toFixed(0)} |`,
      ...runs.map(
        ({ label, measured, ingest: r }) =>
          `| ratio ${label} / native | ${ratio(r.seconds, native.seconds)} | ${ratio(r.cpuSeconds, native.cpuSeconds)} | | | ${ratio(measured.maxRssMb, native.maxRssMb)} |`,
      ),
      `| ratio \`docs add\` end to end / native | ${ratio(cli.seconds, native.seconds)} | ${ratio(cli.cpuSeconds, native.cpuSeconds)} | | | ${ratio(cli.maxRssMb, native.maxRssMb)} |`,
    );
  } else lines.push("| mutool | unavailable (apt-get failed) | | | |");
  const rss = parse.samples.map((s) => s.rssMb);
  lines.push(
    "",
    `## Bounded memory: parsing a ${boundedSheets}-sheet heavy A1 set (${(parse.pages / parse.cpuSeconds).toFixed(1)} pages per CPU second, peak RSS ${bounded.maxRssMb.toFixed(0)} MB)`,
    "",
    `| page | ${parse.samples.map((s) => s.page).join(" | ")} |`,
    `|---|${parse.samples.map(() => "---").join("|")}|`,
    `| RSS MB after GC | ${rss.map((v) => v.toFixed(0)).join(" | ")} |`,
    "",
    `RSS growth from page ${parse.samples[0]?.page} to ${parse.samples.at(-1)?.page}: ${(rss.at(-1)! - rss[0]!).toFixed(0)} MB`,
  );
  console.log(lines.join("\n"));
}

/** The run of median wall time. */
function median(runs: Measured[]): Measured | undefined {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

/**
 * `aizoomdoc docs add` of `file` on a local data dir that already exists (made by a first command), from a copy with
 * one byte more so it is a new document; the built CLI, as a user runs it.
 */
function cliAdd(file: string): Measured {
  const home = mkdtempSync(join(tmpdir(), "aizoomdoc-ingest-bench-"));
  try {
    const cli = fileURLToPath(new URL("../bin/run.js", import.meta.url));
    timed(process.execPath, [cli, "docs", "list", "--data-dir", home]);
    const copy = join(home, "set.pdf");
    writeFileSync(copy, Buffer.concat([readFileSync(file), Buffer.from("\n")]));
    return timed(process.execPath, [cli, "docs", "add", copy, "--ocr", "never", "--data-dir", home]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (values.worker) {
  if (values.mode === "ingest") await ingestWorker(values.file!, Number(values["parse-workers"]), values.built, values.warm);
  else await parseWorker(values.file!);
} else await main();
