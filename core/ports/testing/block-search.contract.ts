import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block, BlockKind } from "../../domain/block.js";
import type { DocumentRecord, Page } from "../../domain/document.js";
import { DomainError } from "../../domain/errors.js";
import type { BlockSearch, SearchFilters, SearchHit } from "../block-search.js";
import type { DocumentStore } from "../document-store.js";

/** What a contract run needs from an adapter: the search, and the document store whose writes it indexes. */
export interface BlockSearchFixture {
  search: BlockSearch;
  /** Documents saved, replaced or deleted here are what the search sees (through the adapter's indexing path). */
  store: DocumentStore;
  close?(): Promise<void>;
}

const OWNER = "owner-a";
const OTHER_OWNER = "owner-b";

function page(number: number, stamp?: Page["stamp"]): Page {
  return { number, width: 0, height: 0, rotation: 0, needsOcr: false, ...(stamp ? { stamp } : {}) };
}

function document(id: string, pages: Page[], extra: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id,
    ownerId: OWNER,
    name: `${id}.pdf`,
    sourceKind: "pdf",
    sourceVersion: `sha-${id}`,
    pageCount: pages.length,
    pages,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...extra,
  };
}

let ordinal = 0;
function block(documentId: string, id: string, pageNumber: number, text: string, kind: BlockKind = "TEXT"): Block {
  return { id, documentId, kind, page: pageNumber, text, source: "import", ordinal: ordinal++ };
}

const LINTELS = "doc-lintels";
const MARKS = "doc-marks";
const HVAC = "doc-hvac";
const FOREIGN = "doc-foreign";

/** Documents shared by the suite: two floors of lintels, marks that differ by one character, HVAC systems. */
function corpus(): Array<[DocumentRecord, Block[]]> {
  ordinal = 0;
  return [
    [
      document(LINTELS, [page(1), page(2, { sheet: "5", title: "План 2-го этажа" }), page(3), page(4, { sheet: "9", title: "План 7 этажа" })], {
        projectPath: ["ЖК Лот 33", "АР"],
      }),
      [
        block(LINTELS, "LINT-0001-AAA", 1, "Общие указания. Кладку перегородок выполнять по серии 2.130-1.", "TEXT"),
        block(LINTELS, "LINT-0002-AAA", 2, "Ведомость. Перемычки 2-го этажа\n| Марка | Схема | Кол. |\n| ПР-1 | 2ПБ 13-1 | 14 |", "TABLE"),
        block(LINTELS, "LINT-0003-AAA", 3, "Перемычки 7 этажа\n| Марка | Кол. |\n| ПР-1 | 22 |", "TABLE"),
        block(LINTELS, "LINT-0004-AAA", 4, "Спецификация перемычки ПР-2, отм. +4,950", "TABLE"),
        block(LINTELS, "LINT-0005-AAA", 2, "Маркировочный план. Оси 1-7/А-Ж. Лист 133/23-ГК-АР4", "IMAGE"),
        block(LINTELS, "LINT-0006-AAA", 1, "Спецификация сборных железобетонных перемычек", "TEXT"),
        block(LINTELS, "LINT-0007-AAA", 1, "Ведомость вентиляционных решеток", "TEXT"),
      ],
    ],
    [
      document(MARKS, [page(1), page(2)], { projectPath: ["ЖК Лот 33", "КЖ"] }),
      [
        block(MARKS, "MARK-0001-BBB", 1, "Окно В2 с подоконником"),
        block(MARKS, "MARK-0002-BBB", 1, "Окно В21 с подоконником"),
        block(MARKS, "MARK-0003-BBB", 2, "Дверь А3-13* противопожарная, ГОСТ 57327-2016"),
        block(MARKS, "MARK-0004-BBB", 2, "Оконный блок Ол-1 на отм. -7.650"),
        block(MARKS, "MARK-0005-BBB", 2, "Заполнение B3-14 по каталогу"),
        block(MARKS, "MARK-0006-BBB", 1, "Отметка верха плиты +7,650"),
      ],
    ],
    [
      document(HVAC, [page(1)], { projectPath: ["ЖК Лот 33", "ОВ"] }),
      [
        block(HVAC, "HVAC-0001-CCC", 1, "Система ОВ1 приточная, вентилятор"),
        block(HVAC, "HVAC-0002-CCC", 1, "Система ОВ1.1 вытяжная, вентилятор"),
      ],
    ],
    [
      document(FOREIGN, [page(1)], { ownerId: OTHER_OWNER }),
      [block(FOREIGN, "FORE-0001-DDD", 1, "Перемычки 2-го этажа ПР-1 окно В2 система ОВ1")],
    ],
  ];
}

