import type { Block } from "../../domain/block.js";
import type { DocumentRecord, Page } from "../../domain/document.js";
import { invalidInput, notFound } from "../../domain/errors.js";
import type { BlockQuery, DocumentStore } from "../document-store.js";

/** Code-point order, as the SQL store sorts ids (`collate "C"`). */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inOrder = (a: Block, b: Block) => a.ordinal - b.ordinal || byCodePoint(a.id, b.id);

function assertUniqueIds(blocks: Block[], what: string): void {
  const seen = new Set<string>();
  for (const block of blocks) {
    if (seen.has(block.id)) throw invalidInput(`${what}: block id ${block.id} is not unique`);
    seen.add(block.id);
  }
}

/** Verified fake of `DocumentStore` (passes the same contract suite as the SQL store). */
export class InMemoryDocumentStore implements DocumentStore {
  private readonly documents = new Map<string, DocumentRecord>();
  private readonly blocks = new Map<string, Block[]>();

  async saveDocument(document: DocumentRecord, blocks: Block[]): Promise<void> {
    assertUniqueIds(blocks, `document ${document.id} (${document.name})`);
    const existing = this.documents.get(document.id);
    if (existing && existing.ownerId !== document.ownerId) throw invalidInput(`document ${document.id}: the id is taken`);
    this.documents.set(document.id, structuredClone(document));
    this.blocks.set(document.id, structuredClone(blocks).sort(inOrder));
  }

  async getDocument(ownerId: string, documentId: string): Promise<DocumentRecord> {
    const doc = this.documents.get(documentId);
    if (!doc || doc.ownerId !== ownerId) throw notFound("DOCUMENT.NOT_FOUND", `document ${documentId}`);
    return structuredClone(doc);
  }

  async findDocumentBySourceVersion(ownerId: string, sourceVersion: string): Promise<DocumentRecord | undefined> {
    const [doc] = (await this.listDocuments(ownerId)).filter((d) => d.sourceVersion === sourceVersion);
    return doc;
  }

  async listDocuments(ownerId: string): Promise<DocumentRecord[]> {
    return [...this.documents.values()]
      .filter((d) => d.ownerId === ownerId)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || byCodePoint(a.id, b.id))
      .map((d) => structuredClone(d));
  }

  async getBlocks(ownerId: string, documentId: string, query: BlockQuery = {}): Promise<Block[]> {
    await this.getDocument(ownerId, documentId);
    const ids = query.ids && new Set(query.ids);
    return (this.blocks.get(documentId) ?? [])
      .filter((b) => (query.page === undefined || b.page === query.page) && (!query.kind || b.kind === query.kind) && (!ids || ids.has(b.id)))
      .map((b) => structuredClone(b));
  }

  async getBlock(ownerId: string, documentId: string, blockId: string): Promise<Block> {
    const [block] = await this.getBlocks(ownerId, documentId, { ids: [blockId] });
    if (!block) throw notFound("BLOCK.NOT_FOUND", `block ${blockId} in document ${documentId}`);
    return block;
  }

  async replacePageBlocks(ownerId: string, documentId: string, page: Page, source: string, blocks: Block[]): Promise<void> {
    const doc = await this.getDocument(ownerId, documentId);
    const kept = (this.blocks.get(documentId) ?? []).filter((b) => !(b.page === page.number && b.source === source));
    const next = [...kept, ...structuredClone(blocks)];
    assertUniqueIds(next, `page ${page.number} of document ${documentId}`);
    this.blocks.set(documentId, next.sort(inOrder));
    doc.pages = doc.pages.map((p) => (p.number === page.number ? structuredClone(page) : p));
    this.documents.set(documentId, doc);
  }

  async deleteDocument(ownerId: string, documentId: string): Promise<void> {
    await this.getDocument(ownerId, documentId);
    this.documents.delete(documentId);
    this.blocks.delete(documentId);
  }
}
