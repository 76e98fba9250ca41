import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLocalDataDir } from "../../adapters/local/testing/pglite-template.js";
import { R2BlobStorage } from "../../adapters/r2/r2-blob-storage.js";
import type { R2Config } from "../../adapters/r2/r2.config.js";
import { startS3rver, type S3rverHarness } from "../../adapters/r2/testing/s3rver-harness.js";
import { PostgresDriver } from "../../adapters/supabase/postgres-driver.js";
import { startTestPostgres, type TestPostgresServer } from "../../adapters/supabase/testing/embedded-postgres-server.js";
import { seedProjectsDb } from "../../adapters/supabase/testing/projects-db-schema.js";
import { openDeployment } from "../../composition/deployment.js";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture } from "../../core/ports/testing/projects-db-fixture.js";
import type { RunningServer } from "./start-http-server.js";
import { startLoopbackServer } from "./testing/loopback-server.js";


/** Starts a server over a fresh data dir (with a Projects DB and its deployment's bucket, or without) and signs one user in. */
async function serve(dataDir: string, projects?: { url: string; bucket: R2Config & { bucket: string } }): Promise<{ server: RunningServer; token: string }> {
  await seedLocalDataDir(dataDir);
  const deployment = await openDeployment({ dataDir, ...(projects ? { projects: { db: { kind: "postgres" as const, url: projects.url }, bucket: projects.bucket } } : {}) });
  const { token: staticToken } = await deployment.admin.addUser("alice");
  const server = await startLoopbackServer(deployment);
  const exchanged = await fetch(`${server.url}/auth/exchange`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ static_token: staticToken }) });
  return { server, token: ((await exchanged.json()) as { access_token: string }).access_token };
}

describe("the projects routes over a real loopback port, on a Projects DB in Postgres", () => {
  let postgres: TestPostgresServer;
  let s3: S3rverHarness;
  let dirs: string[];
  let withDb: { server: RunningServer; token: string };
  let withoutDb: { server: RunningServer; token: string };
  const get = (target: { server: RunningServer; token: string }, path: string, method = "GET") => fetch(`${target.server.url}${path}`, { method, headers: { authorization: `Bearer ${target.token}` } });

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const url = await postgres.createDatabase();
    const seeder = await PostgresDriver.connect({ url, maxConnections: 1 });
    await seedProjectsDb(seeder, projectsDbFixture());
    await seeder.close();
    s3 = await startS3rver();
    const bucket = await s3.createBucket();
    const storage = new R2BlobStorage(bucket);
    for (const [key, bytes] of deploymentBucketFixture()) await storage.put(key, bytes);
    storage.close();
    dirs = [await mkdtemp(join(tmpdir(), "aizoomdoc-projects-http-")), await mkdtemp(join(tmpdir(), "aizoomdoc-projects-http-"))];
    withDb = await serve(dirs[0]!, { url, bucket });
    withoutDb = await serve(dirs[1]!);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([withDb?.server.close(), withoutDb?.server.close()]);
    await postgres?.stop();
    await s3?.close();
    for (const dir of dirs ?? []) await rm(dir, { recursive: true, force: true });
  });

  it("answers the tree, a search and a document's results with the reference's fields", async () => {
    const roots = (await (await get(withDb, "/projects/tree")).json()) as Array<{ id: string; name: string; node_type: string }>;
    expect(roots.map((n) => n.id)).toEqual(expect.arrayContaining([ids.client, ids.archive]));
    const sections = (await (await get(withDb, `/projects/tree?parent_id=${ids.sectionAr}&include_files=true`)).json()) as Array<{ id: string; files?: Array<{ file_type: string }> }>;
    const ar4 = sections.find((n) => n.id === ids.documentAr4);
    expect(ar4?.files?.map((f) => f.file_type)).toEqual(expect.arrayContaining(["result_md", "ocr_html"]));

    const found = (await (await get(withDb, `/projects/search?q=${encodeURIComponent("АР4")}`)).json()) as Array<{ id: string }>;
    expect(found.map((n) => n.id)).toContain(ids.documentAr4);

    const results = (await (await get(withDb, `/projects/documents/${ids.documentAr4}/results`)).json()) as { document_node_id: string; files: Array<{ source_type: string; filename: string | null }> };
    expect(results.document_node_id).toBe(ids.documentAr4);
    expect(results.files.map((f) => f.source_type)).toEqual(expect.arrayContaining(["result_md", "ocr_html"]));
    // newest job's results first, each file once
    expect(results.files.filter((f) => f.source_type === "result_md").map((f) => f.filename)).toEqual(["133_23-ГК-АР4_document.md", "old_document.md"]);
  });

  it("imports a document node's OCR result into the caller's documents, once, and refuses a node that is not a document", async () => {
    const synced = await get(withDb, `/projects/documents/${ids.documentAr4}/sync`, "POST");
    expect(synced.status).toBe(200);
    const document = (await synced.json()) as { id: string; name: string; page_count: number };
    expect(document.page_count).toBeGreaterThan(0);
    const listed = (await (await get(withDb, "/documents")).json()) as Array<{ id: string; name: string }>;
    expect(listed).toEqual([expect.objectContaining({ id: document.id, name: document.name })]);
    // the same result again is the same document
    expect(((await (await get(withDb, `/projects/documents/${ids.documentAr4}/sync`, "POST")).json()) as { id: string }).id).toBe(document.id);
    const section = await get(withDb, `/projects/documents/${ids.sectionAr}/sync`, "POST");
    expect(section.status).toBe(400);
    expect((await get(withoutDb, `/projects/documents/${ids.documentAr4}/sync`, "POST")).status).toBe(503);
  });

  it("refuses bad parameters with 400 and says 503 where no Projects DB is configured", async () => {
    const bad = await get(withDb, "/projects/tree?parent_id=../../etc");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION.INVALID_INPUT");
    expect((await get(withDb, "/projects/tree?unknown=1")).status).toBe(400);
    const missing = await get(withoutDb, "/projects/tree");
    expect(missing.status).toBe(503);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("PROJECTS.NOT_CONFIGURED");
    expect((await fetch(`${withDb.server.url}/projects/tree`)).status).toBe(401);
  });
});
