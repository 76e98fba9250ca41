import type { Block } from "../../core/domain/block.js";
import type { SheetStamp } from "../../core/domain/document.js";
import { blockSearchTerms } from "../../core/domain/search-text.js";
import { BLOCK_COLUMNS, toBlock, type BlockRow } from "./document-rows.js";
import type { SqlDriver, SqlExecutor } from "./sql-driver.js";

/**
 * Rows per statement: few statements (each fires the term-count trigger once) while one JSON parameter stays a
 * few megabytes even for text-heavy documents.
 */
const ROWS_PER_STATEMENT = 2000;

/**
 * Writes the `block_search` rows (migration 0002) of blocks just inserted. Shaped as the SQL document store's
 * `BlocksWrittenHook`: it runs inside the transaction that inserts the blocks, so the index is never behind
 * them, and its rows disappear with their blocks (`on delete cascade`). The stamp of each block's page (sheet
 * number, title such as "План 2-го этажа") is indexed with the block.
 */
export async function writeBlockSearchRows(tx: SqlExecutor, ownerId: string, documentId: string, blocks: readonly Block[]): Promise<void> {
  const pages = await tx.query<{ number: number; stamp: SheetStamp | null }>("select number, stamp from pages where document_id = $1", [documentId]);
  const stamps = new Map(pages.map((p) => [p.number, p.stamp ?? undefined]));
  for (let at = 0; at < blocks.length; at += ROWS_PER_STATEMENT) {
    const rows = blocks.slice(at, at + ROWS_PER_STATEMENT).map((block) => {
      const terms = blockSearchTerms(block, stamps.get(block.page));
      return { block_id: block.id, page: block.page, kind: block.kind, ordinal: block.ordinal, text: distinctWords(terms.normalised), codes: terms.codes, floors: terms.floors };
    });
    await tx.query(
      `insert into block_search (document_id, block_id, owner_id, page, kind, ordinal, words, codes, floors)
       select $1, r.block_id, $2, r.page, r.kind, r.ordinal, to_tsvector('russian', r.text),
         array(select jsonb_array_elements_text(r.codes)), array(select jsonb_array_elements_text(r.floors)::int)
       from jsonb_to_recordset($3::jsonb) as r(block_id text, page int, kind text, ordinal int, text text, codes jsonb, floors jsonb)`,
      [documentId, ownerId, JSON.stringify(rows)],
    );
  }
}

/**
 * Each whitespace-separated word of `text` once, in first-seen order. The words channel only asks whether a block
 * holds a stem (`@@` with `&` and `|`, never positions or ranks), and Postgres' parser never joins tokens across
 * whitespace, so the lexemes are those of the whole text. A heavy sheet's drawing block repeats its dimensions and
 * marks: on the 50-sheet heavy set 108 k words are 12.8 k distinct ones, and `to_tsvector` took 156 ms against 30 ms.
 */
export function distinctWords(text: string): string {
  return [...new Set(text.split(/\s+/).filter(Boolean))].join(" ");
}

/**
 * Indexes the blocks that have no `block_search` row yet (saved before migration 0002), one document per
 * transaction, when migration 0014 found some: it looks for them only while `block_search_backfill` says so, and
 * clears that once done (an interrupted run resumes at the next start). Blocks saved later by a store built without
 * the hook (tests of other ports) stay unsearched. Returns how many blocks it indexed.
 */
export async function indexUnsearchedBlocks(db: SqlDriver): Promise<number> {
  const [due] = await db.query("select 1 from block_search_backfill");
  if (!due) return 0;
  const documents = await db.query<{ document_id: string; owner_id: string }>(
    `select distinct b.document_id, b.owner_id from blocks b
     where not exists (select 1 from block_search s where s.document_id = b.document_id and s.block_id = b.id)`,
  );
  let indexed = 0;
  for (const { document_id: documentId, owner_id: ownerId } of documents) {
    indexed += await db.transaction(async (tx) => {
      const rows = await tx.query<BlockRow>(
        `select ${BLOCK_COLUMNS.split(", ").map((c) => `b.${c}`).join(", ")} from blocks b
         where b.document_id = $1
           and not exists (select 1 from block_search s where s.document_id = b.document_id and s.block_id = b.id)
         for update of b`,
        [documentId],
      );
      await writeBlockSearchRows(tx, ownerId, documentId, rows.map(toBlock));
      return rows.length;
    });
  }
  await db.query("delete from block_search_backfill");
  return indexed;
}
