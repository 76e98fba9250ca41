/**
 * Blob put/get throughput (DESIGN §10, issue 3): FilesystemBlobStorage and R2BlobStorage on a loopback s3rver,
 * for 1 MB and 50 MB objects, against plain `fs.writeFile`/`readFile` in the same run as the baseline.
 * Puts are measured from a byte array and from a stream of 64 KiB chunks without a length (multipart on S3).
 *
 *   npx tsx bench/blob.bench.ts [--small-runs 20] [--large-runs 3]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FilesystemBlobStorage } from "../adapters/local/filesystem-blob-storage.js";
import { R2BlobStorage } from "../adapters/r2/r2-blob-storage.js";
import { startS3rver } from "../adapters/r2/testing/s3rver-harness.js";
import type { BlobStorage } from "../core/ports/blob-storage.js";
import { pseudoRandomBytes } from "../core/ports/testing/blob-storage.contract.js";

const { values } = parseArgs({ options: { "small-runs": { type: "string", default: "20" }, "large-runs": { type: "string", default: "3" } } });
const MB = 1024 * 1024;
const sizes = [
  { label: "1 MB", bytes: MB, runs: Number(values["small-runs"]) },
  { label: "50 MB", bytes: 50 * MB, runs: Number(values["large-runs"]) },
];

type Operation = "put bytes" | "put stream" | "get bytes" | "get stream";
interface Target {
  name: string;
  run(op: Operation, key: string, data: Uint8Array): Promise<void>;
}

function storageTarget(name: string, storage: BlobStorage): Target {
  return {
    name,
    async run(op, key, data) {
      if (op === "put bytes") await storage.put(key, data);
      else if (op === "put stream") await storage.put(key, chunks(data, 64 * 1024));
      else if (op === "get bytes") check(await storage.getBytes(key), data);
      else {
        let size = 0;
        for await (const chunk of await storage.get(key)) size += chunk.byteLength;
        if (size !== data.byteLength) throw new Error(`${name}: streamed ${size} of ${data.byteLength} bytes`);
      }
    },
  };
}

/** The floor: one writeFile/readFile, no temp file, no fsync, no key checks. */
function plainFsTarget(dir: string): Target {
  return {
    name: "fs.writeFile/readFile (baseline)",
    async run(op, key, data) {
      const path = join(dir, key.replace(/\//g, "_"));
      if (op.startsWith("put")) await writeFile(path, data);
      else check(new Uint8Array(await readFile(path)), data);
    },
  };
}

async function* chunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < data.byteLength; offset += size) yield data.subarray(offset, offset + size);
}

function check(got: Uint8Array, expected: Uint8Array): void {
  if (got.byteLength !== expected.byteLength || Buffer.compare(got, expected) !== 0) throw new Error("round trip is not byte-exact");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "aizoomdoc-blob-bench-"));
  const s3 = await startS3rver();
  const r2 = new R2BlobStorage(await s3.createBucket("bench"));
  const targets = [plainFsTarget(join(dir)), storageTarget("FilesystemBlobStorage", new FilesystemBlobStorage({ root: join(dir, "blobs") })), storageTarget("R2BlobStorage on s3rver", r2)];
  const rows: Array<{ size: string; op: Operation; mbps: number[] }> = [];
  try {
    for (const { label, bytes, runs } of sizes) {
      const data = pseudoRandomBytes(bytes, 7);
      for (const op of ["put bytes", "put stream", "get bytes", "get stream"] as const) {
        const mbps: number[] = [];
        for (const target of targets) {
          const times: number[] = [];
          for (let i = 0; i < runs + 1; i++) {
            const key = `bench/${label.replace(" ", "")}/${op.startsWith("put") ? `${op.replace(" ", "-")}-${i}` : "put-bytes-0"}`;
            const started = performance.now();
            await target.run(op, key, data);
            if (i > 0) times.push((performance.now() - started) / 1000); // the first run warms up
          }
          mbps.push(bytes / MB / median(times));
        }
        rows.push({ size: label, op, mbps });
      }
    }
  } finally {
    r2.close();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }

  const [baseline, fs, s3name] = targets.map((t) => t.name);
  console.log(`\nBlob throughput, MB/s (median; ${sizes.map((s) => `${s.label} × ${s.runs}`).join(", ")}; Node ${process.version})\n`);
  console.log(`| size | operation | ${baseline} | ${fs} | ${s3name} | fs store / baseline | s3rver / fs store |`);
  console.log("|---|---|---:|---:|---:|---:|---:|");
  for (const { size, op, mbps } of rows) {
    const [b, f, r] = mbps as [number, number, number];
    console.log(`| ${size} | ${op} | ${b.toFixed(0)} | ${f.toFixed(0)} | ${r.toFixed(0)} | ${(f / b).toFixed(2)}× | ${(r / f).toFixed(2)}× |`);
  }
}

await main();
