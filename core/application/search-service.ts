import type { BlockKind } from "../domain/block.js";
import { parseSearchOptions, parseSearchQuery } from "../domain/search-ranking.js";
import type { BlockSearch, SearchFilters, SearchHit } from "../ports/block-search.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { AizoomdocApi } from "./aizoomdoc-api.js";

export interface SearchServiceDeps {
  ownerId: string;
  search: BlockSearch;
  store: DocumentStore;
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
    parseSearchOptions(request);
    for (const id of filters.documentIds ?? []) await this.deps.store.getDocument(this.deps.ownerId, id);
    return this.deps.search.search(this.deps.ownerId, query, request);
  }
}
