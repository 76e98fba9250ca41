import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readMigrations, runMigrations } from "../../supabase/migration-runner.js";
import { pgliteDatabaseDir } from "../pglite.config.js";
import { PgliteDriver } from "../pglite-driver.js";

/**
 * A dump of a freshly migrated PGlite database. initdb takes ~5 s, loading a dump ~1 s, so the dump is built
 * once per machine and kept in the temp folder under a key of the PGlite version and the migrations' checksums.
 */
export async function migratedTemplate(): Promise<Blob> {
  const migrations = await readMigrations();
  const key = createHash("sha256")
    .update(await pgliteVersion())
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const file = join(tmpdir(), `aizoomdoc-pglite-template-${key}.tar`);
  // another checkout's run may delete it between a check and the read: just try to read it
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  const driver = await PgliteDriver.open();
  try {
    await runMigrations(driver, migrations);
    const dump = await driver.dump();
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
  } finally {
    await driver.close();
  }
}

/** An in-memory PGlite with the schema applied, from the template (for tests). */
export async function openMigratedPglite(options: { dataDir?: string } = {}): Promise<PgliteDriver> {
  return PgliteDriver.open({ ...options, loadDataDir: await migratedTemplate() });
}

async function pgliteVersion(): Promise<string> {
  let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Puts a migrated database in `<dataDir>/db` (from the template), so a test's first open skips initdb (~5 s). */
export async function seedLocalDataDir(dataDir: string): Promise<void> {
  await (await PgliteDriver.open({ dataDir: pgliteDatabaseDir({ dataDir }), loadDataDir: await migratedTemplate() })).close();
}
