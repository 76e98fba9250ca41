import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";

export const BENCH_OUT = join(dirname(fileURLToPath(import.meta.url)), "out");

/**
 * A generated heavy A1 drawing set of `sheets` sheets (every hatch line, dash and arc chord its own path, as CAD
 * exports write them), written once to bench/out and reused by later runs.
 */
export function heavySet(sheets: number): string {
  mkdirSync(BENCH_OUT, { recursive: true });
  // named after the path-per-stroke load, so a set written by the lighter generator of before is not reused
  const path = join(BENCH_OUT, `heavy-cad-a1-${sheets}.pdf`);
  if (!existsSync(path)) {
    const started = performance.now();
    writeFileSync(path, generateDrawingSet({ sheets, heavy: true, seed: "bench" }).pdf);
    console.error(`generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return path;
}

/** Debian's native mutool, installed on first use when apt-get is available; undefined when it cannot be had. */
export function ensureMutool(): string | undefined {
  const found = () => spawnSync("sh", ["-c", "command -v mutool"], { encoding: "utf8" }).stdout.trim() || undefined;
  if (found()) return found();
  console.error("installing mupdf-tools for the native baseline…");
  spawnSync("sh", ["-c", "apt-get update -qq && apt-get install -y -qq mupdf-tools"], { stdio: "ignore" });
  return found();
}

export interface Measured {
  seconds: number;
  /** User + system CPU seconds: the fair comparison on a shared, loaded machine. */
  cpuSeconds: number;
  maxRssMb: number;
  stdout: string;
}

/** Run a command under GNU time: wall seconds, CPU seconds and peak RSS of the process. */
export function timed(command: string, args: string[]): Measured {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", command, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.split("\n").slice(-3).join(" ")}`);
  const [seconds, user, system, kb] = result.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
  return { seconds: seconds!, cpuSeconds: user! + system!, maxRssMb: kb! / 1024, stdout: result.stdout };
}

/** Wall and CPU time of an in-process step. */
export async function measure<T>(run: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, value };
}

/** This bench file run again as a worker process (own heap, own peak RSS). */
export function worker(file: string, args: string[]): Measured {
  return timed(process.execPath, ["--expose-gc", "--import", "tsx", file, "--worker", ...args]);
}

export const ratio = (ours: number, baseline: number) => `${(ours / baseline).toPrecision(3)}×`;
