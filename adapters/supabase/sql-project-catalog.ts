import { DomainError, invalidInput } from "../../core/domain/errors.js";
import type { ProjectCatalog, ProjectFile, ProjectNode, ProjectNodeQuery } from "../../core/ports/project-catalog.js";
import {
  assertProjectNodeId,
  assertSearchText,
  compareProjectFiles,
  compareProjectNodes,
  escapeLike,
  matchesSearch,
  searchLimitOf,
} from "../../core/ports/project-catalog-rules.js";
import { TREE_NODE_COLUMNS, toJobFile, toNodeFile, toProjectNode } from "./project-catalog-rows.js";
import type { SqlDriver, SqlValue } from "./sql-driver.js";

const NODE_COLUMNS = TREE_NODE_COLUMNS.join(", ");
/** SQLSTATEs of a database that is not (or no longer) shaped like a Projects DB. */
const SCHEMA_MISMATCH = new Set(["42P01", "42703", "42883"]);

/**
 * The read-only Projects DB of an existing deployment over SQL: a Supabase database by Postgres URL (or any
 * driver of `SqlDriver`). Only SELECTs are issued; ordering is redone in code so it does not depend on collation.
 */
export class SqlProjectCatalog implements ProjectCatalog {
  constructor(private readonly db: Pick<SqlDriver, "query" | "label">) {}

  async listNodes(query: ProjectNodeQuery = {}): Promise<ProjectNode[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const bind = (value: SqlValue) => `$${params.push(value)}`;
    if (!query.allNodes) {
      if (query.parentId) {
        assertProjectNodeId(query.parentId);
        where.push(`parent_id = ${bind(query.parentId)}::uuid`);
      } else where.push("parent_id is null");
    }
    if (query.nodeType) where.push(`node_type = ${bind(query.nodeType)}`);
    if (query.clientId) where.push(`client_id = ${bind(query.clientId)}`);
    const rows = await this.select(
      `select ${NODE_COLUMNS} from tree_nodes${where.length ? ` where ${where.join(" and ")}` : ""} order by sort_order, name, id`,
      params,
    );
    return rows.map((r) => toProjectNode(r, this.db.label)).sort(compareProjectNodes);
  }

  async getNode(nodeId: string): Promise<ProjectNode> {
    assertProjectNodeId(nodeId);
    const [row] = await this.select(`select ${NODE_COLUMNS} from tree_nodes where id = $1::uuid`, [nodeId]);
    if (!row) throw new DomainError("DOCUMENT.NOT_FOUND", `project node ${nodeId} not found in ${this.db.label}`);
    return toProjectNode(row, this.db.label);
  }

  async listDocumentFiles(documentNodeId: string): Promise<ProjectFile[]> {
    const document = await this.getNode(documentNodeId);
    if (document.nodeType !== "document") throw invalidInput(`project node ${documentNodeId} is a ${document.nodeType}, not a document`);
    // Jobs on the document itself and on its direct children (newer trees keep the block index on a child's job).
    const jobFiles = await this.select(
      `select f.id, f.job_id, j.node_id, j.status as job_status, j.created_at as job_created_at,
              f.file_type, f.r2_key, f.file_name, f.file_size, f.created_at
         from job_files f join jobs j on j.id = f.job_id
        where j.node_id = $1::uuid or j.node_id in (select id from tree_nodes where parent_id = $1::uuid)`,
      [documentNodeId],
    );
    const nodeFiles = await this.select(
      `select id, node_id, file_type, r2_key, file_name, file_size, mime_type, metadata, created_at
         from node_files where node_id = $1::uuid`,
      [documentNodeId],
    );
    return [...jobFiles.map((r) => toJobFile(r, this.db.label)), ...nodeFiles.map((r) => toNodeFile(r, this.db.label))].sort(compareProjectFiles);
  }

  async searchDocuments(text: string, options: { clientId?: string; limit?: number } = {}): Promise<ProjectNode[]> {
    const needle = assertSearchText(text);
    const limit = searchLimitOf(options.limit);
    const rows = await this.select(
      `select ${NODE_COLUMNS} from tree_nodes
        where node_type = 'document' and (name ilike $1 or code ilike $1) and ($2::text is null or client_id = $2::text)
        order by sort_order, name, id`,
      [`%${escapeLike(needle)}%`, options.clientId ?? null],
    );
    // ILIKE folds case by the database's locale; the final filter makes the match the same everywhere.
    return rows
      .map((r) => toProjectNode(r, this.db.label))
      .filter((n) => matchesSearch(n, needle))
      .sort(compareProjectNodes)
      .slice(0, limit);
  }

  private async select(text: string, params: SqlValue[]): Promise<Record<string, unknown>[]> {
    try {
      return await this.db.query<Record<string, unknown>>(text, params);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string" && SCHEMA_MISMATCH.has(code)) {
        throw new DomainError("STORAGE.UNAVAILABLE", `${this.db.label} is not a Projects DB: ${(error as Error).message}`, {
          cause: error,
          details: { source: this.db.label },
        });
      }
      throw error;
    }
  }
}
