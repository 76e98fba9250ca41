import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations, runMigrations, type Migration } from "./migration-runner.js";
import { PostgresDriver } from "./postgres-driver.js";
import { startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";

let server: TestPostgresServer;
const drivers: PostgresDriver[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
  await server?.stop();
});

async function freshDatabase(): Promise<PostgresDriver> {
  const driver = await PostgresDriver.connect({ url: await server.createDatabase(), maxConnections: 4 });
  drivers.push(driver);
  return driver;
}

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: name.padEnd(64, "0").slice(0, 64) });
const one = migration("0001_one.sql", "create table one (id int primary key);");
const two = migration("0002_two.sql", "create table two (id int references one (id)); insert into one values (1);");

describe("runMigrations", () => {
  it("applies pending files in order once and records their checksums", async () => {
    const db = await freshDatabase();
    expect(await runMigrations(db, [one])).toEqual(["0001_one.sql"]);
    expect(await runMigrations(db, [one, two])).toEqual(["0002_two.sql"]);
    expect(await runMigrations(db, [one, two])).toEqual([]);
    expect(await db.query("select name, checksum from schema_migrations order by name")).toEqual([
      { name: one.name, checksum: one.checksum },
      { name: two.name, checksum: two.checksum },
    ]);
  });

  it("runs each file in a transaction: a failing file leaves neither its tables nor its record", async () => {
    const db = await freshDatabase();
    const bad = migration("0002_bad.sql", "create table half (id int); select * from no_such_table;");
    await expect(runMigrations(db, [one, bad])).rejects.toMatchObject({ code: "INTERNAL", message: expect.stringContaining("0002_bad.sql") });
    expect(await db.query("select to_regclass('half') is null as gone")).toEqual([{ gone: true }]);
    expect(await db.query("select name from schema_migrations")).toEqual([{ name: "0001_one.sql" }]);
  });

  it("refuses a changed applied file and a database from a newer version", async () => {
    const db = await freshDatabase();
    await runMigrations(db, [one, two]);
    await expect(runMigrations(db, [one, { ...two, checksum: "f".repeat(64) }])).rejects.toMatchObject({
      code: "STORAGE.CORRUPTED",
      message: expect.stringContaining("migration 0002_two.sql was changed after it was applied"),
    });
    await expect(runMigrations(db, [one])).rejects.toMatchObject({ code: "STORAGE.CORRUPTED", message: expect.stringContaining("0002_two.sql") });
  });

  it("lets concurrent runners (several server processes starting) apply each file exactly once", async () => {
    const url = await server.createDatabase();
    const a = await PostgresDriver.connect({ url });
    const b = await PostgresDriver.connect({ url });
    drivers.push(a, b);
    const results = await Promise.all([runMigrations(a, [one, two]), runMigrations(b, [one, two])]);
    expect(results.flat().sort()).toEqual(["0001_one.sql", "0002_two.sql"]);
  });

  it("applies the real migrations on Postgres", async () => {
    const db = await freshDatabase();
    const real = readMigrations();
    expect(await runMigrations(db, real)).toEqual(real.map((m) => m.name));
  });
});

describe("migration 0010 (one upload per content hash and owner)", () => {
  it("merges the duplicate uploads an earlier version let through into the oldest, and what pointed at them", async () => {
    const db = await freshDatabase();
    const real = readMigrations();
    const before = real.filter((m) => m.name < "0010");
    await runMigrations(db, before);
    const hash = "a".repeat(64);
    await db.exec(`
      insert into storage_files (id, user_id, source_type, storage_path, sha256, created_at) values
        ('old', 'u1', 'user_upload', 'uploads/old.pdf', '${hash}', now() - interval '2 minutes'),
        ('dup', 'u1', 'user_upload', 'uploads/dup.pdf', '${hash}', now() - interval '1 minute'),
        ('theirs', 'u2', 'user_upload', 'uploads/theirs.pdf', '${hash}', now()),
        ('render', 'u1', 'chat_render', 'evidence/r.png', '${hash}', now());
      insert into chats (id, user_id, title, document_file_id) values ('c1', 'u1', 'chat', 'dup');
      insert into chat_messages (id, chat_id, user_id, role, content, attached_file_ids) values ('m1', 'c1', 'u1', 'user', 'q', array['x', 'dup', 'old']);`);
    expect(await runMigrations(db, real)).toEqual(real.slice(before.length).map((m) => m.name));
    expect((await db.query<{ id: string }>("select id from storage_files order by id")).map((r) => r.id)).toEqual(["old", "render", "theirs"]);
    expect(await db.query("select document_file_id from chats")).toEqual([{ document_file_id: "old" }]);
    expect(await db.query("select attached_file_ids from chat_messages")).toEqual([{ attached_file_ids: ["x", "old", "old"] }]);
    await expect(db.query(`insert into storage_files (user_id, source_type, storage_path, sha256) values ('u1', 'user_upload', 'k', '${hash}')`)).rejects.toThrow(/unique/);
  });
});

describe("readMigrations", () => {
  it("reads files in name order with checksums that ignore CRLF line endings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aizoomdoc-migrations-"));
    try {
      await writeFile(join(dir, "0002_b.sql"), "select 2;\r\n");
      await writeFile(join(dir, "0001_a.sql"), "select 1;\n");
      await writeFile(join(dir, "README.md"), "not a migration");
      const read = readMigrations(dir);
      expect(read.map((m) => m.name)).toEqual(["0001_a.sql", "0002_b.sql"]);
      await writeFile(join(dir, "0002_b.sql"), "select 2;\n");
      expect(readMigrations(dir)[1]!.checksum).toBe(read[1]!.checksum);
      await writeFile(join(dir, "0002_other.sql"), "select 3;");
      expect(() => readMigrations(dir)).toThrow(/number 0002 is used twice/);
      await rm(join(dir, "0002_other.sql"));
      await writeFile(join(dir, "3_bad name.sql"), "select 3;");
      expect(() => readMigrations(dir)).toThrow(/name must look like 0001_words\.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
