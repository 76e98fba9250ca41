import {
  analyseIndexQuery,
  entryMatchKeys,
  rankIndexCandidates,
  scoreIndexEntry,
  type BlockIndexCandidate,
  type BlockIndexEntry,
  type BlockIndexEntryInput,
  type BlockIndexQuery,
  type BlockIndexStatus,
} from "../../core/domain/block-index.js";
import { notFound } from "../../core/domain/errors.js";
import type { BlockIndex } from "../../core/ports/block-index.js";
import type { SqlDriver, SqlExecutor, SqlValue } from "./sql-driver.js";
import { writeError } from "./sql-errors.js";

interface EntryRow {
  document_id: string;
  block_id: string;
  page: number;
  source_version: string;
  prompt_version: number | null;
  status: BlockIndexStatus;
  attempts: number;
  model: string | null;
  title: string | null;
  discipline: string | null;
  keywords: string[];
  system_codes: string[];
  floor: string | null;
  section: string | null;
  scale: string | null;
  summary: string | null;
  last_error: string | null;
  match_keys: string[];
  updated_at: Date;
}

const SELECT = `select bi.document_id, bi.block_id, b.page, bi.source_version, bi.prompt_version, bi.status, bi.attempts, bi.model,
    bi.title, bi.discipline, bi.keywords, bi.system_codes, bi.floor, bi.section, bi.scale, bi.summary, bi.last_error,
    bi.match_keys, bi.updated_at
  from block_index bi join blocks b on b.document_id = bi.document_id and b.id = bi.block_id`;
const ORDER = `order by bi.document_id collate "C", b.page, bi.block_id collate "C"`;
const textArray = (n: number) => `array(select jsonb_array_elements_text($${n}::jsonb))`;

/**
 * `BlockIndex` over the `block_index` table (migrations 0001 and 0003) on PGlite or Postgres. Match keys are
 * computed by the core and stored for a GIN prefilter; candidates are scored by the shared core function.
 */
export class SqlBlockIndex implements BlockIndex {
  constructor(private readonly db: SqlDriver) {}

  async upsert(ownerId: string, entries: BlockIndexEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.db.transaction(async (tx) => {
        for (const entry of entries) await upsertOne(tx, ownerId, entry);
      });
    } catch (error) {
      throw writeError(error, `block index entries of document ${entries[0]!.documentId}`);
    }
  }

  async get(ownerId: string, documentId: string, blockId: string): Promise<BlockIndexEntry | undefined> {
    const [row] = await this.db.query<EntryRow>(`${SELECT} where bi.owner_id = $1 and bi.document_id = $2 and bi.block_id = $3`, [ownerId, documentId, blockId]);
    return row && toEntry(row);
  }

  async list(ownerId: string, options: { documentIds?: string[]; status?: BlockIndexStatus } = {}): Promise<BlockIndexEntry[]> {
    const params: SqlValue[] = [ownerId];
    const where = ["bi.owner_id = $1"];
    if (options.documentIds) where.push(`bi.document_id = any(${textArray(params.push(JSON.stringify(options.documentIds)))})`);
    if (options.status) where.push(`bi.status = $${params.push(options.status)}`);
    const rows = await this.db.query<EntryRow>(`${SELECT} where ${where.join(" and ")} ${ORDER}`, params);
    return rows.map(toEntry);
  }

  async findCandidates(ownerId: string, query: BlockIndexQuery): Promise<BlockIndexCandidate[]> {
    const analysed = analyseIndexQuery(query);
    if (analysed.keys.size === 0) return [];
    const params: SqlValue[] = [ownerId, JSON.stringify([...analysed.keys.keys()])];
    const where = ["bi.owner_id = $1", "bi.status = 'indexed'", `bi.match_keys && ${textArray(2)}`];
    if (analysed.documentIds) where.push(`bi.document_id = any(${textArray(params.push(JSON.stringify(analysed.documentIds)))})`);
    // score on the keys alone, then read the full rows of the winners only (a broad query can hit thousands)
    const keyRows = await this.db.query<Pick<EntryRow, "document_id" | "block_id" | "page" | "match_keys">>(
      `select bi.document_id, bi.block_id, b.page, bi.match_keys
       from block_index bi join blocks b on b.document_id = bi.document_id and b.id = bi.block_id
       where ${where.join(" and ")}`,
      params,
    );
    const ranked = rankIndexCandidates(
      keyRows.map((row) => ({ entry: { documentId: row.document_id, blockId: row.block_id, page: row.page }, ...scoreIndexEntry(row.match_keys, analysed) })),
      analysed.limit,
    );
    if (ranked.length === 0) return [];
    const full = await this.db.query<EntryRow>(
      `${SELECT} where bi.owner_id = $1 and (bi.document_id, bi.block_id) in (select x->>0, x->>1 from jsonb_array_elements($2::jsonb) as x)`,
      [ownerId, JSON.stringify(ranked.map((c) => [c.entry.documentId, c.entry.blockId]))],
    );
    const byKey = new Map(full.map((row) => [`${row.document_id}\u0001${row.block_id}`, toEntry(row)]));
    return ranked.flatMap((c) => {
      const entry = byKey.get(`${c.entry.documentId}\u0001${c.entry.blockId}`);
      return entry ? [{ ...c, entry }] : [];
    });
  }
}

