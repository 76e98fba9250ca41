import {
  SEARCH_WEIGHTS,
  candidatePlan,
  makeSnippet,
  meaningfulStems,
  parseSearchOptions,
  parseSearchQuery,
  isPrefixTerm,
  queryTerm,
  termWeight,
} from "../../core/domain/search-ranking.js";
import { floorCode, sheetCode } from "../../core/domain/search-text.js";
import type { BlockSearch, SearchFilters, SearchHit } from "../../core/ports/block-search.js";
import { BLOCK_COLUMNS, toBlock, type BlockRow } from "./document-rows.js";
import type { SqlExecutor, SqlValue } from "./sql-driver.js";

interface HitRow extends BlockRow {
  document_name: string;
  score: number;
  code_hits: number;
  number_hits: number;
  word_weight: number;
}

/**
 * `BlockSearch` over the `block_search` table (migration 0002) on PGlite or Postgres: a stemmed `russian`
 * tsvector channel weighted by document frequency, an exact channel of codes/numbers (GIN over `text[]`), and
 * floor/sheet cues, combined with the shared `SEARCH_WEIGHTS` inside one SQL statement.
 */
export class SqlBlockSearch implements BlockSearch {
  constructor(private readonly db: SqlExecutor) {}

  async search(ownerId: string, query: string, options?: { filters?: SearchFilters; limit?: number }): Promise<SearchHit[]> {
    const analysed = parseSearchQuery(query);
    const { filters = {}, limit } = parseSearchOptions(options);
    const terms = await this.queryTerms(ownerId, analysed.wordsText);
    const plan = candidatePlan(terms, analysed.codes.length);
    const cueCodes = [...analysed.floors.map(floorCode), ...analysed.sheets.map(sheetCode)];
    if (plan.stems.length === 0 && analysed.codes.length === 0 && !(plan.cues && cueCodes.length > 0)) return [];

    const params: SqlValue[] = [ownerId];
    const param = (value: SqlValue) => `$${params.push(value)}`;
    // Arrays travel as Postgres array literals in text parameters, so the planner sees their values (GIN estimates).
    const textArray = (values: readonly string[]) => `${param(arrayLiteral(values))}::text[]`;
    const intArray = (values: readonly number[]) => `${param(arrayLiteral(values.map(String)))}::int[]`;
    const tsquery = (stem: string) => `${param(tsqueryLiteral(stem))}::tsquery`;

    // Each channel is an inline sum of cheap tests (no subquery per row): codes per mention, words per stem.
    const hitsOf = (kind: "code" | "number") => {
      const tests = analysed.codes.filter((m) => m.kind === kind).map((m) => `(s.codes && ${textArray(m.forms)})::int`);
      return tests.length ? tests.join(" + ") : "0";
    };
    const wordWeight = terms.length ? terms.map((t) => `case when s.words @@ ${tsquery(t.stem)} then ${float(t.weight)} else ${float(0)} end`).join(" + ") : float(0);
    const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0) || 1;
    const pulls: string[] = [];
    if (plan.stems.length > 0) pulls.push(`s.words @@ ${param(pullQuery(plan.stems, plan.minimumMatch))}::tsquery`);
    if (analysed.codes.length > 0) pulls.push(`s.codes && ${textArray(analysed.codes.flatMap((m) => m.forms))}`);
    if (plan.cues && cueCodes.length > 0) pulls.push(`s.codes && ${textArray(cueCodes)}`);
    const conditions = ["s.owner_id = $1", `(${pulls.join(" or ")})`, ...filterConditions(filters, textArray, intArray)];
    const sheetMatch = analysed.sheets.length
      ? `(s.codes && ${textArray(analysed.sheets.map(sheetCode))} or s.page = any(${intArray(analysed.sheets.map(Number))}))`
      : "false";
    const floor = analysed.floors.length
      ? `case when s.floors && ${intArray(analysed.floors)} then ${float(SEARCH_WEIGHTS.floor)} when cardinality(s.floors) > 0 then ${float(SEARCH_WEIGHTS.otherFloor)} else ${float(0)} end`
      : float(0);
    const mentions = Math.max(analysed.codes.length, 1);
    const sql = `
      with scored as (
        select s.document_id, s.block_id, s.ordinal, ${hitsOf("code")} as code_hits, ${hitsOf("number")} as number_hits,
          ${wordWeight} as word_weight, ${floor} as floor_score, ${sheetMatch} as sheet_match
        from block_search s ${filters.projectPath ? "join documents d on d.id = s.document_id" : ""}
        where ${conditions.join(" and ")}
      ), ranked as (
        select *, ${float(SEARCH_WEIGHTS.codes / mentions)} * (code_hits + number_hits)
          + ${float(SEARCH_WEIGHTS.words / totalWeight)} * word_weight
          + floor_score + case when sheet_match then ${float(SEARCH_WEIGHTS.sheet)} else ${float(0)} end as score
        from scored
        order by score desc, document_id, ordinal, block_id
        limit ${param(limit)}
      )
      select ${BLOCK_COLUMNS.split(", ").map((c) => `b.${c}`).join(", ")}, d.name as document_name,
        r.score, r.code_hits, r.number_hits, r.word_weight
      from ranked r
      join blocks b on b.document_id = r.document_id and b.id = r.block_id
      join documents d on d.id = r.document_id
      order by r.score desc, r.document_id, r.ordinal, r.block_id`;
    const rows = await this.db.query<HitRow>(sql, params);
    const stems = terms.map((t) => t.stem);
    return rows.map((row) => toHit(row, analysed, stems));
  }

  /** Stemmed query words with the number of the owner's blocks holding each (kept by migration 0002's triggers). */
  private async queryTerms(ownerId: string, wordsText: string): Promise<Array<{ stem: string; documentFrequency: number; weight: number }>> {
    if (wordsText.trim() === "") return [];
    const rows = await this.db.query<{ lexeme: string; blocks: number }>(
      `select l.lexeme, coalesce(t.blocks, 0) as blocks
       from unnest(tsvector_to_array(to_tsvector('russian', $2))) as l(lexeme)
       left join block_search_terms t on t.owner_id = $1 and t.lexeme = l.lexeme`,
      [ownerId, wordsText],
    );
    const kept = new Set(meaningfulStems(rows.map((r) => r.lexeme)));
    // weights count the blocks holding the exact stem; matching is by term (a prefix for long stems)
    const frequencies = new Map<string, number>();
    for (const row of rows.filter((r) => kept.has(r.lexeme))) {
      const term = queryTerm(row.lexeme);
      frequencies.set(term, Math.max(frequencies.get(term) ?? 0, Number(row.blocks)));
    }
    return [...frequencies].map(([stem, documentFrequency]) => ({ stem, documentFrequency, weight: termWeight(documentFrequency) }));
  }
}

