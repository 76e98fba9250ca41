import { invalidInput } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import { assertProjectNodeId } from "../ports/project-catalog-rules.js";
import type { ProjectCatalog, ProjectFile, ProjectNode } from "../ports/project-catalog.js";
import type { AizoomdocApi, ProgressListener, ProjectTreeNode, ProjectTreeOptions } from "./aizoomdoc-api.js";
import { ProjectSyncService, type TreeSyncResult } from "./project-sync-service.js";

export interface ProjectServiceDeps {
  /**
   * The Projects DB, resolved on first use (a Postgres URL connects then, so commands that never touch projects
   * never connect). The host makes it throw `PROJECTS.NOT_CONFIGURED` when none is configured.
   */
  catalog: () => Promise<ProjectCatalog>;
  /** The deployment's bucket; throws `PROJECTS.NOT_CONFIGURED` when none is configured (tree and search need none). */
  source: () => BlobStorage;
  importer: Pick<AizoomdocApi, "importDocument">;
}

/** What the reference's tree listing attaches to a document node: its jobs' OCR results. */
const TREE_FILE_TYPES = new Set(["result_md", "ocr_html"]);
/** What the reference's document results list. */
const RESULT_FILE_TYPES = new Set(["annotation", "ocr_html", "result_md", "result_json", "crops_folder"]);

/** The application's view of an existing deployment's Projects DB: browse its tree, find documents, import them. */
export class ProjectService implements Pick<AizoomdocApi, "projectTree" | "projectSearch" | "projectDocumentResults" | "projectSync"> {
  constructor(private readonly deps: ProjectServiceDeps) {}

  /** One level below `parentId` (the roots without it), or with `all` its whole subtree, depth-first. */
  async projectTree(options: ProjectTreeOptions = {}): Promise<ProjectTreeNode[]> {
    const catalog = await this.deps.catalog();
    const nodes = await this.treeNodes(catalog, options);
    if (!options.includeFiles) return nodes;
    const withFiles: ProjectTreeNode[] = [];
    // one query per document, in turn: a listing never opens more connections than the catalog's pool allows
    for (const node of nodes) {
      if (node.nodeType !== "document") withFiles.push({ ...node, files: [] });
      else withFiles.push({ ...node, files: (await catalog.listDocumentFiles(node.id)).filter((f) => f.origin === "job" && TREE_FILE_TYPES.has(f.fileType)) });
    }
    return withFiles;
  }

  async projectDocumentResults(documentNodeId: string): Promise<ProjectFile[]> {
    assertProjectNodeId(documentNodeId);
    const catalog = await this.deps.catalog();
    const files = (await catalog.listDocumentFiles(documentNodeId)).filter((f) => RESULT_FILE_TYPES.has(f.fileType));
    // a job's file may also be registered as a node file: each object once, the newest job's record first
    const byKey = new Map<string, ProjectFile>();
    for (const file of files) if (!byKey.has(file.key)) byKey.set(file.key, file);
    return [...byKey.values()];
  }

  private async treeNodes(catalog: ProjectCatalog, options: ProjectTreeOptions): Promise<ProjectTreeNode[]> {
    const { parentId, nodeType } = options;
    // an unknown parent is an error, not an empty listing
    if (parentId !== undefined) await catalog.getNode(parentId);
    if (!options.all) {
      const nodes = await catalog.listNodes({ parentId: parentId ?? null, ...(nodeType ? { nodeType } : {}) });
      return nodes.map((node) => ({ ...node, depth: 0 }));
    }
    const subtree = depthFirst(await catalog.listNodes({ allNodes: true }), parentId);
    if (!nodeType) return subtree;
    // filtered nodes lose their ancestors, so they are listed flat
    return subtree.filter((n) => n.nodeType === nodeType).map((n) => ({ ...n, depth: 0 }));
  }

  async projectSearch(query: string, options: { limit?: number } = {}): Promise<ProjectNode[]> {
    const catalog = await this.deps.catalog();
    return catalog.searchDocuments(query, options.limit !== undefined ? { limit: options.limit } : {});
  }

  async projectSync(nodeId: string, options: { tree?: boolean; onProgress?: ProgressListener } = {}): Promise<TreeSyncResult> {
    assertProjectNodeId(nodeId);
    const catalog = await this.deps.catalog();
    const node = await catalog.getNode(nodeId);
    if (!options.tree && node.nodeType !== "document") {
      throw invalidInput(`project node "${node.name}" (${node.id}) is a ${node.nodeType}, not a document: sync it as a tree to import the documents below it`, { nodeId });
    }
    const sync = new ProjectSyncService({ catalog, source: this.deps.source(), importer: this.deps.importer });
    const report = (current: number, total: number, name: string) => options.onProgress?.({ phase: "sync", current, total, message: name });
    if (options.tree) return sync.syncTree(nodeId, { onProgress: (done, total, n) => report(done, total, n.name) });
    report(0, 1, node.name);
    const synced = await sync.syncDocument(nodeId);
    report(1, 1, node.name);
    return { synced: [synced], failed: [] };
  }
}

/** The nodes below `rootId` (the whole forest without it) in depth-first order, each with its depth from the top. */
function depthFirst(nodes: ProjectNode[], rootId: string | undefined): ProjectTreeNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, ProjectNode[]>();
  for (const node of nodes) {
    // a parent outside the listing (a dangling reference) makes the node a top-level one
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const out: ProjectTreeNode[] = [];
  // a corrupt tree may loop back to an ancestor: each node is listed once
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const node of children.get(parent) ?? []) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      out.push({ ...node, depth });
      visit(node.id, depth + 1);
    }
  };
  visit(rootId ?? null, 0);
  return out;
}