async function upsertOne(tx: SqlExecutor, ownerId: string, entry: BlockIndexEntryInput): Promise<void> {
  const rows = await tx.query(
    `insert into block_index (document_id, block_id, owner_id, source_version, prompt_version, status, attempts, model, title, discipline,
       keywords, system_codes, floor, section, scale, summary, last_error, match_keys, updated_at)
     select b.document_id, b.id, b.owner_id, $4, $5, $6, $7, $8, $9, $10, ${textArray(11)}, ${textArray(12)}, $13, $14, $15, $16, $17, ${textArray(18)}, now()
     from blocks b where b.document_id = $1 and b.id = $2 and b.owner_id = $3
     on conflict (document_id, block_id) do update set
       source_version = excluded.source_version, prompt_version = excluded.prompt_version, status = excluded.status,
       attempts = excluded.attempts, model = excluded.model, title = excluded.title, discipline = excluded.discipline,
       keywords = excluded.keywords, system_codes = excluded.system_codes, floor = excluded.floor, section = excluded.section,
       scale = excluded.scale, summary = excluded.summary, last_error = excluded.last_error, match_keys = excluded.match_keys,
       updated_at = now()
     returning block_id`,
    [
      entry.documentId,
      entry.blockId,
      ownerId,
      entry.sourceVersion,
      entry.promptVersion,
      entry.status,
      entry.attempts,
      entry.model ?? null,
      entry.title ?? null,
      entry.discipline ?? null,
      JSON.stringify(entry.keywords ?? []),
      JSON.stringify(entry.systemCodes ?? []),
      entry.floor ?? null,
      entry.section ?? null,
      entry.scale ?? null,
      entry.summary ?? null,
      entry.error ?? null,
      JSON.stringify(entry.status === "indexed" ? entryMatchKeys(entry) : []),
    ],
  );
  if (rows.length > 0) return;
  // nothing inserted: say whether the document or only the block is missing for this owner
  const [document] = await tx.query("select 1 from documents where id = $1 and owner_id = $2", [entry.documentId, ownerId]);
  throw document ? notFound("BLOCK.NOT_FOUND", `block ${entry.blockId} in document ${entry.documentId}`) : notFound("DOCUMENT.NOT_FOUND", `document ${entry.documentId}`);
}

function toEntry(row: EntryRow): BlockIndexEntry {
  const optional = <K extends string>(key: K, value: string | number | null) => (value === null ? {} : ({ [key]: value } as Record<K, string>));
  return {
    documentId: row.document_id,
    blockId: row.block_id,
    page: row.page,
    sourceVersion: row.source_version,
    promptVersion: row.prompt_version ?? 0,
    status: row.status,
    attempts: row.attempts,
    keywords: row.keywords,
    systemCodes: row.system_codes,
    ...optional("model", row.model),
    ...optional("title", row.title),
    ...optional("discipline", row.discipline),
    ...optional("floor", row.floor),
    ...optional("section", row.section),
    ...optional("scale", row.scale),
    ...optional("summary", row.summary),
    ...optional("error", row.last_error),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