/**
 * The contract every `BlockSearch` adapter passes (DESIGN §5): exact codes, folded look-alikes, decimal comma,
 * floor/sheet cues, filters with validation, owner scoping, snippets.
 */
export function describeBlockSearchContract(name: string, makeFixture: () => Promise<BlockSearchFixture>): void {
  describe(`BlockSearch contract: ${name}`, () => {
    let fixture: BlockSearchFixture;
    const search = (query: string, options?: { filters?: SearchFilters; limit?: number }) => fixture.search.search(OWNER, query, options);
    const ids = (hits: SearchHit[]) => hits.map((h) => h.block.id);

    beforeAll(async () => {
      fixture = await makeFixture();
      for (const [doc, blocks] of corpus()) await fixture.store.saveDocument(doc, blocks);
    });
    afterAll(async () => {
      await fixture?.close?.();
    });

    it("rejects an empty query with SEARCH.INVALID_QUERY", async () => {
      for (const query of ["", "   \n"]) {
        await expect(search(query)).rejects.toSatisfy((e) => DomainError.isInstance(e) && e.code === "SEARCH.INVALID_QUERY");
      }
    });

    it("rejects invalid filters and limits with VALIDATION.INVALID_INPUT", async () => {
      const bad: Array<{ filters?: SearchFilters; limit?: number }> = [
        { filters: { pages: [0] } },
        { filters: { kinds: ["DRAWING" as BlockKind] } },
        { filters: { documentIds: [""] } },
        { filters: { projectPath: [] } },
        { limit: 0 },
        { limit: 1000 },
        { limit: 2.5 },
      ];
      for (const options of bad) {
        await expect(search("перемычки", options)).rejects.toSatisfy((e) => DomainError.isInstance(e) && e.code === "VALIDATION.INVALID_INPUT");
      }
    });

    it("matches codes exactly: В2 is not В21, ОВ1 is not ОВ1.1", async () => {
      expect(ids(await search("В2"))).toEqual(["MARK-0001-BBB"]);
      expect(ids(await search("В21"))).toEqual(["MARK-0002-BBB"]);
      expect(ids(await search("ОВ1"))).toEqual(["HVAC-0001-CCC"]);
      expect(ids(await search("ОВ1.1"))).toEqual(["HVAC-0002-CCC"]);
    });

    it("ranks the block with the asked code above blocks that only share words", async () => {
      const hits = await search("окно В21 подоконник");
      expect(ids(hits)[0]).toBe("MARK-0002-BBB");
      expect(ids(hits)).toContain("MARK-0001-BBB");
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect(hits[0]!.matched).toEqual(expect.arrayContaining(["codes", "words"]));
    });

    it("folds Cyrillic/Latin look-alikes and 0/О in both directions", async () => {
      expect(ids(await search("A3-13"))).toEqual(["MARK-0003-BBB"]); // Latin A; the block says А3-13*
      expect(ids(await search("0л-1"))).toEqual(["MARK-0004-BBB"]);
      expect(ids(await search("В3-14"))).toEqual(["MARK-0005-BBB"]); // Cyrillic В; the block's OCR wrote B3-14
    });

    it("keeps the star of a mark exact when the query has it", async () => {
      expect(ids(await search("А3-13*"))).toEqual(["MARK-0003-BBB"]);
      expect(await search("А3-14*")).toEqual([]);
    });

    it("treats a decimal comma as a point and keeps the sign of elevations", async () => {
      const plus = await search("+4.950");
      expect(ids(plus)).toEqual(["LINT-0004-AAA"]);
      expect(plus[0]!.matched).toContain("numbers");
      expect(ids(await search("-7,650"))).toEqual(["MARK-0004-BBB"]);
      expect(ids(await search("отметка +7.650"))[0]).toBe("MARK-0006-BBB");
    });

    it("finds a standard by its number without the year", async () => {
      expect(ids(await search("ГОСТ 57327"))).toEqual(["MARK-0003-BBB"]);
    });

    it("finds axes and sheet ciphers as codes", async () => {
      expect(ids(await search("в осях 1-7/А-Ж"))[0]).toBe("LINT-0005-AAA");
      expect(ids(await search("133/23-ГК-АР4"))).toEqual(["LINT-0005-AAA"]);
    });

    it("ranks the asked floor first, however the floor is written", async () => {
      for (const query of ["перемычки 2-го этажа", "перемычки на 2 этаже", "перемычки этаж 2", "перемычки второго этажа"]) {
        const hits = ids(await search(query));
        expect(hits[0], query).toBe("LINT-0002-AAA");
        expect(hits.indexOf("LINT-0003-AAA"), query).toBeGreaterThan(0);
      }
      const seventh = ids(await search("перемычки 7 этажа"));
      expect(seventh[0]).toBe("LINT-0003-AAA");
    });

    it("boosts the sheet named in the query (stamp sheet or page)", async () => {
      const hits = await search("перемычка лист 9");
      expect(ids(hits)[0]).toBe("LINT-0004-AAA");
    });

    it("stems Russian words", async () => {
      const hits = ids(await search("перемычка"));
      expect(hits).toEqual(expect.arrayContaining(["LINT-0002-AAA", "LINT-0003-AAA", "LINT-0004-AAA"]));
      expect(hits).not.toContain("MARK-0001-BBB");
    });

    it("finds forms with a fleeting vowel: перемычки finds перемычек, решетки finds решеток", async () => {
      expect(ids(await search("перемычки"))).toContain("LINT-0006-AAA");
      expect(ids(await search("вентиляционные решетки"))[0]).toBe("LINT-0007-AAA");
    });

    it("filters by document, page, kind and project path", async () => {
      expect(ids(await search("вентилятор", { filters: { documentIds: [MARKS] } }))).toEqual([]);
      expect(ids(await search("вентилятор", { filters: { documentIds: [HVAC] } }))).toHaveLength(2);
      expect(ids(await search("перемычки", { filters: { pages: [3] } }))).toEqual(["LINT-0003-AAA"]);
      expect(ids(await search("перемычки", { filters: { kinds: ["IMAGE"] } }))).toEqual([]);
      expect(ids(await search("лист 133/23-ГК-АР4", { filters: { kinds: ["IMAGE"] } }))).toEqual(["LINT-0005-AAA"]);
      expect(ids(await search("вентилятор", { filters: { projectPath: ["ЖК Лот 33", "ОВ"] } }))).toHaveLength(2);
      expect(ids(await search("вентилятор", { filters: { projectPath: ["ЖК Лот 33", "АР"] } }))).toEqual([]);
      expect(ids(await search("вентилятор", { filters: { projectPath: ["ЖК Лот 33"] } }))).toHaveLength(2);
    });

    it("never returns another owner's blocks", async () => {
      const hits = await search("Перемычки 2-го этажа ПР-1 окно В2 система ОВ1");
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.block.documentId !== FOREIGN)).toBe(true);
      expect(await fixture.search.search("nobody", "перемычки")).toEqual([]);
    });

    it("returns whole blocks with document name, score and a «marked» snippet", async () => {
      const [hit] = await search("ОВ1.1");
      expect(hit!.block).toMatchObject({ id: "HVAC-0002-CCC", documentId: HVAC, kind: "TEXT", page: 1, text: "Система ОВ1.1 вытяжная, вентилятор" });
      expect(hit!.documentName).toBe(`${HVAC}.pdf`);
      expect(hit!.score).toBeGreaterThan(0);
      expect(hit!.snippet).toContain("«ОВ1.1»");
      expect(hit!.matched).toEqual(["codes"]);
      const [word] = await search("вытяжная система");
      expect(word!.snippet).toMatch(/«Система».*«вытяжная»/);
    });

    it("honours the limit and orders by score", async () => {
      const all = await search("перемычки ПР-1 окно подоконник вентилятор");
      expect(all.length).toBeGreaterThan(3);
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
      expect(ids(await search("перемычки ПР-1 окно подоконник вентилятор", { limit: 2 }))).toEqual(ids(all).slice(0, 2));
    });

    it("returns nothing for a query with no match", async () => {
      expect(await search("эскалатор Z9")).toEqual([]);
    });

    it("follows the store: replaced page blocks and deleted documents", async () => {
      ordinal = 100;
      const temporary = document("doc-temporary", [page(1)]);
      await fixture.store.saveDocument(temporary, [block(temporary.id, "TEMP-0001-EEE", 1, "Лоток водоотводный ЛВ-7")]);
      expect(ids(await search("ЛВ-7"))).toEqual(["TEMP-0001-EEE"]);
      const stamped = page(1, { sheet: "3", title: "План 4-го этажа" });
      await fixture.store.replacePageBlocks(OWNER, temporary.id, stamped, "import", [block(temporary.id, "TEMP-0002-EEE", 1, "Лоток водоотводный ЛВ-8")]);
      expect(await search("ЛВ-7")).toEqual([]);
      expect(ids(await search("ЛВ-8"))).toEqual(["TEMP-0002-EEE"]);
      // the replaced page's new stamp names the 4th floor
      const [fourth] = await search("лоток ЛВ-8 4-го этажа");
      const [fifth] = await search("лоток ЛВ-8 5-го этажа");
      expect(fourth!.score).toBeGreaterThan(fifth!.score);
      await fixture.store.deleteDocument(OWNER, temporary.id);
      expect(await search("лоток ЛВ-8")).toEqual([]);
    });
  });
}
