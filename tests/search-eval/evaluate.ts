import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeHtmlOcrReader } from "../../adapters/html/node-html-ocr-reader.js";
import { openMigratedPglite } from "../../adapters/local/testing/pglite-template.js";
import { writeBlockSearchRows } from "../../adapters/supabase/block-search-rows.js";
import { SqlBlockSearch } from "../../adapters/supabase/sql-block-search.js";
import { SqlDocumentStore } from "../../adapters/supabase/sql-document-store.js";
import type { SqlDriver } from "../../adapters/supabase/sql-driver.js";
import { DocumentTransferService } from "../../core/application/document-transfer-service.js";
import { InMemoryBlobStorage } from "../../core/ports/testing/in-memory-blob-storage.js";

/** One question of questions.json: relevant blocks by id, or by a snippet of their text (alternatives). */
interface Question {
  id: string;
  file: "html" | "md";
  question: string;
  relevant: Array<{ blockId: string } | { contains: string }>;
}

interface QuestionSet {
  files: Record<Question["file"], string>;
  questions: Question[];
}

export interface SystemScore {
  system: string;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
  /** 1-based rank of the first relevant block in the top 10, or null. */
  ranks: Record<string, number | null>;
}

export interface Evaluation {
  questions: number;
  blocks: number;
  scores: SystemScore[];
}

const OWNER = "eval";
const DEPTH = 10;
const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Imports the two corpus files with the real importers into PGlite (blocks indexed by the store's hook), then
 * asks every question of questions.json of our search and of plain `russian` full-text search over the same
 * blocks: AND (`plainto_tsquery`, the usual default) and OR of the same words.
 */
export async function evaluateSearch(corpusDir: string): Promise<Evaluation> {
  const set = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "questions.json"), "utf8")) as QuestionSet;
  const driver = await openMigratedPglite();
  try {
    const store = new SqlDocumentStore(driver, writeBlockSearchRows);
    const importer = new DocumentTransferService({ ownerId: OWNER, store, blobs: new InMemoryBlobStorage(), html: new NodeHtmlOcrReader() });
    const documents: Record<string, string> = {};
    for (const [key, name] of Object.entries(set.files)) {
      documents[key] = (await importer.importDocument([{ name, bytes: readFileSync(join(corpusDir, name)) }])).id;
    }
    const blocks = (await Promise.all(Object.values(documents).map((id) => store.getBlocks(OWNER, id)))).flat();
    const relevant = new Map(set.questions.map((q) => [q.id, relevantBlocks(q, documents[q.file]!, blocks)]));

    const ours = new SqlBlockSearch(driver);
    const systems: Array<[string, (query: string) => Promise<string[]>]> = [
      ["code-aware search (ours)", async (q) => (await ours.search(OWNER, q, { limit: DEPTH })).map((h) => `${h.block.documentId}/${h.block.id}`)],
      ["plain FTS, all words (plainto_tsquery)", (q) => plainSearch(driver, q, "and")],
      ["plain FTS, any word (OR)", (q) => plainSearch(driver, q, "or")],
    ];
    const scores: SystemScore[] = [];
    for (const [system, run] of systems) {
      const ranks: SystemScore["ranks"] = {};
      for (const q of set.questions) {
        const hits = await run(q.question);
        const rank = hits.findIndex((key) => relevant.get(q.id)!.has(key));
        ranks[q.id] = rank >= 0 ? rank + 1 : null;
      }
      const values = Object.values(ranks);
      const share = (k: number) => values.filter((r) => r !== null && r <= k).length / values.length;
      const mrr = values.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0) / values.length;
      scores.push({ system, recallAt5: share(5), recallAt10: share(10), mrr, ranks });
    }
    return { questions: set.questions.length, blocks: blocks.length, scores };
  } finally {
    await driver.close();
  }
}

/** `document/block` keys of the blocks a question accepts; a listed id or snippet that matches nothing is an error. */
function relevantBlocks(question: Question, documentId: string, blocks: Array<{ id: string; documentId: string; text: string; description?: string }>): Set<string> {
  const keys = new Set<string>();
  for (const entry of question.relevant) {
    const found = blocks.filter(
      (b) =>
        b.documentId === documentId &&
        ("blockId" in entry ? b.id === entry.blockId : collapse(`${b.text}\n${b.description ?? ""}`).includes(collapse(entry.contains))),
    );
    if (found.length === 0) throw new Error(`question ${question.id}: no block matches ${JSON.stringify(entry)}`);
    for (const b of found) keys.add(`${b.documentId}/${b.id}`);
  }
  return keys;
}

async function plainSearch(driver: SqlDriver, query: string, mode: "and" | "or"): Promise<string[]> {
  const tsquery = mode === "and" ? "plainto_tsquery('russian', $2)" : "cast(replace(plainto_tsquery('russian', $2)::text, '&', '|') as tsquery)";
  const rows = await driver.query<{ key: string }>(
    `select b.document_id || '/' || b.id as key
     from blocks b, to_tsvector('russian', b.text || ' ' || coalesce(b.description, '')) as words, ${tsquery} as query
     where b.owner_id = $1 and words @@ query
     order by ts_rank(words, query) desc, b.document_id, b.ordinal
     limit ${DEPTH}`,
    [OWNER, query],
  );
  return rows.map((r) => r.key);
}
