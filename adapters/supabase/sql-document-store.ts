import type { Block } from "../../core/domain/block.js";
import type { DocumentRecord, Page } from "../../core/domain/document.js";
import { notFound } from "../../core/domain/errors.js";
import type { BlockQuery, DocumentStore } from "../../core/ports/document-store.js";
import {
  BLOCK_COLUMNS,
  DOCUMENT_COLUMNS,
  PAGE_COLUMNS,
  blockJson,
  pageJson,
  toBlock,
  toDocument,
  type BlockRow,
  type DocumentRow,
  type PageRow,
} from "./document-rows.js";
import type { SqlDriver, SqlExecutor, SqlValue } from "./sql-driver.js";
import { writeError } from "./sql-errors.js";

/**
 * Called inside the write transaction right after blocks were inserted (by `saveDocument` or
 * `replacePageBlocks`), so derived rows such as the search index are written atomically with them.
 * Rows keyed on `blocks` with `on delete cascade` need no hook for deletion.
 */
export type BlocksWrittenHook = (tx: SqlExecutor, ownerId: string, documentId: string, blocks: Block[]) => Promise<void>;

/** Rows per insert statement: one JSON parameter each, small enough for any server's limits. */
const BLOCKS_PER_STATEMENT = 2_000;

const WRITABLE_BLOCK_COLUMNS = `owner_id, ${BLOCK_COLUMNS}`;
const WRITABLE_PAGE_COLUMNS = `owner_id, ${PAGE_COLUMNS}`;

/** `DocumentStore` over SQL (PGlite or a Postgres server), on the tables of migrations/0001. */
export class SqlDocumentStore implements DocumentStore {
  constructor(
    private readonly db: SqlDriver,
    private readonly onBlocksWritten?: BlocksWrittenHook,
  ) {}

  /** Replaces a document of the same id and owner (with its pages and blocks) in one transaction. */
  async saveDocument(document: DocumentRecord, blocks: Block[]): Promise<void> {
    const owner = document.ownerId;
    try {
      await this.db.transaction(async (tx) => {
        await tx.query("delete from documents where id = $1 and owner_id = $2", [document.id, owner]);
        const treeNodeId = document.projectPath?.length ? await ensureFolderPath(tx, owner, document.projectPath) : null;
        await tx.query(
          `insert into documents (${DOCUMENT_COLUMNS}, tree_node_id)
           select ${DOCUMENT_COLUMNS}, $2 from jsonb_populate_record(null::documents, $1::jsonb)`,
          [JSON.stringify(documentJson(document)), treeNodeId],
        );
        await insertRows(tx, "pages", WRITABLE_PAGE_COLUMNS, document.pages.map((p) => pageJson(document.id, owner, p)));
        await this.insertBlocks(tx, owner, document.id, blocks);
      });
    } catch (error) {
      throw writeError(error, `document ${document.id} (${document.name})`);
    }
  }

