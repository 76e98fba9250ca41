/** A node of an existing deployment's project tree (`tree_nodes`): client › project › section › stage › task › document. */
export interface ProjectNode {
  id: string;
  parentId: string | null;
  clientId?: string;
  /** `client | project | section | stage | task | document` (older trees also `task_folder`); kept as stored. */
  nodeType: string;
  name: string;
  code?: string;
  version?: number;
  status?: string;
  attributes: Record<string, unknown>;
  sortOrder: number;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * A result file of a document node, from either source the deployment uses:
 * - `job`: `jobs.node_id` (the document, or one of its child nodes) → `job_files`;
 * - `node`: `node_files` of the document itself (legacy layout; crops, crops folders, annotations).
 */
export interface ProjectFile {
  id: string;
  origin: "job" | "node";
  /** The node the job or the node file belongs to (a child node for block indexes of newer trees). */
  nodeId: string;
  jobId?: string;
  jobStatus?: string;
  /** When the job was created (ISO 8601); the newest job holds the current result. */
  jobCreatedAt?: string;
  /** `result_md`, `ocr_html`, `blocks_index`, `crop`, `crops_folder`, `pdf`, `annotation`, `result_json`… kept as stored. */
  fileType: string;
  /** The object key in the deployment's bucket. */
  key: string;
  fileName: string;
  size?: number;
  mimeType?: string;
  metadata: Record<string, unknown>;
  createdAt?: string;
}

export interface ProjectNodeQuery {
  /** Children of this node; `null` (the default) lists the roots. Ignored with `allNodes`. */
  parentId?: string | null;
  nodeType?: string;
  clientId?: string;
  /** Every node of the tree regardless of parent. */
  allNodes?: boolean;
}

export const ProjectCatalog = Symbol.for("aizoomdoc.ProjectCatalog");

/**
 * Read-only view of an existing deployment's Projects DB (`tree_nodes`, `jobs`, `job_files`, `node_files`).
 *
 * Contract:
 * - Nothing is ever written. Nodes come ordered by `sortOrder`, then `name`, then `id`.
 * - `getNode` of an unknown id throws `DOCUMENT.NOT_FOUND`; a malformed id is `VALIDATION.INVALID_INPUT`.
 * - `listDocumentFiles` of a node that is not a `document` throws `VALIDATION.INVALID_INPUT`. It returns the files
 *   of jobs on the document and on its direct children, then the document's node files; newest job first,
 *   each group ordered by file type then key.
 * - `searchDocuments` matches `name` or `code` case-insensitively as a plain substring (no wildcards), at most
 *   `limit` (1..100, default 20) documents.
 * - An unreachable or refusing database throws `STORAGE.UNAVAILABLE` naming it.
 */
export interface ProjectCatalog {
  listNodes(query?: ProjectNodeQuery): Promise<ProjectNode[]>;
  getNode(nodeId: string): Promise<ProjectNode>;
  listDocumentFiles(documentNodeId: string): Promise<ProjectFile[]>;
  searchDocuments(text: string, options?: { clientId?: string; limit?: number }): Promise<ProjectNode[]>;
}
