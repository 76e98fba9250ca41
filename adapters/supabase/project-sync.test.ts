import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentTransferService } from "../../core/application/document-transfer-service.js";
import { ProjectSyncService } from "../../core/application/project-sync-service.js";
import { InMemoryDocumentStore } from "../../core/ports/testing/in-memory-document-store.js";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture } from "../../core/ports/testing/projects-db-fixture.js";
import { NodeHtmlOcrReader } from "../html/node-html-ocr-reader.js";
import { FilesystemBlobStorage } from "../local/filesystem-blob-storage.js";
import { R2BlobStorage } from "../r2/r2-blob-storage.js";
import { startS3rver, type S3rverHarness } from "../r2/testing/s3rver-harness.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlProjectCatalog } from "./sql-project-catalog.js";
import { startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";
import { seedProjectsDb } from "./testing/projects-db-schema.js";

/** An existing deployment (Projects DB on Postgres + its R2 bucket on s3rver) synced into a local store. */
describe("Projects DB sync, end to end", () => {
  let postgres: TestPostgresServer;
  let driver: PostgresDriver;
  let s3: S3rverHarness;
  let bucket: R2BlobStorage;
  let localDir: string;

  beforeAll(async () => {
    [postgres, s3, localDir] = await Promise.all([startTestPostgres(), startS3rver(), mkdtemp(join(tmpdir(), "aizoomdoc-sync-"))]);
    driver = await PostgresDriver.connect({ url: await postgres.createDatabase(), maxConnections: 2 });
    await seedProjectsDb(driver, projectsDbFixture());
    bucket = new R2BlobStorage(await s3.createBucket());
    for (const [key, bytes] of deploymentBucketFixture()) await bucket.put(key, bytes);
  });

  afterAll(async () => {
    bucket?.close();
    await driver?.close();
    await Promise.all([postgres?.stop(), s3?.close()]);
    await rm(localDir, { recursive: true, force: true });
  });

  it("imports every document of a project with its blocks and crops, and reports the one whose files are missing", async () => {
    const store = new InMemoryDocumentStore();
    const blobs = new FilesystemBlobStorage({ root: join(localDir, "blobs") });
    const importer = new DocumentTransferService({ ownerId: "local", store, blobs, html: new NodeHtmlOcrReader() });
    const sync = new ProjectSyncService({ catalog: new SqlProjectCatalog(driver), source: bucket, importer });

    const result = await sync.syncTree(ids.project);

    expect(result.synced.map((s) => s.node.name)).toEqual(["133/23-ГК-АР4 изм.7", "95/24-ГК-СТ-АР.КРВ"]);
    expect(result.failed.map((f) => [f.node.name, f.error.code])).toEqual([["Спец_100% вариант", "STORAGE.NOT_FOUND"]]);
    expect(result.failed[0]!.error.message).toContain(`tree_docs/${ids.documentSpec}/spec_document.md`);

    const [ar4, krv] = result.synced;
    expect((await store.getBlocks("local", ar4!.document.id)).map((b) => b.id)).toEqual(["AB12-CD34-EF1", "AB12-CD34-EF5", "AB12-CD34-EF6"]);
    const crop = await blobs.getBytes(ar4!.document.crops!["AB12-CD34-EF5"]!);
    expect(new TextDecoder().decode(crop)).toContain("% crop AB12-CD34-EF5");
    const krvBlocks = await store.getBlocks("local", krv!.document.id);
    expect(krvBlocks.map((b) => [b.id, b.kind, b.page])).toEqual([
      ["KRV1-AAAA-001", "TEXT", 1],
      ["KRV1-AAAA-002", "IMAGE", 2],
    ]);
    expect(krvBlocks[1]!.text).toContain("1-7/А-Ж");

    // the round trip: what was imported exports back with the same ids
    const exported = await importer.exportDocument(ar4!.document.id);
    // in the deployment's own files again; the node's name, which the sync gave the document, rides along
    const source = deploymentBucketFixture();
    const text = (key: string) => new TextDecoder().decode(source.get(`tree_docs/${ids.documentAr4}/${key}`));
    expect(exported.documentMd).toBe(text("133_23-ГК-АР4_document.md"));
    const [{ document, ...entry }] = (JSON.parse(exported.blocksJson) as { blocks: Array<Record<string, unknown>> }).blocks as [Record<string, unknown>];
    expect({ blocks: [entry] }).toEqual(JSON.parse(text("133_23-ГК-АР4_blocks.json")));
    expect(document).toEqual({ name: "133/23-ГК-АР4 изм.7" });
    expect(exported.crops?.map((c) => c.blockId)).toEqual(["AB12-CD34-EF5"]);
  });
});
