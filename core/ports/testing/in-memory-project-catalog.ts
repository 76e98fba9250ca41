import { DomainError, invalidInput } from "../../domain/errors.js";
import type { ProjectCatalog, ProjectFile, ProjectNode, ProjectNodeQuery } from "../project-catalog.js";
import {
  assertProjectNodeId,
  assertSearchText,
  compareProjectFiles,
  compareProjectNodes,
  matchesSearch,
  searchLimitOf,
} from "../project-catalog-rules.js";
import type { ProjectsDbRows, TreeNodeRow } from "./projects-db-fixture.js";

/** Verified fake of `ProjectCatalog` over Projects DB rows (passes the same contract as the SQL and PostgREST adapters). */
export class InMemoryProjectCatalog implements ProjectCatalog {
  constructor(private readonly rows: ProjectsDbRows) {}

  async listNodes(query: ProjectNodeQuery = {}): Promise<ProjectNode[]> {
    if (query.parentId) assertProjectNodeId(query.parentId);
    return this.rows.tree_nodes
      .filter((n) => query.allNodes || n.parent_id === (query.parentId ?? null))
      .filter((n) => (!query.nodeType || n.node_type === query.nodeType) && (!query.clientId || n.client_id === query.clientId))
      .map(toNode)
      .sort(compareProjectNodes);
  }

  async getNode(nodeId: string): Promise<ProjectNode> {
    assertProjectNodeId(nodeId);
    const row = this.rows.tree_nodes.find((n) => n.id === nodeId);
    if (!row) throw new DomainError("DOCUMENT.NOT_FOUND", `project node ${nodeId} not found`);
    return toNode(row);
  }

  async listDocumentFiles(documentNodeId: string): Promise<ProjectFile[]> {
    const document = await this.getNode(documentNodeId);
    if (document.nodeType !== "document") throw invalidInput(`project node ${documentNodeId} is a ${document.nodeType}, not a document`);
    const owners = new Set([documentNodeId, ...this.rows.tree_nodes.filter((n) => n.parent_id === documentNodeId).map((n) => n.id)]);
    const jobs = new Map(this.rows.jobs.filter((j) => j.node_id && owners.has(j.node_id)).map((j) => [j.id, j]));
    const files: ProjectFile[] = [];
    for (const f of this.rows.job_files) {
      const job = jobs.get(f.job_id);
      if (!job?.node_id) continue;
      files.push({
        id: f.id,
        origin: "job",
        nodeId: job.node_id,
        jobId: job.id,
        jobStatus: job.status,
        jobCreatedAt: job.created_at,
        fileType: f.file_type,
        key: f.r2_key,
        fileName: f.file_name,
        ...(f.file_size === null ? {} : { size: f.file_size }),
        metadata: {},
        createdAt: f.created_at,
      });
    }
    for (const f of this.rows.node_files.filter((n) => n.node_id === documentNodeId)) {
      files.push({
        id: f.id,
        origin: "node",
        nodeId: f.node_id,
        fileType: f.file_type,
        key: f.r2_key,
        fileName: f.file_name,
        ...(f.file_size === null ? {} : { size: f.file_size }),
        ...(f.mime_type === null ? {} : { mimeType: f.mime_type }),
        metadata: structuredClone(f.metadata),
        createdAt: f.created_at,
      });
    }
    return files.sort(compareProjectFiles);
  }

  async searchDocuments(text: string, options: { clientId?: string; limit?: number } = {}): Promise<ProjectNode[]> {
    const needle = assertSearchText(text);
    const limit = searchLimitOf(options.limit);
    return (await this.listNodes({ allNodes: true, nodeType: "document", ...(options.clientId ? { clientId: options.clientId } : {}) }))
      .filter((n) => matchesSearch(n, needle))
      .slice(0, limit);
  }
}

function toNode(row: TreeNodeRow): ProjectNode {
  return {
    id: row.id,
    parentId: row.parent_id,
    ...(row.client_id === null ? {} : { clientId: row.client_id }),
    nodeType: row.node_type,
    name: row.name,
    ...(row.code === null ? {} : { code: row.code }),
    version: row.version,
    status: row.status,
    attributes: structuredClone(row.attributes),
    sortOrder: row.sort_order,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
