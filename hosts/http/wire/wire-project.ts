import { z } from "zod";
import type { ProjectTreeNode } from "../../../core/application/aizoomdoc-api.js";
import { invalidInput } from "../../../core/domain/errors.js";
import type { ProjectFile, ProjectNode } from "../../../core/ports/project-catalog.js";
import { WireFile, toWireProjectFile } from "./wire-file.js";
import { WireId, WireTime, queryBoolean, queryInteger, wireTime } from "./wire-primitives.js";

/** `GET /projects/tree`: the reference's parameters (`client_id` too, which the Python client sends). */
export const TreeQuery = z.strictObject({
  client_id: z.string().min(1).max(200).optional(),
  parent_id: WireId.optional(),
  node_type: z.string().min(1).max(64).optional(),
  all_nodes: queryBoolean.optional(),
  include_files: queryBoolean.optional(),
});

/**
 * `GET /projects/search`: the reference names the text `query`, its Python client sends `q`; either works, one is
 * required, and both must agree. `client_id` is optional (the reference required it; the Python client may omit it).
 */
export const SearchQuery = z
  .strictObject({
    query: z.string().trim().min(1).max(500).optional(),
    q: z.string().trim().min(1).max(500).optional(),
    client_id: z.string().min(1).max(200).optional(),
    limit: queryInteger(1, 100).optional(),
  })
  .refine((s) => s.query !== undefined || s.q !== undefined, { message: "query (or q) is required", path: ["query"] })
  .refine((s) => s.query === undefined || s.q === undefined || s.query === s.q, { message: "query and q differ", path: ["q"] });

/** `{document_id}` in a path: a Projects DB document node. */
export const DocumentParams = z.strictObject({ document_id: WireId });

/** A job's result file under a tree node (`include_files`): the reference's `JobFileInfo`. */
export const WireJobFile = z
  .object({
    id: WireId,
    job_id: z.string().nullable(),
    file_type: z.string(),
    r2_key: z.string(),
    file_name: z.string(),
    file_size: z.number().int().nullable(),
    created_at: WireTime.nullable(),
  })
  .meta({ id: "JobFile" });

/** A Projects DB node: the reference's `TreeNode` plus `depth` below the listing's top. */
export const WireTreeNode = z
  .object({
    id: WireId,
    parent_id: z.string().nullable(),
    client_id: z.string().nullable(),
    node_type: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    version: z.number().int().nullable(),
    /** Absent when the Projects DB has none (the Python client then assumes `active`). */
    status: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()),
    sort_order: z.number().int(),
    /** Absent when the Projects DB row has none (its columns default to the insert time, so real rows have them). */
    created_at: WireTime.optional(),
    updated_at: WireTime.optional(),
    depth: z.number().int().nonnegative().optional(),
    files: z.array(WireJobFile),
  })
  .meta({ id: "TreeNode" });

/** `GET /projects/documents/{document_id}/results`. */
export const WireDocumentResults = z.object({ document_node_id: WireId, files: z.array(WireFile) }).meta({ id: "DocumentResults" });

export type WireTreeNode = z.infer<typeof WireTreeNode>;
export type WireJobFile = z.infer<typeof WireJobFile>;
export type WireDocumentResults = z.infer<typeof WireDocumentResults>;

export function toWireJobFile(file: ProjectFile): WireJobFile {
  const created = file.createdAt ?? file.jobCreatedAt;
  return {
    id: file.id,
    job_id: file.jobId ?? null,
    file_type: file.fileType,
    r2_key: file.key,
    file_name: file.fileName,
    file_size: file.size ?? null,
    created_at: created ? wireTime(created) : null,
  };
}

export function toWireTreeNode(node: ProjectNode | ProjectTreeNode, files: readonly ProjectFile[] = []): WireTreeNode {
  return {
    id: node.id,
    parent_id: node.parentId,
    client_id: node.clientId ?? null,
    node_type: node.nodeType,
    name: node.name,
    code: node.code ?? null,
    version: node.version ?? null,
    ...(node.status !== undefined ? { status: node.status } : {}),
    attributes: node.attributes,
    sort_order: node.sortOrder,
    ...(node.createdAt ? { created_at: wireTime(node.createdAt) } : {}),
    ...(node.updatedAt ? { updated_at: wireTime(node.updatedAt) } : {}),
    ...("depth" in node ? { depth: node.depth } : {}),
    files: files.map(toWireJobFile),
  };
}

export function toWireDocumentResults(documentNodeId: string, files: readonly ProjectFile[]): WireDocumentResults {
  return { document_node_id: documentNodeId, files: files.map(toWireProjectFile) };
}

export function fromWireTreeQuery(query: z.output<typeof TreeQuery>) {
  return {
    options: {
      ...(query.parent_id ? { parentId: query.parent_id } : {}),
      ...(query.node_type ? { nodeType: query.node_type } : {}),
      ...(query.all_nodes ? { all: true } : {}),
    },
    ...(query.client_id ? { clientId: query.client_id } : {}),
    includeFiles: query.include_files ?? false,
  };
}

export function fromWireSearchQuery(query: z.output<typeof SearchQuery>) {
  const text = query.query ?? query.q;
  if (text === undefined) throw invalidInput("query (or q) is required", { field: "query" });
  return { text, ...(query.client_id ? { clientId: query.client_id } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) };
}
