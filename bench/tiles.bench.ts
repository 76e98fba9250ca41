/**
 * Deep-zoom tiles of a heavy A1 sheet (issue 15: "a cached tile in < 5 ms, a cold one within 2× of rendering that
 * region alone"):
 *  1. cold tiles through the tile service (render cache miss: render + disk cache write) against the renderer drawing
 *     the same region at the same DPI alone, on one renderer with the document open, tiles of the deepest level and
 *     of coarser ones, the order alternated so neither side gets the warmer glyph cache;
 *  2. cached tiles: the tile service over the disk render cache, and `GET …/tiles_files/{level}/{x}_{y}.png` over
 *     loopback with an access token (a deployment over a temp data dir), p50/p95.
 *
 *   npx tsx bench/tiles.bench.ts [--sheets 1] [--tiles 24] [--runs 300]
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as mupdf from "mupdf";
import pino from "pino";
import { DiskRenderCache } from "../adapters/local/disk-render-cache.js";
import { seedLocalDataDir } from "../adapters/local/testing/pglite-template.js";
import { MupdfPageRenderer } from "../adapters/mupdf/mupdf-page-renderer.js";
import { PageTileService } from "../core/application/page-tile-service.js";
import { levelCount, tileGrid, tileRect, tileRegion } from "../core/domain/deep-zoom.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { openDeployment } from "../composition/deployment.js";
import { startHttpServer } from "../hosts/http/start-http-server.js";
import { heavySet, measure } from "./bench-tools.js";

const { values } = parseArgs({ options: { sheets: { type: "string", default: "1" }, tiles: { type: "string", default: "24" }, runs: { type: "string", default: "300" } } });
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ms = async <T>(run: () => Promise<T>) => (await measure(run)).seconds * 1000;

/** `count` tiles spread over the deepest level and the two above it, away from the sheet's blank margins. */
function sampleTiles(image: Parameters<typeof tileGrid>[0], count: number): Array<[number, number, number]> {
  const deepest = levelCount(image) - 1;
  const picked: Array<[number, number, number]> = [];
  for (let i = 0; i < count; i++) {
    const level = deepest - (i % 3);
    const { columns, rows } = tileGrid(image, level);
    // a low-discrepancy walk over the middle 80 % of the sheet
    const fx = 0.1 + 0.8 * ((i * 0.618034) % 1);
    const fy = 0.1 + 0.8 * ((i * 0.414214) % 1);
    picked.push([level, Math.floor(fx * columns), Math.floor(fy * rows)]);
  }
  return picked;
}

async function serviceCase(pdf: Uint8Array) {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  const renderer = new MupdfPageRenderer();
  const cacheDir = await mkdtemp(join(tmpdir(), "aizoomdoc-tiles-cache-"));
  const cache = await DiskRenderCache.open({ dir: cacheDir });
  await blobs.put("sources/bench.pdf", pdf);
  // the page's size as ingestion records it; one render opens the document and builds the page's display list
  const [x0, y0, x1, y1] = new mupdf.PDFDocument(pdf).loadPage(0).getBounds();
  await renderer.render(pdf, "bench", { page: 1, region: [0, 0, 0.01, 0.01], dpi: 72, maxPixels: 1e6 });
  await store.saveDocument(
    {
      id: "bench-doc",
      ownerId: "bench",
      name: "heavy.pdf",
      sourceKind: "pdf",
      sourceKey: "sources/bench.pdf",
      sourceVersion: "bench",
      pageCount: Number(values.sheets),
      pages: Array.from({ length: Number(values.sheets) }, (_, index) => ({ number: index + 1, width: x1 - x0, height: y1 - y0, rotation: 0, needsOcr: false })),
      createdAt: new Date().toISOString(),
    },
    [],
  );
  const service = new PageTileService({ ownerId: "bench", store, blobs, renderer, cache });
  const { image, dpi } = await service.pageTiles("bench-doc", 1);
  const tiles = sampleTiles(image, Number(values.tiles));

  const cold: number[] = [];
  const alone: number[] = [];
  for (const [index, [level, column, row]] of tiles.entries()) {
    const rect = tileRect(image, level, column, row);
    const region = tileRegion(image, level, rect);
    const viaService = () => ms(() => service.pageTile("bench-doc", 1, level, column, row));
    // the level's DPI: the service's own, or within a pixel's worth of it where a tile would come out a pixel off
    const levelDpi = dpi * 2 ** (level - (levelCount(image) - 1));
    const direct = () => ms(() => renderer.render(pdf, "bench", { page: 1, region, dpi: levelDpi, maxPixels: (rect.width + 1) * (rect.height + 1), grid: false, format: "png" }));
    if (index % 2 === 0) {
      alone.push(await direct());
      cold.push(await viaService());
    } else {
      cold.push(await viaService());
      alone.push(await direct());
    }
  }
  const cached: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const [level, column, row] = tiles[i % tiles.length]!;
    cached.push(await ms(() => service.pageTile("bench-doc", 1, level, column, row)));
  }
  renderer.close();
  await rm(cacheDir, { recursive: true, force: true });
  return { image, dpi, cold, alone, cached, tiles };
}