/** Blocks holding at least `minimumMatch` of `stems`: `a | b | c`, or for 2 `(a & b) | (a & c) | (b & c)`, and so on. */
function pullQuery(stems: string[], minimumMatch: number): string {
  const literals = stems.map(tsqueryLiteral);
  const groups: string[] = [];
  const choose = (from: number, chosen: string[]) => {
    if (chosen.length === minimumMatch) {
      groups.push(chosen.length === 1 ? chosen[0]! : `(${chosen.join(" & ")})`);
      return;
    }
    for (let i = from; i <= literals.length - (minimumMatch - chosen.length); i++) choose(i + 1, [...chosen, literals[i]!]);
  };
  choose(0, []);
  return groups.join(" | ");
}

function filterConditions(
  filters: SearchFilters,
  textArray: (values: readonly string[]) => string,
  intArray: (values: readonly number[]) => string,
): string[] {
  const conditions: string[] = [];
  if (filters.documentIds) conditions.push(`s.document_id = any(${textArray(filters.documentIds)})`);
  if (filters.pages) conditions.push(`s.page = any(${intArray(filters.pages)})`);
  if (filters.kinds) conditions.push(`s.kind = any(${textArray(filters.kinds)})`);
  if (filters.projectPath) conditions.push(`d.project_path[1:${filters.projectPath.length}] = ${textArray(filters.projectPath)}`);
  return conditions;
}

/**
 * A weight as a float8 literal: an untyped `0.13` is numeric, and numeric arithmetic on every candidate row cost
 * PGlite 40 % of a 12 000-candidate query.
 */
function float(value: number): string {
  return `${Number.isFinite(value) ? value : 0}::float8`;
}

/** `{"a","b"}`: a Postgres array literal, every element quoted. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/** A query term as a tsquery operand: quoted (quotes and backslashes doubled), `:*` when it matches as a prefix. */
function tsqueryLiteral(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'${isPrefixTerm(term) ? ":*" : ""}`;
}

function toHit(row: HitRow, analysed: ReturnType<typeof parseSearchQuery>, stems: string[]): SearchHit {
  const matched = [
    ...(row.word_weight > 0 ? ["words"] : []),
    ...(row.code_hits > 0 ? ["codes"] : []),
    ...(row.number_hits > 0 ? ["numbers"] : []),
  ];
  return { block: toBlock(row), documentName: row.document_name, score: Number(row.score), snippet: makeSnippet(row.text, analysed, stems), matched };
}
