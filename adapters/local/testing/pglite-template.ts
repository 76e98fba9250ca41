import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pgliteDatabaseDir } from "../pglite.config.js";
import { PgliteDriver } from "../pglite-driver.js";
import { buildMigratedTemplate, templateKey } from "../pglite-template.js";

/**
 * A dump of a freshly migrated PGlite database, for tests: built once per machine (an uncompressed tar, the fastest
 * to load) and kept in the temp folder under the shipped template's key.
 */
export async function migratedTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `aizoomdoc-pglite-template-${await templateKey()}.tar`);
  // another checkout's run may delete it between a check and the read: just try to read it
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  const dump = await buildMigratedTemplate("none");
  // parallel test workers may build it at once: each writes its own file, the renames are atomic
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
  await rename(partial, file);
  // templates of earlier migration sets are 40 MB each and never used again
  for (const name of await readdir(tmpdir())) {
    if (name.startsWith("aizoomdoc-pglite-template-") && name.endsWith(".tar") && join(tmpdir(), name) !== file) {
      await rm(join(tmpdir(), name), { force: true });
    }
  }
  return dump;
}

/** An in-memory PGlite with the schema applied, from the template (for tests). */
export async function openMigratedPglite(options: { dataDir?: string } = {}): Promise<PgliteDriver> {
  return PgliteDriver.open({ ...options, loadDataDir: await migratedTemplate() });
}

/** Puts a migrated database in `<dataDir>/db` (from the template), so a test's first open skips initdb (~5 s). */
export async function seedLocalDataDir(dataDir: string): Promise<void> {
  await (await PgliteDriver.open({ dataDir: pgliteDatabaseDir({ dataDir }), loadDataDir: await migratedTemplate() })).close();
}
