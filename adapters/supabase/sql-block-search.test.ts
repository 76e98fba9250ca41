import { Container, ContainerModule } from "inversify";
import { describe, expect, it } from "vitest";
import { blockSearchTerms } from "../../core/domain/search-text.js";
import { BlockSearch } from "../../core/ports/block-search.js";
import { DocumentStore } from "../../core/ports/document-store.js";
import { describeBlockSearchContract } from "../../core/ports/testing/block-search.contract.js";
import { openMigratedPglite } from "../local/testing/pglite-template.js";
import { distinctWords, indexUnsearchedBlocks, writeBlockSearchRows } from "./block-search-rows.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlBlockSearch } from "./sql-block-search.js";
import { bindSqlDatabase } from "./sql-database.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import { startTestPostgres } from "./testing/embedded-postgres-server.js";

describeBlockSearchContract("SqlBlockSearch on PGlite", async () => {
  const driver = await openMigratedPglite();
  return { search: new SqlBlockSearch(driver), store: new SqlDocumentStore(driver, writeBlockSearchRows), close: () => driver.close() };
});

describeBlockSearchContract("SqlBlockSearch on Postgres", async () => {
  const server = await startTestPostgres();
  const driver = await PostgresDriver.connect({ url: await server.createDatabase() });
  await runMigrations(driver, readMigrations());
  return {
    search: new SqlBlockSearch(driver),
    store: new SqlDocumentStore(driver, writeBlockSearchRows),
    close: async () => {
      await driver.close();
      await server.stop();
    },
  };
});

describe("block_search_terms", () => {
  it("counts the blocks holding each stem, per owner, and forgets deleted blocks", async () => {
    const driver = await openMigratedPglite();
    try {
      const store = new SqlDocumentStore(driver, writeBlockSearchRows);
      const page = { number: 1, width: 0, height: 0, rotation: 0, needsOcr: false };
      const doc = (id: string, ownerId: string) => ({
        id, ownerId, name: id, sourceKind: "pdf" as const, sourceVersion: id, pageCount: 1, pages: [page], createdAt: "2026-01-01T00:00:00Z",
      });
      const block = (documentId: string, id: string, text: string, ordinal: number) => ({ id, documentId, kind: "TEXT" as const, page: 1, text, source: "import" as const, ordinal });
      await store.saveDocument(doc("d1", "a"), [block("d1", "AAAA-AAAA-AA1", "Перемычки и кладка", 0), block("d1", "AAAA-AAAA-AA2", "перемычка", 1)]);
      await store.saveDocument(doc("d2", "b"), [block("d2", "BBBB-BBBB-BB1", "перемычки", 0)]);
      const count = async (owner: string, lexeme: string) =>
        (await driver.query<{ blocks: number }>("select blocks from block_search_terms where owner_id = $1 and lexeme = $2", [owner, lexeme]))[0]?.blocks ?? 0;
      expect(await count("a", "перемычк")).toBe(2);
      expect(await count("a", "кладк")).toBe(1);
      expect(await count("b", "перемычк")).toBe(1);
      await store.deleteDocument("a", "d1");
      expect(await count("a", "перемычк")).toBe(0);
      expect(await count("b", "перемычк")).toBe(1);
    } finally {
      await driver.close();
    }
  });
});

describe("block_search words", () => {
  it("keeps each word once, in first-seen order", () => {
    expect(distinctWords("  3600 пк-1  3600\nплита пк-1 плиты ")).toBe("3600 пк-1 плита плиты");
  });

  it("indexes a repeated word once, with the lexemes of the whole text", async () => {
    const driver = await openMigratedPglite();
    try {
      const page = { number: 1, width: 0, height: 0, rotation: 0, needsOcr: false };
      const text = "ПК-1 3600 ПК-1, 3600 +4,950 Плита плиты ПК-1 (3600) +4,950 e-mail@x.ru e-mail@x.ru 1.5 1.5";
      const block = { id: "AAAA-AAAA-AA1", documentId: "d1", kind: "TEXT" as const, page: 1, text, source: "import" as const, ordinal: 0 };
      await new SqlDocumentStore(driver, writeBlockSearchRows).saveDocument(
        { id: "d1", ownerId: "a", name: "d1", sourceKind: "pdf", sourceVersion: "d1", pageCount: 1, pages: [page], createdAt: "2026-01-01T00:00:00Z" },
        [block],
      );
      const [stored] = await driver.query<{ lexemes: string[]; positions: number }>(
        "select tsvector_to_array(words) as lexemes, (select sum(cardinality(positions))::int from unnest(words)) as positions from block_search",
      );
      const [whole] = await driver.query<{ lexemes: string[]; positions: number }>(
        "select tsvector_to_array(v) as lexemes, (select sum(cardinality(positions))::int from unnest(v)) as positions from to_tsvector('russian', $1) as v",
        [blockSearchTerms(block).normalised],
      );
      expect(stored!.lexemes).toEqual(whole!.lexemes);
      expect(stored!.lexemes).toEqual(expect.arrayContaining(["пк", "3600", "плит", "+4.950"]));
      // fewer positions: the repeats were not sent to to_tsvector
      expect(stored!.positions).toBeLessThan(whole!.positions);
    } finally {
      await driver.close();
    }
  });
});

describe("bindSqlDatabase: search", () => {
  it("indexes blocks saved without the search hook once, then keeps the index current through the bound store", async () => {
    const driver = await openMigratedPglite();
    const page = { number: 1, width: 0, height: 0, rotation: 0, needsOcr: false };
    const doc = (id: string) => ({ id, ownerId: "o", name: `${id}.pdf`, sourceKind: "pdf" as const, sourceVersion: id, pageCount: 1, pages: [page], createdAt: "2026-01-01T00:00:00Z" });
    const block = (documentId: string, id: string, text: string) => ({ id, documentId, kind: "TEXT" as const, page: 1, text, source: "import" as const, ordinal: 0 });
    // a database from before migration 0014, holding a block saved before search existed (no hook, no index row)
    await driver.exec("drop table block_search_backfill; delete from schema_migrations where name = '0014_block_search_backfill.sql'");
    await new SqlDocumentStore(driver).saveDocument(doc("old"), [block("old", "OLDD-0000-001", "Решетка РВ-С11")]);

    const container = new Container({ defaultScope: "Singleton" });
    await container.load(new ContainerModule((options) => bindSqlDatabase(options, async () => driver)));
    try {
      const search = await container.getAsync<BlockSearch>(BlockSearch);
      expect((await search.search("o", "РВ-С11")).map((h) => h.block.id)).toEqual(["OLDD-0000-001"]);
      expect(await indexUnsearchedBlocks(driver)).toBe(0);
      // done once: later starts read one row instead of looking through every block
      expect(await driver.query("select due from block_search_backfill")).toEqual([]);
      await new SqlDocumentStore(driver).saveDocument(doc("later"), [block("later", "LATE-0000-001", "Решетка РВ-С13")]);
      expect(await indexUnsearchedBlocks(driver)).toBe(0);

      const store = await container.getAsync<DocumentStore>(DocumentStore);
      await store.saveDocument(doc("new"), [block("new", "NEWW-0000-001", "Решетка РВ-С12")]);
      expect((await search.search("o", "РВ-С12")).map((h) => h.block.id)).toEqual(["NEWW-0000-001"]);
    } finally {
      // closes the driver
      await container.unbindAllAsync();
    }
  });
});
