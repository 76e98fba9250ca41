import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture } from "../../core/ports/testing/projects-db-fixture.js";
import { R2BlobStorage } from "../../adapters/r2/r2-blob-storage.js";
import { startS3rver, type S3rverHarness } from "../../adapters/r2/testing/s3rver-harness.js";
import { PostgresDriver } from "../../adapters/supabase/postgres-driver.js";
import { startTestPostgres, type TestPostgresServer } from "../../adapters/supabase/testing/embedded-postgres-server.js";
import { startPostgrestFake, type PostgrestFakeServer } from "../../adapters/supabase/testing/postgrest-fake-server.js";
import { seedProjectsDb } from "../../adapters/supabase/testing/projects-db-schema.js";
import type { ProjectTreeNode } from "../../core/application/aizoomdoc-api.js";
import type { DocumentRecord } from "../../core/domain/document.js";
import type { SearchHit } from "../../core/ports/block-search.js";
import DocsList from "./commands/docs/list.js";
import ProjectsSearch from "./commands/projects/search.js";
import ProjectsSync from "./commands/projects/sync.js";
import ProjectsTree from "./commands/projects/tree.js";
import Search from "./commands/search.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

const KEY = "anon-key-for-tests";
const PROJECT_VARIABLES = [
  "AIZOOMDOC_PROJECTS_SUPABASE_URL",
  "AIZOOMDOC_PROJECTS_SUPABASE_KEY",
  "AIZOOMDOC_PROJECTS_DATABASE_URL",
  "AIZOOMDOC_PROJECTS_S3_BUCKET",
  "AIZOOMDOC_PROJECTS_S3_ENDPOINT",
  "AIZOOMDOC_PROJECTS_S3_REGION",
  "AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID",
  "AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY",
  "AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE",
];

/** Run a command in-process as the user would, capturing what it writes (oclif's own warnings aside). */
async function run<T>(command: Parameters<typeof runCommand<T>>[0], argv: string[]) {
  try {
    const { result, stdout, stderr } = await runCommand(command, argv);
    return { result, stdout, stderr: withoutOclifWarnings([stderr]) };
  } catch (failure) {
    const { stderr = "" } = failure as { stderr?: string };
    throw Object.assign(failure as object, { stderr: withoutOclifWarnings(stderr.split(/(?<=\n)/)) });
  }
}

/** oclif warns once per process that it loads commands from compiled sources (lines marked `›`). */
function withoutOclifWarnings(lines: string[]): string {
  return lines.filter((line) => !line.includes("›")).join("");
}

async function failure(command: Parameters<typeof runCommand>[0], argv: string[]) {
  return run(command, argv).then(
    () => {
      throw new Error("expected the command to fail");
    },
    (error: { oclif?: { exit?: number }; stderr: string }) => ({ exit: error.oclif?.exit, stderr: error.stderr }),
  );
}

