import type { BlockKind } from "../domain/block.js";
import { parseSearchOptions, parseSearchQuery } from "../domain/search-ranking.js";
import type { BlockSearch, SearchFilters, SearchHit } from "../ports/block-search.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { AizoomdocApi } from "./aizoomdoc-api.js";
import type { BlockIndexService } from "./block-index-service.js";

export interface SearchServiceDeps {
  ownerId: string;
  search: BlockSearch;
  store: DocumentStore;
  /** The block index: drawings whose catalogue entry matches are found too, also those without any text. */
  blockIndex?: Pick<BlockIndexService, "candidateBlocks">;
}

export interface SearchOptions {
  documentIds?: string[];
  kinds?: BlockKind[];
  pages?: number[];
  limit?: number;
}

/** Block search for one owner (CLI `search`, the library, and the agent's retrieve phase). */
export class SearchService implements Pick<AizoomdocApi, "search"> {
  constructor(private readonly deps: SearchServiceDeps) {}

  /**
   * Ranked blocks for `query`. Errors: `SEARCH.INVALID_QUERY` (empty), `VALIDATION.INVALID_INPUT` (bad filter or
   * limit), `DOCUMENT.NOT_FOUND` for a document id the owner does not have (a typo must not read as "no hits").
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    parseSearchQuery(query);
    const filters: SearchFilters = {
      ...(options.documentIds ? { documentIds: [...new Set(options.documentIds)] } : {}),
      ...(options.kinds ? { kinds: options.kinds } : {}),
      ...(options.pages ? { pages: options.pages } : {}),
    };
    const request = { filters, ...(options.limit !== undefined ? { limit: options.limit } : {}) };
    const { limit } = parseSearchOptions(request);
    for (const id of filters.documentIds ?? []) await this.deps.store.getDocument(this.deps.ownerId, id);
    const hits = await this.deps.search.search(this.deps.ownerId, query, request);
    if (!this.deps.blockIndex || (filters.kinds && !filters.kinds.includes("IMAGE"))) return hits;
    return this.withIndexHits(query, filters, hits, limit);
  }

  /**
   * Merges drawings found through their index entries. Index scores are 0..1; scaled by the best text hit's score,
   * a drawing that matches every term of the query ranks with the best text hit. A drawing found both ways keeps
   * its text score and snippet and is marked `index` as well.
   */
  private async withIndexHits(query: string, filters: SearchFilters, hits: SearchHit[], limit: number): Promise<SearchHit[]> {
    const found = await this.deps.blockIndex!.candidateBlocks({ text: query, ...(filters.documentIds ? { documentIds: filters.documentIds } : {}), limit });
    const scale = Math.max(1, ...hits.map((h) => h.score));
    const merged = new Map(hits.map((h) => [`${h.block.documentId}/${h.block.id}`, h]));
    const names = new Map<string, string>();
    for (const { block, entry, score } of found) {
      if (filters.pages && !filters.pages.includes(block.page)) continue;
      const key = `${block.documentId}/${block.id}`;
      const existing = merged.get(key);
      if (existing) {
        merged.set(key, { ...existing, matched: [...existing.matched, "index"] });
        continue;
      }
      if (!names.has(block.documentId)) names.set(block.documentId, (await this.deps.store.getDocument(this.deps.ownerId, block.documentId)).name);
      const caption = [entry.title, entry.summary].filter((t) => t && t.trim()).join(" — ");
      merged.set(key, { block, documentName: names.get(block.documentId)!, score: score * scale, snippet: `[index] ${caption}`, matched: ["index"] });
    }
    return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
