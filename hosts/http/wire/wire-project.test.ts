import { describe, expect, it } from "vitest";
import { parseWire } from "./parse-wire.js";
import { FileListQuery, WireFile, WireFileUpload, toWireFile, toWireFileUpload, toWireProjectFile } from "./wire-file.js";
import { SearchQuery, TreeQuery, WireDocumentResults, WireTreeNode, fromWireSearchQuery, toWireDocumentResults, toWireTreeNode } from "./wire-project.js";
import { domainErrorOf } from "../../../core/ports/testing/domain-error-of.js";
import { documentNode, resultFile, upload } from "./testing/wire-fixtures.js";

describe("projects on the wire", () => {
  it("a tree node in the reference's fields, with depth and its job files", async () => {
    const wire = WireTreeNode.parse(toWireTreeNode({ ...documentNode, depth: 1 }, [resultFile]));
    expect(wire).toMatchObject({ parent_id: documentNode.parentId, code: "133/23-ГК-АР4", version: 7, sort_order: 3, depth: 1, created_at: "2025-11-02T10:00:00.000Z" });
    expect(wire.files).toEqual([
      { id: resultFile.id, job_id: resultFile.jobId, file_type: "result_md", r2_key: resultFile.key, file_name: resultFile.fileName, file_size: 405_123, created_at: resultFile.createdAt },
    ]);
  });

  it("leaves out what the Projects DB does not have rather than inventing it", async () => {
    const bare = toWireTreeNode({ id: "n1", parentId: null, nodeType: "client", name: "Клиент", attributes: {}, sortOrder: 0 });
    expect(WireTreeNode.parse(bare)).toEqual({ id: "n1", parent_id: null, client_id: null, node_type: "client", name: "Клиент", code: null, version: null, attributes: {}, sort_order: 0, files: [] });
  });

  it("search takes query or q, never both differing, and needs one", async () => {
    expect(fromWireSearchQuery(parseWire(SearchQuery, { query: "АР4" }, "query")).text).toBe("АР4");
    expect(fromWireSearchQuery(parseWire(SearchQuery, { query: "АР4", q: "АР4" }, "query")).text).toBe("АР4");
    expect((await domainErrorOf(() => parseWire(SearchQuery, { query: "АР4", q: "КЖ" }, "query"))).message).toMatch(/^query\.q: query and q differ/);
    expect((await domainErrorOf(() => parseWire(SearchQuery, { limit: "10" }, "query"))).message).toMatch(/^query\.query: /);
    expect((await domainErrorOf(() => parseWire(SearchQuery, { q: "АР4", limit: "101" }, "query"))).code).toBe("VALIDATION.INVALID_INPUT");
  });

  it("tree flags are the strings a client sends", async () => {
    expect(parseWire(TreeQuery, { all_nodes: "1", include_files: "false" }, "query")).toEqual({ all_nodes: true, include_files: false });
    expect((await domainErrorOf(() => parseWire(TreeQuery, { all_nodes: "yes" }, "query"))).message).toMatch(/^query\.all_nodes/);
  });

  it("document results name files as the reference does, with the type their name says", async () => {
    const results = WireDocumentResults.parse(toWireDocumentResults(documentNode.id, [resultFile, { ...resultFile, id: "f2", fileName: "АР4_ocr.html", fileType: "ocr_html", size: undefined, createdAt: undefined }]));
    expect(results.files.map((f) => [f.mime_type, f.source_type, f.size_bytes, f.created_at])).toEqual([
      ["text/markdown", "result_md", 405_123, resultFile.createdAt],
      ["text/html", "ocr_html", null, resultFile.jobCreatedAt],
    ]);
    expect(toWireProjectFile({ ...resultFile, fileName: "crops", mimeType: undefined }).mime_type).toBe("application/octet-stream");
  });
});

describe("files on the wire", () => {
  it("an upload and its record", async () => {
    expect(WireFileUpload.parse(toWireFileUpload(upload, "doc-9"))).toMatchObject({ storage_path: upload.storageKey, document_id: "doc-9", sha256: upload.sha256 });
    const record = WireFile.parse(toWireFile({ ...upload, filename: undefined, mimeType: undefined, sizeBytes: undefined }));
    expect(record).toMatchObject({ filename: null, mime_type: "application/octet-stream", size_bytes: null, external_url: null });
    expect(parseWire(FileListQuery, { source_type: "user_upload", limit: "5" }, "query")).toEqual({ source_type: "user_upload", limit: 5 });
    expect((await domainErrorOf(() => parseWire(FileListQuery, { source_type: "anything" }, "query"))).code).toBe("VALIDATION.INVALID_INPUT");
  });
});
