import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGLISH_STOP_WORDS, normaliseForSearch, RUSSIAN_STOP_WORDS, russianLexemes, stemRussian } from "../../core/domain/russian-text.js";
import type { Block } from "../../core/domain/block.js";
import type { DocumentRecord } from "../../core/domain/document.js";
import type { SearchHit } from "../../core/ports/block-search.js";
import { InMemoryBlockSearch } from "../../core/ports/testing/in-memory-block-search.js";
import { InMemoryDocumentStore } from "../../core/ports/testing/in-memory-document-store.js";
import { RUSSIAN_CONSTRUCTION_WORDS } from "../../fixtures/russian-construction-words.js";
import { openMigratedPglite } from "../local/testing/pglite-template.js";
import { writeBlockSearchRows } from "./block-search-rows.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlBlockSearch } from "./sql-block-search.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import type { SqlDriver } from "./sql-driver.js";
import { startTestPostgres } from "./testing/embedded-postgres-server.js";

// The in-memory search, the block index and the agent stem in core/domain/russian-text.ts; the SQL search lets
// Postgres' `russian` configuration do it. These tests hold the two to the same words.

const TEXTS = [
  "Спецификация сборных железобетонных перемычек над оконными и дверными проемами",
  "Цементно-песчаный раствор М100 для кладки наружных стен; по-видимому, с армированием через 3 ряда",
  "Ведомость вентиляционных решеток. Воздуховоды приточной системы прокладываются под потолком",
  "Утеплитель ёмкостей устанавливается после монтажа трубопроводов, огнестойкость не менее EI 60",
  "Все перемычки укладываются на слой раствора между осями, толщиной не более 20 мм",
];

function describeLexemeAgreement(name: string, open: () => Promise<{ db: SqlDriver; close(): Promise<void> }>): void {
  describe(`russian-text agrees with ${name}`, () => {
    let db: SqlDriver;
    let close: () => Promise<void>;
    beforeAll(async () => ({ db, close } = await open()));
    afterAll(async () => close?.());

    const stopFile = async (language: string) => {
      const [share] = await db.query<{ setting: string }>("select setting from pg_config where name = 'SHAREDIR'");
      const [file] = await db.query<{ text: string }>("select pg_read_file($1) as text", [`${share!.setting}/tsearch_data/${language}.stop`]);
      return new Set(file!.text.split(/\s+/).filter(Boolean));
    };

    it("drops exactly the stop words of russian.stop and english.stop", async () => {
      expect(RUSSIAN_STOP_WORDS).toEqual(await stopFile("russian"));
      expect(ENGLISH_STOP_WORDS).toEqual(await stopFile("english"));
    });

    it("stems every construction word as russian_stem does", async () => {
      const rows = await db.query<{ word: string; lexemes: string[] }>(
        "select w as word, ts_lexize('russian_stem', w) as lexemes from jsonb_array_elements_text($1::jsonb) as w",
        [JSON.stringify(RUSSIAN_CONSTRUCTION_WORDS)],
      );
      expect(rows).toHaveLength(RUSSIAN_CONSTRUCTION_WORDS.length);
      const ours = rows.map((r) => ({ word: r.word, lexemes: RUSSIAN_STOP_WORDS.has(r.word) ? [] : [stemRussian(r.word)] }));
      expect(ours).toEqual(rows);
    });

    it("gives normalised text the Cyrillic lexemes to_tsvector('russian') gives it", async () => {
      for (const text of TEXTS) {
        const normalised = normaliseForSearch(text);
        const rows = await db.query<{ lexeme: string }>("select unnest(tsvector_to_array(to_tsvector('russian', $1))) as lexeme", [normalised]);
        // Postgres also keeps the tokens with digits (the codes channel's) and Porter2-stems Latin words
        const cyrillic = (lexemes: string[]) => [...new Set(lexemes.filter((l) => /^[а-я-]+$/.test(l)))].sort();
        expect(cyrillic(russianLexemes(normalised)), text).toEqual(cyrillic(rows.map((r) => r.lexeme)));
      }
    });
  });
}

