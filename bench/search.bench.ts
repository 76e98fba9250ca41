/**
 * Search latency at 10k and 100k blocks, on PGlite and on embedded Postgres (DESIGN §10), against plain
 * `russian` full-text search over the same rows as the baseline.
 *
 *   npx tsx bench/search.bench.ts [--sizes 10000,100000] [--engines pglite,postgres] [--queries 60]
 */
import { parseArgs } from "node:util";
import { PgliteDriver } from "../adapters/local/pglite-driver.js";
import { writeBlockSearchRows } from "../adapters/supabase/block-search-rows.js";
import { readMigrations, runMigrations } from "../adapters/supabase/migration-runner.js";
import { SqlBlockSearch } from "../adapters/supabase/sql-block-search.js";
import { SqlDocumentStore } from "../adapters/supabase/sql-document-store.js";
import type { SqlDriver } from "../adapters/supabase/sql-driver.js";
import { PostgresDriver } from "../adapters/supabase/postgres-driver.js";
import { startTestPostgres } from "../adapters/supabase/testing/embedded-postgres-server.js";
import { benchmarkQueries, syntheticDocuments } from "./synthetic-blocks.js";

const OWNER = "bench";
const BLOCKS_PER_DOCUMENT = 1000;

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    engines: { type: "string", default: "pglite,postgres" },
    queries: { type: "string", default: "60" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const engines = values.engines.split(",");
const queries = benchmarkQueries(Number(values.queries));

interface Row {
  engine: string;
  blocks: number;
  indexSeconds: number;
  ours: { p50: number; p95: number };
  baseline: { p50: number; p95: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function measure(run: (query: string) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (const q of queries.slice(0, 10)) await run(q); // warm caches and plans
  const samples: number[] = [];
  for (let round = 0; round < 2; round++) for (const q of queries) samples.push(await time(() => run(q)));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function benchEngine(engine: string, open: () => Promise<{ driver: SqlDriver; stop: () => Promise<void> }>): Promise<Row[]> {
  const rows: Row[] = [];
  const { driver, stop } = await open();
  try {
    await runMigrations(driver, readMigrations());
    const store = new SqlDocumentStore(driver, writeBlockSearchRows);
    const search = new SqlBlockSearch(driver);
    let indexed = 0;
    let indexMs = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      // grow the same database: the first documents of every size are the same synthetic documents
      const documents = [...syntheticDocuments(OWNER, size / BLOCKS_PER_DOCUMENT, BLOCKS_PER_DOCUMENT)].slice(indexed / BLOCKS_PER_DOCUMENT);
      indexMs += await time(async () => {
        for (const [document, blocks] of documents) await store.saveDocument(document, blocks);
      });
      indexed = size;
      await driver.exec("analyze");
      const ours = await measure((q) => search.search(OWNER, q, { limit: 10 }));
      const baseline = await measure((q) =>
        driver.query(
          `select block_id, ts_rank(words, query) as rank from block_search, plainto_tsquery('russian', $2) as query
           where owner_id = $1 and words @@ query order by rank desc limit 10`,
          [OWNER, q],
        ),
      );
      rows.push({ engine, blocks: size, indexSeconds: indexMs / 1000, ours, baseline });
      console.error(`${engine} ${size}: ours p50 ${ours.p50.toFixed(1)} ms p95 ${ours.p95.toFixed(1)} ms`);
    }
  } finally {
    await driver.close();
    await stop();
  }
  return rows;
}

const results: Row[] = [];
if (engines.includes("pglite")) {
  results.push(...(await benchEngine("PGlite 0.5.16", async () => ({ driver: await PgliteDriver.open(), stop: async () => undefined }))));
}
if (engines.includes("postgres")) {
  results.push(
    ...(await benchEngine("embedded Postgres 18", async () => {
      const server = await startTestPostgres();
      return { driver: await PostgresDriver.connect({ url: await server.createDatabase(), maxConnections: 2 }), stop: () => server.stop() };
    })),
  );
}

console.log(`\nsearch latency, ${queries.length} queries × 2 rounds, limit 10 (ms)\n`);
console.log("| engine | blocks | index time, s | ours p50 | ours p95 | plain FTS p50 | plain FTS p95 |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of results) {
  const f = (n: number) => n.toFixed(1);
  console.log(`| ${r.engine} | ${r.blocks} | ${f(r.indexSeconds)} | ${f(r.ours.p50)} | ${f(r.ours.p95)} | ${f(r.baseline.p50)} | ${f(r.baseline.p95)} |`);
}
