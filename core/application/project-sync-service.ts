import { BLOCK_ID } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError, type DomainErrorJson } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { ProjectCatalog, ProjectFile, ProjectNode } from "../ports/project-catalog.js";
import type { AizoomdocApi, InputFile } from "./aizoomdoc-api.js";

export interface ProjectSyncDeps {
  catalog: ProjectCatalog;
  /** The deployment's bucket, where its OCR pipeline wrote `tree_docs/…` (not our own blob store). */
  source: BlobStorage;
  importer: Pick<AizoomdocApi, "importDocument">;
  /** Parallel downloads per document. */
  downloadConcurrency?: number;
}

export interface SyncedDocument {
  node: ProjectNode;
  document: DocumentRecord;
  /** Keys read from the deployment's bucket, main file first. */
  sourceKeys: string[];
  cropCount: number;
}

export interface TreeSyncResult {
  synced: SyncedDocument[];
  failed: Array<{ node: ProjectNode; error: DomainErrorJson }>;
}

/**
 * Brings documents of an existing deployment's Projects DB into ours: finds a document node's newest OCR result
 * (`document.md` with its `blocks.json`, else `ocr.html`) and its crop PDFs, downloads them from the deployment's
 * bucket and imports them. Importing the same files again returns the existing document (imports are keyed by content).
 */
export class ProjectSyncService {
  constructor(private readonly deps: ProjectSyncDeps) {}

  async syncDocument(nodeId: string): Promise<SyncedDocument> {
    const node = await this.deps.catalog.getNode(nodeId);
    try {
      const files = await this.deps.catalog.listDocumentFiles(nodeId);
      const main = newestResult(files);
      if (!main) throw new DomainError("DOCUMENT.EMPTY", "it has no document.md or ocr.html result in the Projects DB");
      const index = main.fileType === "result_md" ? files.find((f) => f.fileType === "blocks_index") : undefined;
      const texts = await this.download([main, ...(index ? [index] : [])].map((f) => ({ key: f.key, name: nameOf(f) })));
      const mentioned = new TextDecoder().decode(texts[0]!.bytes) + (texts[1] ? new TextDecoder().decode(texts[1].bytes) : "");
      // Only crops of blocks the result knows: the importer rightly refuses a crop for a block it does not have.
      const cropKeys = [...(await this.cropKeys(files, main))].filter(([blockId]) => mentioned.includes(blockId));
      const crops = await this.download(cropKeys.map(([blockId, key]) => ({ key, name: `${blockId}.pdf` })));
      const document = await this.deps.importer.importDocument([...texts, ...crops], { name: node.name });
      return { node, document, sourceKeys: [main.key, ...(index ? [index.key] : []), ...cropKeys.map(([, key]) => key)], cropCount: crops.length };
    } catch (error) {
      throw inDocument(node, error);
    }
  }

  /**
   * Syncs every document below `rootId` (the whole tree when absent), one at a time; a document that fails is
   * reported with its error and does not stop the others.
   */
  async syncTree(rootId?: string, options: { onProgress?: (done: number, total: number, node: ProjectNode) => void } = {}): Promise<TreeSyncResult> {
    if (rootId) await this.deps.catalog.getNode(rootId);
    const all = await this.deps.catalog.listNodes({ allNodes: true });
    const documents = descendants(all, rootId).filter((n) => n.nodeType === "document");
    const result: TreeSyncResult = { synced: [], failed: [] };
    for (const [i, node] of documents.entries()) {
      try {
        result.synced.push(await this.syncDocument(node.id));
      } catch (error) {
        if (!DomainError.isInstance(error)) throw error;
        result.failed.push({ node, error: error.toJSON() });
      }
      options.onProgress?.(i + 1, documents.length, node);
    }
    return result;
  }

  /** Crop PDFs by block id: listed crop node files, crops folders, and the conventional `crops/` next to the result. */
  private async cropKeys(files: ProjectFile[], main: ProjectFile): Promise<Map<string, string>> {
    const crops = new Map<string, string>();
    const add = (key: string) => {
      const id = stemOf(key);
      if (key.toLowerCase().endsWith(".pdf") && BLOCK_ID.test(id) && !crops.has(id)) crops.set(id, key);
    };
    for (const file of files) if (file.fileType === "crop") add(file.key);
    const folders = new Set(files.filter((f) => f.fileType === "crops_folder").map((f) => withSlash(f.key)));
    folders.add(`${main.key.slice(0, main.key.lastIndexOf("/") + 1)}crops/`);
    for (const folder of folders) {
      for await (const head of this.deps.source.list(folder)) add(head.key);
    }
    return crops;
  }

  private async download(files: Array<{ key: string; name: string }>): Promise<InputFile[]> {
    const out: InputFile[] = new Array(files.length);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        out[i] = { name: files[i]!.name, bytes: await this.deps.source.getBytes(files[i]!.key) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.downloadConcurrency ?? 4, files.length) }, worker));
    return out;
  }
}

/** The newest job's result (document.md preferred over ocr.html within one job), else a legacy node file. */
function newestResult(files: ProjectFile[]): ProjectFile | undefined {
  const results = files.filter((f) => f.fileType === "result_md" || f.fileType === "ocr_html");
  const first = results[0];
  if (!first) return undefined;
  const sameSource = results.filter((f) => f.origin === first.origin && f.jobId === first.jobId);
  return sameSource.find((f) => f.fileType === "result_md") ?? first;
}

/** The root and everything below it, in the catalog's order (sort order, name); all nodes without a root. */
function descendants(nodes: ProjectNode[], rootId: string | undefined): ProjectNode[] {
  if (!rootId) return nodes;
  const below = new Set([rootId]);
  // Parents may come after their children in the catalog's order: repeat until nothing new joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId && below.has(n.parentId) && !below.has(n.id)) {
        below.add(n.id);
        grew = true;
      }
    }
  }
  return nodes.filter((n) => below.has(n.id));
}

function inDocument(node: ProjectNode, error: unknown): unknown {
  if (!DomainError.isInstance(error)) return error;
  return new DomainError(error.code, `project document "${node.name}" (${node.id}): ${error.message}`, {
    cause: error,
    details: { ...error.details, nodeId: node.id },
    retryable: error.isRetryable,
  });
}

function nameOf(file: ProjectFile): string {
  return file.fileName || file.key.slice(file.key.lastIndexOf("/") + 1);
}

function stemOf(key: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  return name.replace(/\.[^.]*$/, "");
}

function withSlash(key: string): string {
  return key.endsWith("/") ? key : `${key}/`;
}
