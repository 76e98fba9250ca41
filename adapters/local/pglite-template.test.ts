import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations, runMigrations } from "../supabase/migration-runner.js";
import { PgliteDriver } from "./pglite-driver.js";
import { shippedTemplate, templateKey, writeShippedTemplate } from "./pglite-template.js";

describe("the shipped PGlite template", () => {
  let folder: string;
  let templates: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "aizoomdoc-template-"));
    templates = join(folder, "templates");
    await writeShippedTemplate(templates);
  }, 120_000);
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("starts a new data dir migrated, and an existing one keeps its data", async () => {
    const dataDir = join(folder, "new", "db");
    const driver = await PgliteDriver.open({ dataDir, template: () => shippedTemplate(templates) });
    try {
      const migrations = readMigrations();
      const applied = await driver.query<{ name: string }>("select name from schema_migrations order by name");
      expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
      expect(await runMigrations(driver, migrations)).toEqual([]);
      await driver.exec("create table kept (note text); insert into kept values ('перемычки')");
    } finally {
      await driver.close();
    }
    const again = await PgliteDriver.open({ dataDir, template: () => shippedTemplate(templates) });
    try {
      expect(await again.query("select note from kept")).toEqual([{ note: "перемычки" }]);
    } finally {
      await again.close();
    }
  });

  it("is found only under this version's key", async () => {
    expect(await shippedTemplate(templates)).toBeInstanceOf(Blob);
    const other = join(folder, "other");
    await mkdir(other, { recursive: true });
    await writeFile(join(other, "0000000000000000.tar.gz"), "a template of other migrations");
    expect(await templateKey()).not.toBe("0000000000000000");
    expect(await shippedTemplate(other)).toBeUndefined();
    expect(await shippedTemplate(join(folder, "none"))).toBeUndefined();
  });

  it("is no template when its file is cut short (an interrupted copy), so a new data dir starts by initdb", async () => {
    const truncated = join(folder, "truncated");
    await mkdir(truncated, { recursive: true });
    const whole = new Uint8Array(await (await shippedTemplate(templates))!.arrayBuffer());
    await writeFile(join(truncated, `${await templateKey()}.tar.gz`), gzipSync(whole).subarray(0, 100_000));
    expect(await shippedTemplate(truncated)).toBeUndefined();
  });

  it("falls back to initdb when PGlite cannot load the template", { timeout: 60_000 }, async () => {
    const dataDir = join(folder, "broken", "db");
    const driver = await PgliteDriver.open({ dataDir, template: async () => new Blob([gzipSync("not a database dump")], { type: "application/gzip" }) });
    try {
      expect(await driver.query("select 41 + 1 as answer")).toEqual([{ answer: 42 }]);
      expect(await driver.query("select to_regclass('schema_migrations') as table")).toEqual([{ table: null }]);
    } finally {
      await driver.close();
    }
  });
});
