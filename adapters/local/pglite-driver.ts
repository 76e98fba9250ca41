import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { DomainError } from "../../core/domain/errors.js";
import type { SqlDriver, SqlExecutor, SqlValue } from "../supabase/sql-driver.js";
import { DirectoryLock } from "./directory-lock.js";

export interface PgliteDriverOptions {
  /** Data directory; omitted = an in-memory database (tests). */
  dataDir?: string;
  /** Start from a `dump()` of another database instead of running initdb (test templates: ~1 s instead of ~5 s). */
  loadDataDir?: Blob;
  /**
   * A `dump()` to start a new data directory from (an existing one never loads it); one PGlite cannot load falls
   * back to initdb.
   */
  template?: () => Promise<Blob | undefined>;
}

/**
 * The embedded default database: Postgres 18 in WASM over a data directory. PGlite itself does not stop a
 * second instance from opening the same directory (which corrupts it), so the driver holds `<dataDir>.lock`
 * for as long as it is open.
 */
export class PgliteDriver implements SqlDriver {
  private closed = false;
  private readonly closeHooks: (() => Promise<void>)[] = [];

  private constructor(
    private readonly db: PGlite,
    readonly label: string,
    private readonly lock?: DirectoryLock,
  ) {}

  static async open(options: PgliteDriverOptions = {}): Promise<PgliteDriver> {
    if (!options.dataDir) {
      const db = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
      return new PgliteDriver(db, "PGlite (in memory)");
    }
    const dataDir = resolve(options.dataDir);
    try {
      await mkdir(dirname(dataDir), { recursive: true });
    } catch (error) {
      throw new DomainError("STORAGE.UNAVAILABLE", `cannot create the database folder ${dirname(dataDir)}: ${(error as Error).message}`, { cause: error });
    }
    const lock = await DirectoryLock.acquire(`${dataDir}.lock`, dataDir);
    const existed = existsSync(join(dataDir, "PG_VERSION"));
    try {
      const template = !existed && !options.loadDataDir ? await options.template?.().catch(() => undefined) : undefined;
      if (template) {
        const started = await PGlite.create({ dataDir, loadDataDir: template }).catch(async () => {
          // what a broken template left behind goes, and initdb starts the directory afresh
          await rm(dataDir, { recursive: true, force: true });
          return undefined;
        });
        if (started) return new PgliteDriver(started, `PGlite ${dataDir}`, lock);
      }
      const db = await PGlite.create({
        dataDir,
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      });
      return new PgliteDriver(db, `PGlite ${dataDir}`, lock);
    } catch (error) {
      await lock.release();
      if (existed) {
        throw new DomainError("STORAGE.CORRUPTED", `database ${dataDir} is corrupted or was written by an incompatible version (${(error as Error).message}); move it away to start afresh`, {
          cause: error,
          details: { path: dataDir },
        });
      }
      throw new DomainError("STORAGE.UNAVAILABLE", `cannot create the database ${dataDir}: ${(error as Error).message}`, { cause: error });
    }
  }

  query<Row = Record<string, unknown>>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.db.query<Row>(text, [...params]).then((r) => r.rows);
  }

  async exec(text: string): Promise<void> {
    await this.db.exec(text);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(executorOf(tx)));
  }

  /** The PGlite itself, for a library that speaks to it directly (pg-boss through `fromPglite`); closing stays ours. */
  get pglite(): PGlite {
    return this.db;
  }

  /**
   * Has `close` run `hook` first, while the database is still open: a user of the PGlite itself finishes its work on
   * it (the job queue gives running jobs back), whatever order the container deactivates things in.
   */
  beforeClose(hook: () => Promise<void>): void {
    this.closeHooks.push(hook);
  }

  /** A tarball of the whole database, for `loadDataDir`. */
  dump(compression: "gzip" | "none" = "none"): Promise<Blob> {
    return this.db.dumpDataDir(compression);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await Promise.allSettled(this.closeHooks.map((hook) => hook()));
      await this.db.close();
    } finally {
      await this.lock?.release();
    }
  }
}

function executorOf(tx: Transaction): SqlExecutor {
  return {
    query: <Row>(text: string, params: readonly SqlValue[] = []) => tx.query<Row>(text, [...params]).then((r) => r.rows),
    exec: async (text: string) => {
      await tx.exec(text);
    },
  };
}
