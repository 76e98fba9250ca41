import { afterAll, describe, expect, it } from "vitest";
import type { ProjectCatalog } from "../../core/ports/project-catalog.js";
import { compareProjectFiles, compareProjectNodes } from "../../core/ports/project-catalog-rules.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlProjectCatalog } from "./sql-project-catalog.js";
import { SupabaseProjectCatalog } from "./supabase-project-catalog.js";

// Opt-in tier (`npm run test:live`): reads (never writes) a real deployment's Projects DB through its REST API
// and/or its Postgres URL, and checks both read the same tree the same way.
const env = process.env;
const rest = env.AIZOOMDOC_PROJECTS_SUPABASE_URL && env.AIZOOMDOC_PROJECTS_SUPABASE_KEY;
const sql = env.AIZOOMDOC_PROJECTS_DATABASE_URL;
if (!rest && !sql) {
  console.warn("Projects DB live test skipped: set AIZOOMDOC_PROJECTS_SUPABASE_URL + AIZOOMDOC_PROJECTS_SUPABASE_KEY and/or AIZOOMDOC_PROJECTS_DATABASE_URL");
}

describe.skipIf(!rest && !sql)("ProjectCatalog against a live Projects DB", () => {
  const catalogs: Array<[string, ProjectCatalog]> = [];
  let driver: PostgresDriver | undefined;
  afterAll(async () => {
    await driver?.close();
  });

  it("lists the roots and a document's result files in the port's order", async () => {
    if (rest) catalogs.push(["rest", new SupabaseProjectCatalog({ url: env.AIZOOMDOC_PROJECTS_SUPABASE_URL!, key: env.AIZOOMDOC_PROJECTS_SUPABASE_KEY! })]);
    if (sql) {
      driver = await PostgresDriver.connect({ url: sql, maxConnections: 2 });
      catalogs.push(["sql", new SqlProjectCatalog(driver)]);
    }
    const seen: string[] = [];
    for (const [name, catalog] of catalogs) {
      const roots = await catalog.listNodes();
      expect(roots.length, `${name}: roots`).toBeGreaterThan(0);
      expect([...roots].sort(compareProjectNodes)).toEqual(roots);
      const [document] = await catalog.listNodes({ allNodes: true, nodeType: "document" });
      if (!document) continue;
      const files = await catalog.listDocumentFiles(document.id);
      expect([...files].sort(compareProjectFiles)).toEqual(files);
      seen.push(JSON.stringify({ roots: roots.map((r) => r.id), files: files.map((f) => f.key) }));
    }
    // the two adapters agree where both are configured
    if (seen.length === 2) expect(seen[0]).toBe(seen[1]);
  });
});
