import type { ProjectTreeNode } from "../core/application/aizoomdoc-api.js";
import type { ProjectFile, ProjectNode } from "../core/ports/project-catalog.js";
import type { WireFile } from "../hosts/http/wire/wire-file.js";
import type { WireJobFile, WireTreeNode } from "../hosts/http/wire/wire-project.js";

export function fromWireTreeNode(wire: WireTreeNode): ProjectNode {
  return {
    id: wire.id,
    parentId: wire.parent_id,
    ...(wire.client_id !== null ? { clientId: wire.client_id } : {}),
    nodeType: wire.node_type,
    name: wire.name,
    ...(wire.code !== null ? { code: wire.code } : {}),
    ...(wire.version !== null ? { version: wire.version } : {}),
    ...(wire.status !== undefined ? { status: wire.status } : {}),
    attributes: wire.attributes,
    sortOrder: wire.sort_order,
    ...(wire.created_at !== undefined ? { createdAt: wire.created_at } : {}),
    ...(wire.updated_at !== undefined ? { updatedAt: wire.updated_at } : {}),
  };
}

/** A tree listing's node; `files` only when they were asked for (the wire always sends the list). */
export function fromWireTreeListing(wire: WireTreeNode, withFiles: boolean): ProjectTreeNode {
  return { ...fromWireTreeNode(wire), depth: wire.depth ?? 0, ...(withFiles ? { files: wire.files.map((file) => fromWireJobFile(file, wire.id)) } : {}) };
}

/**
 * A job's result file under a node. The wire does not say which node a job file hangs on (a child node for newer
 * trees) nor carry its metadata: the listed node and `{}` stand in.
 */
export function fromWireJobFile(wire: WireJobFile, nodeId: string): ProjectFile {
  return {
    id: wire.id,
    origin: wire.job_id !== null ? "job" : "node",
    nodeId,
    ...(wire.job_id !== null ? { jobId: wire.job_id } : {}),
    fileType: wire.file_type,
    key: wire.r2_key,
    fileName: wire.file_name,
    ...(wire.file_size !== null ? { size: wire.file_size } : {}),
    metadata: {},
    ...(wire.created_at !== null ? { createdAt: wire.created_at } : {}),
  };
}

/** A document's result file as the reference lists it (a file record); its origin and job are not on the wire. */
export function fromWireResultFile(wire: WireFile, documentNodeId: string): ProjectFile {
  return {
    id: wire.id,
    origin: "job",
    nodeId: documentNodeId,
    fileType: wire.source_type,
    key: wire.storage_path ?? "",
    fileName: wire.filename ?? "",
    ...(wire.size_bytes !== null ? { size: wire.size_bytes } : {}),
    mimeType: wire.mime_type,
    metadata: {},
    ...(wire.created_at !== null ? { createdAt: wire.created_at } : {}),
  };
}
