import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import { InMemoryBlobStorage } from "../ports/testing/in-memory-blob-storage.js";
import { InMemoryProjectCatalog } from "../ports/testing/in-memory-project-catalog.js";
import { deploymentBucketFixture, fixtureIds as ids, projectsDbFixture, uuid } from "../ports/testing/projects-db-fixture.js";
import type { AizoomdocApi, InputFile, Progress } from "./aizoomdoc-api.js";
import { ProjectService } from "./project-service.js";
import { domainErrorOf, errorCodeOf } from "../ports/testing/domain-error-of.js";

function service(options: { source?: BlobStorage; rows?: ReturnType<typeof projectsDbFixture> } = {}) {
  const imported: Array<{ names: string[]; name?: string }> = [];
  const importer: Pick<AizoomdocApi, "importDocument"> = {
    importDocument: async (files: InputFile[], o) => {
      imported.push({ names: files.map((f) => f.name), ...(o?.name ? { name: o.name } : {}) });
      return { id: `doc-${imported.length}`, ownerId: "local", name: o?.name ?? "", sourceKind: "document-md", sourceVersion: "v", pageCount: 1, pages: [], createdAt: "" };
    },
  };
  const projects = new ProjectService({
    catalog: async () => new InMemoryProjectCatalog(options.rows ?? projectsDbFixture()),
    source: () => {
      if (!options.source) throw new DomainError("PROJECTS.NOT_CONFIGURED", "no bucket");
      return options.source;
    },
    importer,
  });
  return { projects, imported };
}

async function bucket(): Promise<InMemoryBlobStorage> {
  const source = new InMemoryBlobStorage();
  for (const [key, bytes] of deploymentBucketFixture()) await source.put(key, bytes);
  return source;
}

describe("ProjectService", () => {
  it("lists one level (the roots by default) and the whole subtree depth-first with depths", async () => {
    const { projects } = service();
    expect((await projects.projectTree()).map((n) => [n.name, n.depth])).toEqual([["Архив", 0], ["ГК Стройпроект", 0], ["Zeta", 0]]);
    expect((await projects.projectTree({ parentId: ids.project })).map((n) => n.name)).toEqual(["ОВ", "АР"]);
    const subtree = await projects.projectTree({ parentId: ids.client, all: true });
    expect(subtree.map((n) => `${"  ".repeat(n.depth)}${n.name}`)).toEqual([
      "133/23 Жилой дом",
      "  ОВ",
      "    Спец_100% вариант",
      "  АР",
      "    133/23-ГК-АР4 изм.7",
      "      OCR run 2",
      "    95/24-ГК-СТ-АР.КРВ",
    ]);
    expect((await projects.projectTree({ all: true })).length).toBe(projectsDbFixture().tree_nodes.length);
  });

  it("filters by type, flat when whole subtrees are asked for", async () => {
    const { projects } = service();
    const documents = await projects.projectTree({ nodeType: "document", all: true });
    expect(documents.map((n) => [n.name, n.depth])).toEqual([
      ["Спец_100% вариант", 0],
      ["133/23-ГК-АР4 изм.7", 0],
      ["95/24-ГК-СТ-АР.КРВ", 0],
    ]);
    expect((await projects.projectTree({ parentId: ids.sectionAr, nodeType: "document" })).map((n) => n.code)).toEqual(["AR4-rev7", "КРВ"]);
    expect(await projects.projectTree({ parentId: ids.sectionAr, nodeType: "client" })).toEqual([]);
  });

  it("lists a tree whose parents loop back once per node instead of recursing forever", async () => {
    const rows = projectsDbFixture();
    rows.tree_nodes.find((n) => n.id === ids.client)!.parent_id = ids.project;
    const { projects } = service({ rows });
    const subtree = await projects.projectTree({ parentId: ids.project, all: true });
    expect(subtree.filter((n) => n.id === ids.project).length).toBe(1);
    expect(subtree.map((n) => n.name)).toContain("95/24-ГК-СТ-АР.КРВ");
  });

  it("says an unknown parent is not found and a malformed one is invalid", async () => {
    const { projects } = service();
    expect(await errorCodeOf(projects.projectTree({ parentId: uuid(999) }))).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(projects.projectTree({ parentId: "nope" }))).toBe("VALIDATION.INVALID_INPUT");
  });

  it("finds documents by name or code", async () => {
    const { projects } = service();
    expect((await projects.projectSearch("крв")).map((n) => n.id)).toEqual([ids.documentKrv]);
    expect((await projects.projectSearch("ГК", { limit: 1 })).length).toBe(1);
    expect(await errorCodeOf(projects.projectSearch("  "))).toBe("VALIDATION.INVALID_INPUT");
  });

  it("syncs one document with progress, and refuses a non-document without the tree option", async () => {
    const { projects, imported } = service({ source: await bucket() });
    const progress: Progress[] = [];
    const result = await projects.projectSync(ids.documentKrv, { onProgress: (p) => progress.push(p) });
    expect(result.synced.map((s) => s.document.id)).toEqual(["doc-1"]);
    expect(imported).toEqual([{ names: ["95_24_ocr.html"], name: "95/24-ГК-СТ-АР.КРВ" }]);
    expect(progress.map((p) => [p.current, p.total, p.message])).toEqual([[0, 1, "95/24-ГК-СТ-АР.КРВ"], [1, 1, "95/24-ГК-СТ-АР.КРВ"]]);

    const error = await domainErrorOf(projects.projectSync(ids.sectionAr));
    expect(error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(error.message).toContain('"АР"');
    expect(error.message).toContain("is a section, not a document");
    expect(imported.length).toBe(1);
  });

  it("syncs a tree, listing the document that fails, with progress per document", async () => {
    const { projects } = service({ source: await bucket() });
    const progress: Progress[] = [];
    const result = await projects.projectSync(ids.project, { tree: true, onProgress: (p) => progress.push(p) });
    expect(result.synced.map((s) => s.node.name)).toEqual(["133/23-ГК-АР4 изм.7", "95/24-ГК-СТ-АР.КРВ"]);
    expect(result.failed.map((f) => f.error.code)).toEqual(["STORAGE.NOT_FOUND"]);
    expect(progress.map((p) => `${p.current}/${p.total}`)).toEqual(["1/3", "2/3", "3/3"]);
  });

  it("needs the deployment's bucket only to sync", async () => {
    const { projects } = service();
    expect((await projects.projectTree()).length).toBe(3);
    expect(await errorCodeOf(projects.projectSync(ids.documentKrv))).toBe("PROJECTS.NOT_CONFIGURED");
  });
});
