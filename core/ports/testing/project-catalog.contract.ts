import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectCatalog } from "../project-catalog.js";
import { fixtureIds as ids, projectsDbFixture, uuid, type ProjectsDbRows } from "./projects-db-fixture.js";
import { errorCodeOf } from "./domain-error-of.js";

/** Builds a catalog over a database holding exactly `rows`; called once per suite. */
export type ProjectCatalogFactory = (rows: ProjectsDbRows) => ProjectCatalog | Promise<ProjectCatalog>;

/** The behaviour every `ProjectCatalog` adapter must show (core/ports/project-catalog.ts), the in-memory fake included. */
export function describeProjectCatalogContract(name: string, factory: ProjectCatalogFactory): void {
  describe(`ProjectCatalog contract: ${name}`, () => {
    let catalog: ProjectCatalog;
    beforeAll(async () => {
      catalog = await factory(projectsDbFixture());
    });

    it("lists the roots by sort order, then name, with every column mapped", async () => {
      const roots = await catalog.listNodes();
      expect(roots.map((n) => n.name)).toEqual(["Архив", "ГК Стройпроект", "Zeta"]);
      expect(roots[1]).toEqual({
        id: ids.client,
        parentId: null,
        clientId: "acme",
        nodeType: "client",
        name: "ГК Стройпроект",
        version: 1,
        status: "active",
        attributes: {},
        sortOrder: 0,
        createdAt: "2025-01-01T08:00:00.000Z",
        updatedAt: "2025-01-02T08:00:00.000Z",
      });
    });

    it("lists children of a node, sort order before name", async () => {
      expect((await catalog.listNodes({ parentId: ids.project })).map((n) => n.name)).toEqual(["ОВ", "АР"]);
      expect(await catalog.listNodes({ parentId: uuid(999) })).toEqual([]);
      expect(await errorCodeOf(catalog.listNodes({ parentId: "1; drop table tree_nodes" }))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("lists all nodes filtered by type and client", async () => {
      const documents = await catalog.listNodes({ allNodes: true, nodeType: "document" });
      expect(documents.map((n) => n.id)).toEqual([ids.documentAr4, ids.documentSpec, ids.documentKrv]);
      expect((await catalog.listNodes({ allNodes: true, clientId: "other" })).map((n) => n.id)).toEqual([ids.documentSpec]);
      expect(await catalog.listNodes({ allNodes: true })).toHaveLength(10);
    });

    it("gets one node with its code, version and attributes", async () => {
      const node = await catalog.getNode(ids.documentAr4);
      expect(node).toMatchObject({
        parentId: ids.sectionAr,
        nodeType: "document",
        name: "133/23-ГК-АР4 изм.7",
        code: "AR4-rev7",
        version: 7,
        attributes: { r2_key: `tree_docs/${ids.documentAr4}/source.pdf`, pages: 27 },
      });
      expect(await errorCodeOf(catalog.getNode(uuid(999)))).toBe("DOCUMENT.NOT_FOUND");
      expect(await errorCodeOf(catalog.getNode("not-a-uuid"))).toBe("VALIDATION.INVALID_INPUT");
    });

    it("lists a document's files: jobs on it and on its children, newest job first, then its node files", async () => {
      const files = await catalog.listDocumentFiles(ids.documentAr4);
      expect(files.map((f) => [f.origin, f.jobId ?? null, f.fileType])).toEqual([
        ["job", ids.jobBlocks, "blocks_index"],
        ["job", ids.jobNew, "ocr_html"],
        ["job", ids.jobNew, "result_md"],
        ["job", ids.jobOld, "ocr_html"],
        ["job", ids.jobOld, "result_md"],
        ["node", null, "crop"],
        ["node", null, "crops_folder"],
        ["node", null, "pdf"],
      ]);
      expect(files[0]).toMatchObject({
        nodeId: ids.ocrRun,
        jobStatus: "done",
        jobCreatedAt: "2025-03-02T09:00:00.000Z",
        key: `tree_docs/${ids.documentAr4}/133_23-ГК-АР4_blocks.json`,
        fileName: "133_23-ГК-АР4_blocks.json",
        size: 30_000,
      });
      expect(files[5]).toMatchObject({
        nodeId: ids.documentAr4,
        key: `tree_docs/${ids.documentAr4}/crops/AB12-CD34-EF5.pdf`,
        metadata: { page_index: 2 },
        mimeType: "application/pdf",
      });
      expect(files.some((f) => f.key.includes("orphan"))).toBe(false);
    });

    it("lists legacy documents that only have node files", async () => {
      const files = await catalog.listDocumentFiles(ids.documentKrv);
      expect(files.map((f) => [f.origin, f.fileType, f.fileName])).toEqual([
        ["node", "annotation", "annotation.json"],
        ["node", "ocr_html", "95_24_ocr.html"],
      ]);
      expect(files[0]!.metadata).toEqual({ version: 2 });
    });

    it("refuses file listings of nodes that are not documents, or do not exist", async () => {
      expect(await errorCodeOf(catalog.listDocumentFiles(ids.sectionAr))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(catalog.listDocumentFiles(uuid(999)))).toBe("DOCUMENT.NOT_FOUND");
    });

    it("searches document names and codes as plain case-insensitive substrings", async () => {
      expect((await catalog.searchDocuments("ar4")).map((n) => n.id)).toEqual([ids.documentAr4]);
      expect((await catalog.searchDocuments("КРВ")).map((n) => n.id)).toEqual([ids.documentKrv]);
      // only documents: the client "ГК Стройпроект" matches the text too
      expect((await catalog.searchDocuments("ГК")).map((n) => n.id)).toEqual([ids.documentAr4, ids.documentKrv]);
      expect((await catalog.searchDocuments("ГК", { limit: 1 })).map((n) => n.id)).toEqual([ids.documentAr4]);
      expect((await catalog.searchDocuments("в", { clientId: "other" })).map((n) => n.id)).toEqual([ids.documentSpec]);
    });

    it("matches wildcard and quoting characters literally", async () => {
      for (const text of ["100%", "%", "_", "c_1"]) {
        expect((await catalog.searchDocuments(text)).map((n) => n.id), text).toEqual(text === "c_1" ? [] : [ids.documentSpec]);
      }
      expect(await catalog.searchDocuments('"),name.neq.x')).toEqual([]);
      expect(await catalog.searchDocuments("*")).toEqual([]);
    });

    it("refuses empty search text and limits outside 1..100", async () => {
      expect(await errorCodeOf(catalog.searchDocuments("  "))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(catalog.searchDocuments("ГК", { limit: 0 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await errorCodeOf(catalog.searchDocuments("ГК", { limit: 101 }))).toBe("VALIDATION.INVALID_INPUT");
    });
  });
}

