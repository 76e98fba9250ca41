import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import type { OcrHtmlReader } from "../ports/ocr-html-reader.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../ports/testing/in-memory-document-store.js";
import { InMemoryProjectCatalog } from "../ports/testing/in-memory-project-catalog.js";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture } from "../ports/testing/projects-db-fixture.js";
import type { AizoomdocApi, InputFile } from "./aizoomdoc-api.js";
import { DocumentTransferService } from "./document-transfer-service.js";
import { ProjectSyncService } from "./project-sync-service.js";

async function bucket(skip: string[] = []): Promise<InMemoryBlobStorage> {
  const source = new InMemoryBlobStorage();
  for (const [key, bytes] of deploymentBucketFixture()) if (!skip.some((s) => key.includes(s))) await source.put(key, bytes);
  return source;
}

const noHtml: OcrHtmlReader = {
  read: () => {
    throw new Error("no ocr.html expected here");
  },
};

function realImport() {
  const store = new InMemoryDocumentStore();
  const blobs = new InMemoryBlobStorage();
  return { store, blobs, importer: new DocumentTransferService({ ownerId: "local", store, blobs, html: noHtml }) };
}

/** Records what would be imported, answering with a minimal record. */
function recordingImporter() {
  const calls: Array<{ files: InputFile[]; name?: string }> = [];
  const importer: Pick<AizoomdocApi, "importDocument"> = {
    importDocument: async (files, options) => {
      calls.push({ files, ...(options?.name ? { name: options.name } : {}) });
      return { id: `doc-${calls.length}`, ownerId: "local", name: options?.name ?? "", sourceKind: "document-md", sourceVersion: "v", pageCount: 0, pages: [], createdAt: "" };
    },
  };
  return { calls, importer };
}

describe("ProjectSyncService.syncDocument", () => {
  it("imports the newest document.md with its blocks.json and the crops of its blocks", async () => {
    const { store, blobs, importer } = realImport();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(), importer });
    const result = await sync.syncDocument(ids.documentAr4);

    const ar4 = `tree_docs/${ids.documentAr4}`;
    expect(result.sourceKeys).toEqual([`${ar4}/133_23-ГК-АР4_document.md`, `${ar4}/133_23-ГК-АР4_blocks.json`, `${ar4}/crops/AB12-CD34-EF5.pdf`]);
    expect(result.cropCount).toBe(1);
    expect(result.document.name).toBe("133/23-ГК-АР4 изм.7");
    const blocks = await store.getBlocks("local", result.document.id);
    expect(blocks.map((b) => [b.id, b.kind, b.page])).toEqual([
      ["AB12-CD34-EF1", "TEXT", 1],
      ["AB12-CD34-EF5", "IMAGE", 3],
      ["AB12-CD34-EF6", "TABLE", 3],
    ]);
    // the newest job's table (12 pieces), not the older run's (10)
    expect(blocks[2]!.text).toContain("| 12 |");
    expect(Object.keys(result.document.crops ?? {})).toEqual(["AB12-CD34-EF5"]);
    expect(await blobs.getBytes(result.document.crops!["AB12-CD34-EF5"]!)).toEqual(deploymentBucketFixture().get(`${ar4}/crops/AB12-CD34-EF5.pdf`));
  });

  it("returns the same document when synced again", async () => {
    const { store, importer } = realImport();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(), importer });
    const first = await sync.syncDocument(ids.documentAr4);
    const second = await sync.syncDocument(ids.documentAr4);
    expect(second.document.id).toBe(first.document.id);
    expect(await store.listDocuments("local")).toHaveLength(1);
  });

  it("falls back to a legacy ocr.html node file when no job has results", async () => {
    const { calls, importer } = recordingImporter();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(), importer });
    await sync.syncDocument(ids.documentKrv);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.files.map((f) => f.name)).toEqual(["95_24_ocr.html"]);
    expect(calls[0]!.name).toBe("95/24-ГК-СТ-АР.КРВ");
  });

  it("names the document and the missing object when the bucket lacks a result, and imports nothing", async () => {
    const { store, importer } = realImport();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(["_blocks.json"]), importer });
    const error = await sync.syncDocument(ids.documentAr4).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.NOT_FOUND");
    expect((error as Error).message).toBe(
      `project document "133/23-ГК-АР4 изм.7" (${ids.documentAr4}): blob tree_docs/${ids.documentAr4}/133_23-ГК-АР4_blocks.json not found`,
    );
    expect(await store.listDocuments("local")).toEqual([]);
  });

  it("refuses nodes that are not documents and documents without results", async () => {
    const rows = projectsDbFixture();
    rows.job_files = rows.job_files.filter((f) => f.job_id !== ids.jobSpec);
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(rows), source: await bucket(), importer: recordingImporter().importer });
    await expect(sync.syncDocument(ids.sectionAr)).rejects.toMatchObject({ code: "VALIDATION.INVALID_INPUT" });
    await expect(sync.syncDocument(ids.documentSpec)).rejects.toMatchObject({
      code: "DOCUMENT.EMPTY",
      message: expect.stringContaining("has no document.md or ocr.html result"),
    });
  });
});

describe("ProjectSyncService.syncTree", () => {
  it("syncs every document below a node, reports failures and carries on", async () => {
    const { calls, importer } = recordingImporter();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(), importer });
    const progress: string[] = [];
    const result = await sync.syncTree(ids.project, { onProgress: (done, total, node) => progress.push(`${done}/${total} ${node.name}`) });
    expect(result.synced.map((s) => s.node.id)).toEqual([ids.documentAr4, ids.documentKrv]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.node.id).toBe(ids.documentSpec);
    expect(result.failed[0]!.error.code).toBe("STORAGE.NOT_FOUND");
    expect(calls).toHaveLength(2);
    expect(progress).toEqual(["1/3 133/23-ГК-АР4 изм.7", "2/3 Спец_100% вариант", "3/3 95/24-ГК-СТ-АР.КРВ"]);
  });

  it("syncs only the documents under the given node", async () => {
    const { importer } = recordingImporter();
    const sync = new ProjectSyncService({ catalog: new InMemoryProjectCatalog(projectsDbFixture()), source: await bucket(), importer });
    const result = await sync.syncTree(ids.sectionOv);
    expect([...result.synced, ...result.failed].map((r) => r.node.id)).toEqual([ids.documentSpec]);
    await expect(sync.syncTree("00000000-0000-4000-8000-000000000999")).rejects.toMatchObject({ code: "DOCUMENT.NOT_FOUND" });
  });
});