  async getDocument(ownerId: string, documentId: string): Promise<DocumentRecord> {
    const [row] = await this.db.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from documents where id = $1 and owner_id = $2`, [documentId, ownerId]);
    if (!row) throw notFound("DOCUMENT.NOT_FOUND", `document ${documentId}`);
    const pages = await this.db.query<PageRow>(`select ${PAGE_COLUMNS} from pages where document_id = $1 order by number`, [documentId]);
    return toDocument(row, pages);
  }

  async findDocumentBySourceVersion(ownerId: string, sourceVersion: string): Promise<DocumentRecord | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `select id from documents where owner_id = $1 and source_version = $2 order by created_at, id collate "C" limit 1`,
      [ownerId, sourceVersion],
    );
    return row && this.getDocument(ownerId, row.id);
  }

  async listDocuments(ownerId: string): Promise<DocumentRecord[]> {
    const rows = await this.db.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from documents where owner_id = $1 order by created_at, id collate "C"`, [ownerId]);
    const pages = await this.db.query<PageRow>(`select ${PAGE_COLUMNS} from pages where owner_id = $1 order by document_id, number`, [ownerId]);
    const byDocument = new Map<string, PageRow[]>();
    for (const page of pages) {
      const list = byDocument.get(page.document_id);
      if (list) list.push(page);
      else byDocument.set(page.document_id, [page]);
    }
    return rows.map((row) => toDocument(row, byDocument.get(row.id) ?? []));
  }

  async getBlocks(ownerId: string, documentId: string, query: BlockQuery = {}): Promise<Block[]> {
    await this.assertDocument(this.db, ownerId, documentId);
    // only the filters asked for go into the statement, so each shape gets a plan that uses the right index
    const params: SqlValue[] = [documentId];
    const where = ["document_id = $1"];
    if (query.page !== undefined) where.push(`page = $${params.push(query.page)}`);
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    if (query.ids) where.push(`id in (select jsonb_array_elements_text($${params.push(JSON.stringify(query.ids))}::jsonb))`);
    const rows = await this.db.query<BlockRow>(`select ${BLOCK_COLUMNS} from blocks where ${where.join(" and ")} order by ordinal, id collate "C"`, params);
    return rows.map(toBlock);
  }

  async getBlock(ownerId: string, documentId: string, blockId: string): Promise<Block> {
    await this.assertDocument(this.db, ownerId, documentId);
    const [row] = await this.db.query<BlockRow>(`select ${BLOCK_COLUMNS} from blocks where document_id = $1 and id = $2`, [documentId, blockId]);
    if (!row) throw notFound("BLOCK.NOT_FOUND", `block ${blockId} in document ${documentId}`);
    return toBlock(row);
  }

  async replacePageBlocks(ownerId: string, documentId: string, page: Page, source: string, blocks: Block[]): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await this.assertDocument(tx, ownerId, documentId, "for update");
        await tx.query("delete from blocks where document_id = $1 and page = $2 and source = $3", [documentId, page.number, source]);
        const { document_id: _d, owner_id: _o, number: _n, ...fields } = pageJson(documentId, ownerId, page);
        await tx.query(
          `update pages p set width = r.width, height = r.height, rotation = r.rotation, needs_ocr = r.needs_ocr,
             ocr_engine = r.ocr_engine, stamp = r.stamp
           from jsonb_populate_record(null::pages, $3::jsonb) r
           where p.document_id = $1 and p.number = $2`,
          [documentId, page.number, JSON.stringify(fields)],
        );
        // after the page update: the search hook indexes the blocks with the page's new stamp
        await this.insertBlocks(tx, ownerId, documentId, blocks);
      });
    } catch (error) {
      throw writeError(error, `page ${page.number} of document ${documentId}`);
    }
  }

  async deleteDocument(ownerId: string, documentId: string): Promise<void> {
    const deleted = await this.db.query("delete from documents where id = $1 and owner_id = $2 returning id", [documentId, ownerId]);
    if (deleted.length === 0) throw notFound("DOCUMENT.NOT_FOUND", `document ${documentId}`);
  }

  private async assertDocument(db: SqlExecutor, ownerId: string, documentId: string, lock = ""): Promise<void> {
    const [row] = await db.query(`select 1 from documents where id = $1 and owner_id = $2 ${lock}`, [documentId, ownerId]);
    if (!row) throw notFound("DOCUMENT.NOT_FOUND", `document ${documentId}`);
  }

  private async insertBlocks(tx: SqlExecutor, ownerId: string, documentId: string, blocks: Block[]): Promise<void> {
    await insertRows(tx, "blocks", WRITABLE_BLOCK_COLUMNS, blocks.map((b) => blockJson(documentId, ownerId, b)));
    if (blocks.length > 0) await this.onBlocksWritten?.(tx, ownerId, documentId, blocks);
  }
}

async function insertRows(tx: SqlExecutor, table: "pages" | "blocks", columns: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BLOCKS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + BLOCKS_PER_STATEMENT);
    await tx.query(`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(chunk)]);
  }
}

function documentJson(d: DocumentRecord): Record<string, unknown> {
  return {
    id: d.id,
    owner_id: d.ownerId,
    name: d.name,
    source_kind: d.sourceKind,
    source_key: d.sourceKey ?? null,
    source_version: d.sourceVersion,
    page_count: d.pageCount,
    project_path: d.projectPath ?? null,
    stamp_line: d.stampLine ?? null,
    crops: d.crops ?? null,
    meta: d.meta ?? null,
    created_at: d.createdAt,
  };
}

/** The folder node at the end of `path` (created as needed), so documents hang in the owner's project tree. */
async function ensureFolderPath(tx: SqlExecutor, ownerId: string, path: string[]): Promise<string> {
  let parent: string | null = null;
  for (const name of path) {
    await tx.query(
      `insert into tree_nodes (owner_id, parent_id, node_type, name) values ($1, $2, 'folder', $3)
       on conflict (owner_id, (coalesce(parent_id, '')), name) where external_id is null do nothing`,
      [ownerId, parent, name],
    );
    const [row]: { id: string }[] = await tx.query<{ id: string }>(
      "select id from tree_nodes where owner_id = $1 and coalesce(parent_id, '') = coalesce($2, '') and name = $3 and external_id is null",
      [ownerId, parent, name],
    );
    parent = row!.id;
  }
  return parent!;
}