describeLexemeAgreement("PGlite", async () => {
  const db = await openMigratedPglite();
  return { db, close: () => db.close() };
});

describeLexemeAgreement("Postgres", async () => {
  const server = await startTestPostgres();
  const db = await PostgresDriver.connect({ url: await server.createDatabase() });
  return {
    db,
    close: async () => {
      await db.close();
      await server.stop();
    },
  };
});

const OWNER = "owner-a";

function document(id: string): DocumentRecord {
  const pages = [{ number: 1, width: 0, height: 0, rotation: 0, needsOcr: false }];
  return { id, ownerId: OWNER, name: `${id}.pdf`, sourceKind: "pdf", sourceVersion: id, pageCount: 1, pages, createdAt: "2026-01-01T00:00:00.000Z" };
}

const BLOCKS = [
  "Спецификация сборных железобетонных перемычек",
  "Перемычки над оконными проемами 2-го этажа",
  "Кладка стен между осями 1-7 из кирпича",
  "Дверь А3-13* противопожарная", // Cyrillic А
  "Заполнение проема A3-13 по каталогу", // OCR wrote a Latin A
  "Оконный блок Ол-1 на отм. -7.650",
  "Оконный блок 0л-2, подоконник", // OCR wrote a zero
  "Отметка верха плиты +4,950",
  "Монолитная железобетонная плита перекрытия",
  "Вентиляционные решетки приточной системы",
  "Ведомость решеток и всех воздуховодов",
  "Плиты укладываются на слой раствора",
].map((text, ordinal): Block => ({ id: `BLCK-0000-${String(ordinal).padStart(3, "0")}`, documentId: "doc", kind: "TEXT", page: 1, text, source: "import", ordinal }));

const QUERIES = {
  stems: ["перемычка", "железобетонные плиты", "вентиляционная решетка", "решеток", "кладки стены", "плита укладывается"],
  "stop words": ["перемычки над проемами", "все решетки между осями", "какие перемычки есть"],
  "look-alikes": ["А3-13", "A3-13", "Ол-1", "0л-1", "Ол-2", "0л-2"],
  "decimal comma": ["+4,950", "+4.950", "отметка 4.950", "-7,650"],
};

describe("InMemoryBlockSearch and SqlBlockSearch on PGlite", () => {
  let driver: Awaited<ReturnType<typeof openMigratedPglite>>;
  let sql: SqlBlockSearch;
  let memory: InMemoryBlockSearch;
  beforeAll(async () => {
    driver = await openMigratedPglite();
    sql = new SqlBlockSearch(driver);
    await new SqlDocumentStore(driver, writeBlockSearchRows).saveDocument(document("doc"), BLOCKS);
    const store = new InMemoryDocumentStore();
    await store.saveDocument(document("doc"), BLOCKS);
    memory = new InMemoryBlockSearch(store);
  });
  afterAll(async () => driver?.close());

  const shape = (hits: SearchHit[]) => hits.map((h) => ({ id: h.block.id, score: Number(h.score.toFixed(9)), matched: h.matched, snippet: h.snippet }));

  for (const [topic, queries] of Object.entries(QUERIES)) {
    it(`return the same hits, scores and snippets: ${topic}`, async () => {
      for (const query of queries) {
        const fromSql = shape(await sql.search(OWNER, query));
        expect(fromSql.length, query).toBeGreaterThan(0);
        expect(shape(await memory.search(OWNER, query)), query).toEqual(fromSql);
      }
    });
  }

  it("fold the OCR look-alikes onto one block", async () => {
    const ids = async (query: string) => (await memory.search(OWNER, query)).map((h) => h.block.id);
    expect(await ids("A3-13")).toEqual(await ids("А3-13"));
    expect(await ids("A3-13")).toEqual([BLOCKS[3]!.id, BLOCKS[4]!.id]);
    expect((await ids("0л-1"))[0]).toBe(BLOCKS[5]!.id);
    expect((await ids("Ол-2"))[0]).toBe(BLOCKS[6]!.id);
  });
});
