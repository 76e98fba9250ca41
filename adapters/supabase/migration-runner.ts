import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DomainError } from "../../core/domain/errors.js";
import type { SqlDriver } from "./sql-driver.js";

export interface Migration {
  /** File name, e.g. `0001_initial.sql`; files run in name order. */
  name: string;
  sql: string;
  /** sha256 hex of the text with line endings normalised (a CRLF checkout is the same migration). */
  checksum: string;
}

const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
/** Serialises runners of several processes starting against one server (any constant shared by all of them). */
const ADVISORY_LOCK_KEY = 727_001;

/** The `migrations/` folder of the package, found upwards from this module (source tree and `dist/` alike). */
export function packageMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "migrations"))) return join(dir, "migrations");
    const parent = dirname(dir);
    if (parent === dir) throw new DomainError("INTERNAL", "migrations folder not found next to the aizoomdoc package.json");
    dir = parent;
  }
}

/**
 * The package's migrations, read synchronously: a dozen small files at start, where queued behind the threads that
 * load a starting worker's modules, asynchronous reads kept the start waiting ~200 ms.
 */
export function readMigrations(dir: string = packageMigrationsDir()): Migration[] {
  const names = readdirSync(dir).filter((n) => n.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    if (!MIGRATION_NAME.test(name)) throw new DomainError("INTERNAL", `migration ${join(dir, name)}: name must look like 0001_words.sql`);
    if (migrations.some((m) => m.name.slice(0, 4) === name.slice(0, 4))) {
      throw new DomainError("INTERNAL", `migration ${join(dir, name)}: number ${name.slice(0, 4)} is used twice`);
    }
    const sql = readFileSync(join(dir, name), "utf8").replace(/\r\n/g, "\n");
    migrations.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with its
 * `schema_migrations` record, so a failing file leaves nothing behind. Refuses to start when an applied file
 * was changed or when the database holds a migration this version does not know (a newer aizoomdoc wrote it).
 * Returns the names applied now.
 */
export async function runMigrations(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  await driver.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [ADVISORY_LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key, checksum char(64) not null, applied_at timestamptz not null default now())`);
  });
  const applied = new Map(
    (await driver.query<{ name: string; checksum: string }>("select name, checksum from schema_migrations")).map((r) => [r.name, r.checksum]),
  );
  for (const [name, checksum] of applied) {
    const known = migrations.find((m) => m.name === name);
    if (!known) {
      throw new DomainError("STORAGE.CORRUPTED", `database ${driver.label} has migration ${name}, which this aizoomdoc version does not know (written by a newer version?)`);
    }
    if (known.checksum !== checksum) {
      throw new DomainError("STORAGE.CORRUPTED", `migration ${name} was changed after it was applied to ${driver.label} (checksum ${checksum.slice(0, 12)}… ≠ ${known.checksum.slice(0, 12)}…); add a new migration instead`);
    }
  }
  const done: string[] = [];
  for (const migration of migrations.filter((m) => !applied.has(m.name))) {
    const ran = await driver.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [ADVISORY_LOCK_KEY]);
      // another process may have applied it while this one waited for the lock
      const [already] = await tx.query("select 1 from schema_migrations where name = $1", [migration.name]);
      if (already) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new DomainError("INTERNAL", `migration ${migration.name} failed on ${driver.label}: ${(error as Error).message}`, { cause: error });
      }
      await tx.query("insert into schema_migrations (name, checksum) values ($1, $2)", [migration.name, migration.checksum]);
      return true;
    });
    if (ran) done.push(migration.name);
  }
  return done;
}
