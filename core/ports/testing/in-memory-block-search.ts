import type { Block } from "../../domain/block.js";
import type { DocumentRecord } from "../../domain/document.js";
import {
  candidatePlan,
  combineScore,
  makeSnippet,
  meaningfulStems,
  parseSearchOptions,
  parseSearchQuery,
  queryTerm,
  termMatches,
  termWeight,
  type ValidSearchOptions,
} from "../../domain/search-ranking.js";
import { russianLexemes } from "../../domain/russian-text.js";
import { blockSearchTerms, floorCode, sheetCode } from "../../domain/search-text.js";
import type { BlockSearch, SearchFilters, SearchHit } from "../block-search.js";
import type { DocumentStore } from "../document-store.js";

/**
 * Verified fake of `BlockSearch` over any `DocumentStore` (passes the same contract suite as the SQL search).
 * It ranks with the shared weights and stems with `russianLexemes`, which gives the lexemes Postgres' `russian`
 * configuration does (a test holds the two together).
 */
export class InMemoryBlockSearch implements BlockSearch {
  constructor(private readonly store: DocumentStore) {}

  async search(ownerId: string, query: string, options?: { filters?: SearchFilters; limit?: number }): Promise<SearchHit[]> {
    const analysed = parseSearchQuery(query);
    const { filters, limit } = parseSearchOptions(options);
    const documents = await this.store.listDocuments(ownerId);
    const indexed = (await Promise.all(documents.map((d) => this.indexDocument(ownerId, d)))).flat();
    const exact = meaningfulStems(russianLexemes(analysed.wordsText));
    // weights count the blocks holding the exact stem (as the SQL store's term table does); matching is by term
    const frequencies = new Map<string, number>();
    for (const stem of exact) {
      const term = queryTerm(stem);
      frequencies.set(term, Math.max(frequencies.get(term) ?? 0, indexed.filter((b) => b.stems.has(stem)).length));
    }
    const stems = [...frequencies.keys()];
    const weights = new Map(stems.map((s) => [s, termWeight(frequencies.get(s)!)]));
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
    const plan = candidatePlan(
      stems.map((stem) => ({ stem, documentFrequency: frequencies.get(stem)! })),
      analysed.codes.length,
    );
    const floorCodes = analysed.floors.map(floorCode);
    const sheetCodes = analysed.sheets.map(sheetCode);
    const hits: Array<SearchHit & { ordinal: number }> = [];
    for (const entry of indexed.filter((b) => passes(b, filters))) {
      const matchedMentions = analysed.codes.filter((m) => m.forms.some((f) => entry.codes.has(f)));
      const holds = (term: string) => [...entry.stems].some((stem) => termMatches(term, stem));
      const matchedStems = stems.filter(holds);
      const floorMatch = floorCodes.some((c) => entry.codes.has(c));
      const sheetMatch = sheetCodes.some((c) => entry.codes.has(c)) || analysed.sheets.includes(String(entry.block.page));
      const pulledByWords = plan.stems.length > 0 && plan.stems.filter((s) => matchedStems.includes(s)).length >= plan.minimumMatch;
      const pulledByCues = plan.cues && (floorMatch || sheetCodes.some((c) => entry.codes.has(c)));
      if (matchedMentions.length === 0 && !pulledByWords && !pulledByCues) continue;
      const otherFloor = floorCodes.length > 0 && !floorMatch && [...entry.codes].some((c) => c.startsWith("floor:"));
      const score = combineScore({
        codeShare: analysed.codes.length ? matchedMentions.length / analysed.codes.length : 0,
        wordShare: totalWeight ? matchedStems.reduce((a, s) => a + weights.get(s)!, 0) / totalWeight : 0,
        floor: floorMatch ? "match" : otherFloor ? "other" : "none",
        sheet: sheetMatch,
      });
      const matched = [
        ...(matchedStems.length ? ["words"] : []),
        ...(matchedMentions.some((m) => m.kind === "code") ? ["codes"] : []),
        ...(matchedMentions.some((m) => m.kind === "number") ? ["numbers"] : []),
      ];
      hits.push({
        block: entry.block,
        documentName: entry.document.name,
        score,
        snippet: makeSnippet(entry.block.text, analysed, stems),
        matched,
        ordinal: entry.block.ordinal,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.block.documentId.localeCompare(b.block.documentId) || a.ordinal - b.ordinal);
    return hits.slice(0, limit).map(({ ordinal: _ordinal, ...hit }) => hit);
  }

  private async indexDocument(ownerId: string, document: DocumentRecord): Promise<IndexedBlock[]> {
    const blocks = await this.store.getBlocks(ownerId, document.id);
    return blocks.map((block) => {
      const stamp = document.pages.find((p) => p.number === block.page)?.stamp;
      const terms = blockSearchTerms(block, stamp);
      return { block, document, codes: new Set(terms.codes), stems: new Set(russianLexemes(terms.normalised)) };
    });
  }
}

interface IndexedBlock {
  block: Block;
  document: DocumentRecord;
  codes: Set<string>;
  stems: Set<string>;
}

function passes(entry: IndexedBlock, filters: ValidSearchOptions["filters"]): boolean {
  if (!filters) return true;
  const { block, document } = entry;
  if (filters.documentIds && !filters.documentIds.includes(document.id)) return false;
  if (filters.pages && !filters.pages.includes(block.page)) return false;
  if (filters.kinds && !filters.kinds.includes(block.kind)) return false;
  const path = filters.projectPath;
  if (path && !path.every((segment, i) => document.projectPath?.[i] === segment)) return false;
  return true;
}
