import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrations, runMigrations } from "../supabase/migration-runner.js";
import { PgliteDriver } from "./pglite-driver.js";

/**
 * Where `npm run build` puts the migrated database a new local data dir starts from: `dist/pglite-template/` beside the
 * compiled code (absent when running from the sources, which then run initdb).
 */
export const SHIPPED_TEMPLATES = fileURLToPath(new URL("../../pglite-template/", import.meta.url));

/** The name of a template of this PGlite version and these migrations: a dump of any other is never loaded. */
export async function templateKey(): Promise<string> {
  const migrations = readMigrations();
  return createHash("sha256")
    .update(await pgliteVersion())
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
}

/** A fresh in-memory database with every migration applied, dumped (`gzip`: 5 MB instead of 40, ~0.2 s more to load). */
export async function buildMigratedTemplate(compression: "gzip" | "none"): Promise<Blob> {
  const driver = await PgliteDriver.open();
  try {
    await runMigrations(driver, readMigrations());
    return await driver.dump(compression);
  } finally {
    await driver.close();
  }
}

/** Writes this version's template into `directory` (and removes those of other versions); its path. */
export async function writeShippedTemplate(directory: string = SHIPPED_TEMPLATES): Promise<string> {
  const file = join(directory, `${await templateKey()}.tar.gz`);
  await mkdir(directory, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, new Uint8Array(await (await buildMigratedTemplate("gzip")).arrayBuffer()));
  await rename(partial, file);
  for (const name of await readdir(directory)) if (join(directory, name) !== file) await rm(join(directory, name), { force: true });
  return file;
}

/**
 * The shipped template of this version, for a new data dir: initdb takes ~5 s on a machine of two cores, loading the
 * template ~1 s, so a first command on a fresh machine starts that much sooner. Undefined when there is none.
 */
export async function shippedTemplate(directory: string = SHIPPED_TEMPLATES): Promise<Blob | undefined> {
  const file = join(directory, `${await templateKey()}.tar.gz`);
  const bytes = await readFile(file).catch(() => undefined);
  // unpacked here, and given to PGlite as a plain tar: PGlite's own gunzip of a truncated file failed outside its
  // promise and ended the process; a template that does not unpack is no template (initdb starts the directory)
  const tar = bytes && (await gunzipped(bytes).catch(() => undefined));
  return tar && new Blob([new Uint8Array(tar.buffer, tar.byteOffset, tar.byteLength)], { type: "application/x-tar" });
}

const gunzipped = promisify(gunzip);

async function pgliteVersion(): Promise<string> {
  let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string }).version;
}
