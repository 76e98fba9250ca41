import {
  analyseIndexQuery,
  entryMatchKeys,
  rankIndexCandidates,
  scoreIndexEntry,
  type BlockIndexCandidate,
  type BlockIndexEntry,
  type BlockIndexEntryInput,
  type BlockIndexQuery,
  type BlockIndexStatus,
} from "../../domain/block-index.js";
import { DomainError } from "../../domain/errors.js";
import type { BlockIndex } from "../block-index.js";
import type { DocumentStore } from "../document-store.js";

interface Stored {
  ownerId: string;
  entry: BlockIndexEntry;
}

const keyOf = (documentId: string, blockId: string) => `${documentId}\u0001${blockId}`;
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Verified fake of `BlockIndex` over a `DocumentStore` (passes the same contract as the SQL adapter): blocks are
 * checked against the store on write, and entries whose block is gone are dropped on read, as a cascade would.
 */
export class InMemoryBlockIndex implements BlockIndex {
  private readonly entries = new Map<string, Stored>();

  constructor(private readonly store: DocumentStore) {}

  async upsert(ownerId: string, entries: BlockIndexEntryInput[]): Promise<void> {
    const staged: Array<[string, Stored]> = [];
    const updatedAt = new Date().toISOString();
    for (const input of entries) {
      // throws DOCUMENT.NOT_FOUND / BLOCK.NOT_FOUND before anything is written
      const block = await this.store.getBlock(ownerId, input.documentId, input.blockId);
      const entry: BlockIndexEntry = { ...structuredClone(input), keywords: [...(input.keywords ?? [])], systemCodes: [...(input.systemCodes ?? [])], page: block.page, updatedAt };
      staged.push([keyOf(input.documentId, input.blockId), { ownerId, entry }]);
    }
    for (const [key, stored] of staged) this.entries.set(key, stored);
  }

  async get(ownerId: string, documentId: string, blockId: string): Promise<BlockIndexEntry | undefined> {
    const stored = this.entries.get(keyOf(documentId, blockId));
    if (!stored || stored.ownerId !== ownerId || !(await this.blockExists(stored))) return undefined;
    return structuredClone(stored.entry);
  }

  async list(ownerId: string, options: { documentIds?: string[]; status?: BlockIndexStatus } = {}): Promise<BlockIndexEntry[]> {
    const documents = options.documentIds && new Set(options.documentIds);
    const found: BlockIndexEntry[] = [];
    for (const stored of this.entries.values()) {
      const { entry } = stored;
      if (stored.ownerId !== ownerId || (documents && !documents.has(entry.documentId)) || (options.status && entry.status !== options.status)) continue;
      if (await this.blockExists(stored)) found.push(structuredClone(entry));
    }
    return found.sort((a, b) => byCodePoint(a.documentId, b.documentId) || a.page - b.page || byCodePoint(a.blockId, b.blockId));
  }

  async findCandidates(ownerId: string, query: BlockIndexQuery): Promise<BlockIndexCandidate[]> {
    const analysed = analyseIndexQuery(query);
    if (analysed.keys.size === 0) return [];
    const entries = await this.list(ownerId, { status: "indexed", ...(analysed.documentIds ? { documentIds: analysed.documentIds } : {}) });
    const scored = entries.map((entry) => ({ entry, ...scoreIndexEntry(entryMatchKeys(entry), analysed) }));
    return rankIndexCandidates(scored, analysed.limit);
  }

  private async blockExists({ ownerId, entry }: Stored): Promise<boolean> {
    try {
      await this.store.getBlock(ownerId, entry.documentId, entry.blockId);
      return true;
    } catch (error) {
      if (DomainError.isInstance(error) && (error.code === "DOCUMENT.NOT_FOUND" || error.code === "BLOCK.NOT_FOUND")) {
        this.entries.delete(keyOf(entry.documentId, entry.blockId));
        return false;
      }
      throw error;
    }
  }
}
