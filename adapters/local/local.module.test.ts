import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Container } from "inversify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DocumentStore } from "../../core/ports/document-store.js";
import { sampleBlock, sampleDocument } from "../../core/ports/testing/document-store.contract.js";
import { localDatabaseModule } from "./local.module.js";
import { seedLocalDataDir } from "./testing/pglite-template.js";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aizoomdoc-local-module-"));
  // a migrated database already in place: the module then opens it in well under a second instead of running initdb
  await seedLocalDataDir(dataDir);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it("serves DocumentStore from <dataDir>/db, keeps the directory locked while bound and releases it on unbindAllAsync", async () => {
  const container = new Container();
  container.load(localDatabaseModule({ dataDir }));
  const store = await container.getAsync<DocumentStore>(DocumentStore);
  const doc = sampleDocument("local");
  await store.saveDocument(doc, [sampleBlock(doc.id, 0)]);

  const rival = new Container();
  rival.load(localDatabaseModule({ dataDir }));
  await expect(rival.getAsync<DocumentStore>(DocumentStore)).rejects.toMatchObject({ code: "STORAGE.LOCKED" });

  await container.unbindAllAsync();
  const next = new Container();
  next.load(localDatabaseModule({ dataDir }));
  const reopened = await next.getAsync<DocumentStore>(DocumentStore);
  expect(await reopened.getBlocks("local", doc.id)).toHaveLength(1);
  await next.unbindAllAsync();
});