/** An existing deployment (Projects DB on Postgres and behind a PostgREST fake, files on s3rver) and the CLI reading it. */
describe("projects tree / search / sync (local mode, in-process)", () => {
  let postgres: TestPostgresServer;
  let s3: S3rverHarness;
  let rest: PostgrestFakeServer;
  let databaseUrl: string;
  let bucketEnv: Record<string, string>;
  let dataDir: string;

  beforeAll(async () => {
    [postgres, s3, rest, dataDir] = await Promise.all([
      startTestPostgres(),
      startS3rver(),
      startPostgrestFake(projectsDbFixture(), { key: KEY }),
      mkdtemp(join(tmpdir(), "aizoomdoc-projects-cli-")),
    ]);
    databaseUrl = await postgres.createDatabase();
    const seeder = await PostgresDriver.connect({ url: databaseUrl, maxConnections: 1 });
    await seedProjectsDb(seeder, projectsDbFixture());
    await seeder.close();
    const config = await s3.createBucket();
    const bucket = new R2BlobStorage(config);
    for (const [key, bytes] of deploymentBucketFixture()) await bucket.put(key, bytes);
    bucket.close();
    bucketEnv = {
      AIZOOMDOC_PROJECTS_S3_BUCKET: config.bucket,
      AIZOOMDOC_PROJECTS_S3_ENDPOINT: s3.endpoint,
      AIZOOMDOC_PROJECTS_S3_REGION: "us-east-1",
      AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID: config.accessKeyId,
      AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY: config.secretAccessKey,
      AIZOOMDOC_PROJECTS_S3_FORCE_PATH_STYLE: "true",
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all([postgres?.stop(), s3?.close(), rest?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Only the given Projects DB variables are set (whatever the machine running the tests has). */
  function projectsEnv(values: Record<string, string>) {
    for (const name of PROJECT_VARIABLES) vi.stubEnv(name, values[name]);
  }

  afterEach(() => vi.unstubAllEnvs());

  it("says which variables to set when no Projects DB is configured", async () => {
    projectsEnv({});
    const { exit, stderr } = await failure(ProjectsTree, ["--data-dir", dataDir]);
    expect(exit).toBe(78);
    expect(stderr).toBe(
      "error: no Projects DB is configured: set AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY, or AIZOOMDOC_PROJECTS_DATABASE_URL [PROJECTS.NOT_CONFIGURED]\n",
    );
  });

  it("shows the tree by Postgres URL, indented, one level or all of it", async () => {
    projectsEnv({ AIZOOMDOC_PROJECTS_DATABASE_URL: databaseUrl });
    const roots = await run(ProjectsTree, ["--data-dir", dataDir]);
    expect(roots.stdout).toBe(`client  Архив  ${ids.archive}\nclient  ГК Стройпроект  ${ids.client}\nclient  Zeta  ${ids.zeta}\n`);
    const all = await run(ProjectsTree, ["--parent", ids.project, "--all", "--data-dir", dataDir]);
    expect(all.stdout.split("\n").slice(0, -1)).toEqual([
      `section  ОВ  [ОВ]  ${ids.sectionOv}`,
      `  document  Спец_100% вариант  ${ids.documentSpec}`,
      `section  АР  [АР]  ${ids.sectionAr}`,
      `  document  133/23-ГК-АР4 изм.7  [AR4-rev7]  ${ids.documentAr4}`,
      `    task  OCR run 2  ${ids.ocrRun}`,
      `  document  95/24-ГК-СТ-АР.КРВ  [КРВ]  ${ids.documentKrv}`,
    ]);
    const documents = await run(ProjectsTree, ["--type", "document", "--all", "--json", "--data-dir", dataDir]);
    expect((documents.result as { nodes: ProjectTreeNode[] }).nodes.map((n) => [n.id, n.depth])).toEqual([
      [ids.documentSpec, 0],
      [ids.documentAr4, 0],
      [ids.documentKrv, 0],
    ]);
  });

  it("finds documents through Supabase REST, and names an unknown node", async () => {
    projectsEnv({ AIZOOMDOC_PROJECTS_SUPABASE_URL: rest.url, AIZOOMDOC_PROJECTS_SUPABASE_KEY: KEY });
    const found = await run(ProjectsSearch, ["крв", "--data-dir", dataDir]);
    expect(found.stdout).toBe(`${ids.documentKrv}  95/24-ГК-СТ-АР.КРВ  [КРВ]\n`);
    expect(rest.requests.every((r) => r.apikey === KEY)).toBe(true);
    const none = await run(ProjectsSearch, ["нет такого", "--json", "--data-dir", dataDir]);
    expect(none.result.documents).toEqual([]);
    const unknown = await failure(ProjectsTree, ["--parent", "00000000-0000-4000-8000-000000000999", "--data-dir", dataDir]);
    expect(unknown.exit).toBe(66);
    expect(unknown.stderr).toMatch(/^error: .*00000000-0000-4000-8000-000000000999.*\[DOCUMENT\.NOT_FOUND\]\n$/);
  });

  it("needs the deployment's bucket to sync, and says which variables name it", async () => {
    projectsEnv({ AIZOOMDOC_PROJECTS_DATABASE_URL: databaseUrl });
    const { exit, stderr } = await failure(ProjectsSync, [ids.documentAr4, "--data-dir", dataDir]);
    expect(exit).toBe(78);
    expect(stderr).toContain("AIZOOMDOC_PROJECTS_S3_BUCKET, AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY");
    const nonDocument = await failure(ProjectsSync, [ids.sectionAr, "--data-dir", dataDir]);
    expect(nonDocument.exit).toBe(64);
    expect(nonDocument.stderr).toContain("is a section, not a document");
  });

  it("syncs a document into the local documents, where docs list and search find it; a tree sync lists its failures", async () => {
    projectsEnv({ AIZOOMDOC_PROJECTS_DATABASE_URL: databaseUrl, ...bucketEnv });
    const one = await run(ProjectsSync, [ids.documentAr4, "--data-dir", dataDir]);
    const [documentId] = one.stdout.split("  ");
    expect(one.stdout).toBe(`${documentId}  133/23-ГК-АР4 изм.7  (3 pages, 3 blocks, 1 crops)  from ${ids.documentAr4}\n`);
    expect(one.stderr).toBe("sync 1/1  133/23-ГК-АР4 изм.7\n");

    const listed = await run(DocsList, ["--data-dir", dataDir]);
    expect(listed.stdout).toContain(`${documentId}  133/23-ГК-АР4 изм.7`);

    const tree = await run(ProjectsSync, [ids.project, "--tree", "--json", "--data-dir", dataDir]);
    const synced = (tree.result as { synced: Array<{ documentId: string; name: string; blocks: number; crops: number }> }).synced;
    const failed = (tree.result as { failed: Array<{ nodeId: string; error: { code: string } }> }).failed;
    expect(synced.map((s) => [s.name, s.blocks, s.crops])).toEqual([
      ["133/23-ГК-АР4 изм.7", 3, 1],
      ["95/24-ГК-СТ-АР.КРВ", 2, 0],
    ]);
    // importing the same files again returns the document already there
    expect(synced[0]!.documentId).toBe(documentId);
    expect(failed.map((f) => [f.nodeId, f.error.code])).toEqual([[ids.documentSpec, "STORAGE.NOT_FOUND"]]);
    const documents = await run(DocsList, ["--json", "--data-dir", dataDir]);
    expect((documents.result as { documents: DocumentRecord[] }).documents.map((d) => d.name).sort()).toEqual(["133/23-ГК-АР4 изм.7", "95/24-ГК-СТ-АР.КРВ"]);
    const hits = await run(Search, ["2ПБ13-1", "--json", "--data-dir", dataDir]);
    expect((hits.result as { hits: SearchHit[] }).hits.map((h) => [h.block.documentId, h.block.id])).toContainEqual([documentId, "AB12-CD34-EF6"]);
  });
});
