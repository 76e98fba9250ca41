import { z } from "zod";
import { DomainError } from "../../core/domain/errors.js";
import type { ProjectFile, ProjectNode } from "../../core/ports/project-catalog.js";

/** `tree_nodes` columns the catalog reads (extra columns such as `pdf_status`, `is_locked` are not exposed). */
export const TREE_NODE_COLUMNS = ["id", "parent_id", "client_id", "node_type", "name", "code", "version", "status", "attributes", "sort_order", "created_at", "updated_at"] as const;

/** Postgres gives Date, PostgREST gives `2025-01-01T08:00:00+00:00`: both become ISO 8601 in UTC. */
const timestamp = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());
const optionalText = z.string().nullish();
const json = z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {});
const count = z.union([z.number(), z.string()]).nullish().transform((v) => (v === null || v === undefined ? undefined : Number(v)));

const TreeNodeRow = z.object({
  id: z.string(),
  parent_id: z.string().nullable(),
  client_id: optionalText,
  node_type: z.string(),
  name: z.string(),
  code: optionalText,
  version: count,
  status: optionalText,
  attributes: json,
  sort_order: count,
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
});

const JobFileRow = z.object({
  id: z.string(),
  job_id: z.string(),
  node_id: z.string(),
  job_status: optionalText,
  job_created_at: timestamp.nullish(),
  file_type: z.string(),
  r2_key: z.string(),
  file_name: optionalText,
  file_size: count,
  created_at: timestamp.nullish(),
});

const NodeFileRow = z.object({
  id: z.string(),
  node_id: z.string(),
  file_type: z.string(),
  r2_key: z.string(),
  file_name: optionalText,
  file_size: count,
  mime_type: optionalText,
  metadata: json,
  created_at: timestamp.nullish(),
});

export function toProjectNode(row: unknown, source: string): ProjectNode {
  const r = parse(TreeNodeRow, row, "tree_nodes", source);
  return {
    id: r.id,
    parentId: r.parent_id,
    ...(r.client_id ? { clientId: r.client_id } : {}),
    nodeType: r.node_type,
    name: r.name,
    ...(r.code ? { code: r.code } : {}),
    ...(r.version === undefined ? {} : { version: r.version }),
    ...(r.status ? { status: r.status } : {}),
    attributes: r.attributes,
    sortOrder: r.sort_order ?? 0,
    ...(r.created_at ? { createdAt: r.created_at } : {}),
    ...(r.updated_at ? { updatedAt: r.updated_at } : {}),
  };
}

/** A `job_files` row joined with its job (`node_id`, `job_status`, `job_created_at`). */
export function toJobFile(row: unknown, source: string): ProjectFile {
  const r = parse(JobFileRow, row, "job_files", source);
  return {
    id: r.id,
    origin: "job",
    nodeId: r.node_id,
    jobId: r.job_id,
    ...(r.job_status ? { jobStatus: r.job_status } : {}),
    ...(r.job_created_at ? { jobCreatedAt: r.job_created_at } : {}),
    fileType: r.file_type,
    key: r.r2_key,
    fileName: r.file_name ?? fileNameOf(r.r2_key),
    ...(r.file_size === undefined ? {} : { size: r.file_size }),
    metadata: {},
    ...(r.created_at ? { createdAt: r.created_at } : {}),
  };
}

export function toNodeFile(row: unknown, source: string): ProjectFile {
  const r = parse(NodeFileRow, row, "node_files", source);
  return {
    id: r.id,
    origin: "node",
    nodeId: r.node_id,
    fileType: r.file_type,
    key: r.r2_key,
    fileName: r.file_name ?? fileNameOf(r.r2_key),
    ...(r.file_size === undefined ? {} : { size: r.file_size }),
    ...(r.mime_type ? { mimeType: r.mime_type } : {}),
    metadata: r.metadata,
    ...(r.created_at ? { createdAt: r.created_at } : {}),
  };
}

function fileNameOf(key: string): string {
  const trimmed = key.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** A row that does not have the reference shape means the database is not a Projects DB (or has drifted). */
function parse<T>(schema: z.ZodType<T>, row: unknown, table: string, source: string): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError("STORAGE.CORRUPTED", `Projects DB ${source}: a ${table} row has an unexpected shape (${issue?.path.join(".")}: ${issue?.message})`, {
    details: { table, source },
  });
}
