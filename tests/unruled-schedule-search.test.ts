import { describe, expect, it } from "vitest";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { DocumentService } from "../core/application/document-service.js";
import { SearchService } from "../core/application/search-service.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryBlockSearch } from "../core/ports/testing/in-memory-block-search.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";

const inside = (inner: readonly number[], outer: readonly number[], slack = 0.002) =>
  inner[0]! >= outer[0]! - slack && inner[1]! >= outer[1]! - slack && inner[2]! <= outer[2]! + slack && inner[3]! <= outer[3]! + slack;

describe("an unruled equipment schedule and legend of a CAD export", () => {
  it("become TABLE blocks whose rows stay rows: a search for a row's name returns the block with its quantity", async () => {
    const store = new InMemoryDocumentStore();
    const documents = new DocumentService({ ownerId: "local", store, blobs: new InMemoryBlobStorage(), parser: new MupdfDocumentParser() });
    const search = new SearchService({ ownerId: "local", store, search: new InMemoryBlockSearch(store) });
    const { pdf, truth } = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 1 }, { kind: "equipment" }], seed: 5 });
    const document = await documents.addDocument({ name: "ov.pdf", bytes: pdf }, { ocr: "never" });
    const [schedule, legend] = truth.sheets[1]!.tables;
    expect(schedule!.ruled).toBe(false);

    const tables = (await store.getBlocks("local", document.id, { page: 2, kind: "TABLE" })).filter((b) => b.meta?.ruled === false);
    expect(tables).toHaveLength(2);
    const [scheduleBlock, legendBlock] = tables;
    expect(scheduleBlock!.text.split("\n")[0]).toBe(`| ${schedule!.header.join(" | ")} |`);
    for (const row of schedule!.rows) {
      // the wrapped name («…радиальный / с шумоглушителем») is one cell of its row
      expect(scheduleBlock!.text).toContain(`| ${row.join(" | ")} |`);
      const hits = await search.search(row[1]!, { documentIds: [document.id] });
      expect(hits[0]!.block.id).toBe(scheduleBlock!.id);
      expect(hits[0]!.block.text.split("\n").find((line) => line.includes(row[1]!))).toContain(`| ${row[3]} |`);
    }
    expect(inside(schedule!.bboxNorm, scheduleBlock!.bboxNorm!) && inside(scheduleBlock!.bboxNorm!, schedule!.bboxNorm, 0.01)).toBe(true);
    for (const row of legend!.rows) expect(legendBlock!.text).toContain(`| ${row.join(" | ")} |`);
    expect(inside(legend!.bboxNorm, legendBlock!.bboxNorm!)).toBe(true);
    // no cell of either table is left behind as a TEXT block of its own
    const texts = await store.getBlocks("local", document.id, { page: 2, kind: "TEXT" });
    for (const row of [...schedule!.rows, ...legend!.rows]) expect(texts.some((b) => row.includes(b.text))).toBe(false);
    // the plan's ruled tables are still found by their rules
    const plan = await store.getBlocks("local", document.id, { page: 1, kind: "TABLE" });
    expect(plan.filter((b) => b.meta?.ruled === false)).toEqual([]);
    expect(plan.some((b) => b.text.includes(truth.sheets[0]!.lintels![0]!.brand))).toBe(true);
  });
});