async function httpCase(pdf: Uint8Array, tiles: Array<[number, number, number]>) {
  const dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-tiles-http-"));
  await seedLocalDataDir(dataDir);
  const deployment = await openDeployment({ dataDir });
  const issued = await deployment.admin.addUser("bench");
  const server = await startHttpServer(deployment, { jwtSecret: "a-bench-secret-that-is-long-enough-1234", accessTokenTtlSeconds: 3_600, corsOrigins: [], maxUploadBytes: 1 << 20 }, {
    host: "127.0.0.1",
    port: 0,
    version: "bench",
    log: pino({ level: "silent" }),
  });
  try {
    const documentId = (await deployment.forUser(issued.user.id).addDocument({ name: "heavy.pdf", bytes: pdf }, { ocr: "never", index: false })).id;
    const exchanged = await fetch(`${server.url}/auth/exchange`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ static_token: issued.token }) });
    const token = ((await exchanged.json()) as { access_token: string }).access_token;
    const get = async (level: number, column: number, row: number) => {
      const response = await fetch(`${server.url}/documents/${documentId}/pages/1/tiles_files/${level}/${column}_${row}.png`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`tile ${level}/${column}_${row}: ${response.status}`);
      return response.arrayBuffer();
    };
    const first: number[] = [];
    for (const tile of tiles) first.push(await ms(() => get(...tile)));
    const cached: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) cached.push(await ms(() => get(...tiles[i % tiles.length]!)));
    // the floor of any signed-in route on this server: `GET /me`, a small JSON body after the same sign-in check
    const me: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) me.push(await ms(async () => (await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
    // the same tiles through the application alone (PGlite document store + disk render cache), without HTTP and auth
    const application = deployment.forUser(issued.user.id);
    const inProcess: number[] = [];
    for (let i = 0; i < Number(values.runs); i++) inProcess.push(await ms(() => application.pageTile(documentId, 1, ...tiles[i % tiles.length]!)));
    return { first, cached, inProcess, me };
  } finally {
    await server.close();
    await deployment.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const pdf = new Uint8Array(await readFile(heavySet(Number(values.sheets))));
  const service = await serviceCase(pdf);
  const http = await httpCase(pdf, service.tiles);
  const ratios = service.cold.map((cold, i) => cold / service.alone[i]!);
  const line = (name: string, xs: number[], note: string) => `| ${name} | ${percentile(xs, 0.5).toFixed(2)} | ${percentile(xs, 0.95).toFixed(2)} | ${note} |`;
  console.log(
    [
      `## Deep-zoom tiles of a heavy A1 sheet; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      "",
      `Page 1 at ${service.dpi} DPI: ${service.image.width}×${service.image.height} px, ${levelCount(service.image)} levels, ${service.image.tileSize} px tiles (overlap ${service.image.overlap}); ${service.tiles.length} tiles of the three deepest levels.`,
      "",
      "| case | p50 ms | p95 ms | note |",
      "|---|---|---|---|",
      line("renderer alone, same region and DPI", service.alone, "document open, display list built"),
      line("cold tile, tile service", service.cold, "render + disk render cache write"),
      line("cached tile, tile service", service.cached, `disk render cache hit, ${service.cached.length} calls`),
      line("cold tile, HTTP route", http.first, "an ingested document; the first tile opens it"),
      line("cached tile, application in-process", http.inProcess, "PGlite document store + disk render cache, no HTTP"),
      line("cached tile, HTTP route", http.cached, `loopback GET with bearer token and owner check, ${http.cached.length} requests`),
      line("GET /me, same server", http.me, "any signed-in route's floor: JWT check, user lookup, middleware"),
      "",
      `Cold tile ÷ rendering its region alone: median ${percentile(ratios, 0.5).toFixed(2)}×, worst ${Math.max(...ratios).toFixed(2)}×, total ${(sum(service.cold) / sum(service.alone)).toFixed(2)}×.`,
    ].join("\n"),
  );
}

await main();
