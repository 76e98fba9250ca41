import { z } from "zod";
import { DomainError, invalidInput } from "./errors.js";
import { normaliseForSearch } from "./russian-text.js";
import { analyseQuery, type SearchQuery } from "./search-text.js";

/**
 * How the channels of block search add up (DESIGN §5). Every BlockSearch adapter ranks with these numbers so
 * that the SQL store and the in-memory fake order blocks the same way.
 */
export const SEARCH_WEIGHTS = {
  /** Share of the query's code mentions found in the block: codes decide first. */
  codes: 3,
  /** Share of the query's word weight (IDF-like) found in the block. */
  words: 1,
  /** The block (or its sheet's stamp) names the floor the query asks for. */
  floor: 0.6,
  /** The block names floors, but not the one asked for. */
  otherFloor: -0.3,
  /** The block names the sheet asked for, or lies on that page. */
  sheet: 0.4,
} as const;

/** Document frequencies are counted up to this cap: beyond it a word is common anyway, and counting costs time. */
export const DOCUMENT_FREQUENCY_CAP = 2000;

/** Weight of a query word found in `documentFrequency` blocks: rare words decide more than common ones. */
export function termWeight(documentFrequency: number): number {
  return 1 / Math.log(Math.E + Math.min(documentFrequency, DOCUMENT_FREQUENCY_CAP));
}

/**
 * Word candidates a query may pull in before it must ask for more of its words per block: every candidate is
 * scored on every channel, so this bounds the work of one search on a large store.
 */
export const CANDIDATE_BUDGET = 2000;

/** At most this many of the rarest query words pull candidates (the others still score). */
const MAX_PULLING_STEMS = 8;

/** Which query words pull blocks into the candidate set (every candidate is then scored on every channel). */
export interface CandidatePlan {
  /** Stems that pull candidates. */
  stems: string[];
  /** How many of `stems` a block must hold to be pulled in by words. */
  minimumMatch: number;
  /** Floor/sheet cues pull candidates only when nothing else does ("что на 2 этаже"). */
  cues: boolean;
}

/**
 * The candidate rule shared by every adapter: codes always pull; words found in a large share of blocks rank
 * but do not pull unless nothing else would; when the pulling words hold more blocks than the budget, a block
 * must hold several of them (one more per tenfold excess), so blocks with more of the words are the candidates.
 */
export function candidatePlan(terms: ReadonlyArray<{ stem: string; documentFrequency: number }>, codeMentions: number): CandidatePlan {
  // words no block holds ("какие", "сколько") cannot pull anything and must not crowd out the ones that can
  const present = terms.filter((t) => t.documentFrequency > 0);
  const rare = present.filter((t) => t.documentFrequency < DOCUMENT_FREQUENCY_CAP);
  const pulling = (rare.length > 0 || codeMentions > 0 ? rare : present)
    .slice()
    .sort((a, b) => a.documentFrequency - b.documentFrequency || a.stem.localeCompare(b.stem))
    .slice(0, MAX_PULLING_STEMS);
  const volume = pulling.reduce((sum, t) => sum + t.documentFrequency, 0);
  const excess = volume > CANDIDATE_BUDGET ? Math.ceil(Math.log10(volume / CANDIDATE_BUDGET)) : 0;
  return {
    stems: pulling.map((t) => t.stem),
    minimumMatch: Math.max(1, Math.min(pulling.length, 1 + excess)),
    cues: pulling.length === 0 && codeMentions === 0,
  };
}

export interface ChannelMatch {
  /** 0..1 */
  codeShare: number;
  /** 0..1 */
  wordShare: number;
  floor: "match" | "other" | "none";
  sheet: boolean;
}

export function combineScore(match: ChannelMatch): number {
  const floor = match.floor === "match" ? SEARCH_WEIGHTS.floor : match.floor === "other" ? SEARCH_WEIGHTS.otherFloor : 0;
  return (
    SEARCH_WEIGHTS.codes * match.codeShare + SEARCH_WEIGHTS.words * match.wordShare + floor + (match.sheet ? SEARCH_WEIGHTS.sheet : 0)
  );
}

/** Query stems that carry meaning: one-letter and purely numeric lexemes are left to the codes channel. */
export function meaningfulStems(stems: Iterable<string>): string[] {
  return [...new Set(stems)].filter((s) => s.length > 1 && !/^[\d.,-]+$/.test(s));
}

/** Longest query accepted: a question, not a document. */
export const MAX_QUERY_LENGTH = 2000;

/** Analyses a query for every BlockSearch adapter: an empty or oversized query is `SEARCH.INVALID_QUERY`. */
export function parseSearchQuery(query: string): SearchQuery {
  if (typeof query !== "string" || query.trim() === "") throw new DomainError("SEARCH.INVALID_QUERY", "search query is empty");
  if (query.length > MAX_QUERY_LENGTH) {
    throw new DomainError("SEARCH.INVALID_QUERY", `search query is ${query.length} characters long; the limit is ${MAX_QUERY_LENGTH}`);
  }
  return analyseQuery(query);
}

/** Terms of at least this many letters match as prefixes. */
const PREFIX_TERM_LENGTH = 5;

/**
 * The form in which a stemmed query word is matched. Snowball leaves Russian fleeting vowels apart
 * (решетки → `решетк`, решеток → `решеток`; перемычки/перемычек), so a long stem loses its last letter and
 * matches as a prefix (`решет*`); short stems stay exact, where a prefix would catch unrelated words.
 */
export function queryTerm(stem: string): string {
  return stem.length > PREFIX_TERM_LENGTH ? stem.slice(0, -1) : stem;
}

export const isPrefixTerm = (term: string) => term.length >= PREFIX_TERM_LENGTH;

/** Whether an indexed stem answers a query term. */
export const termMatches = (term: string, stem: string) => (isPrefixTerm(term) ? stem.startsWith(term) : stem === term);

export const SEARCH_LIMIT = { default: 20, max: 100 } as const;

const BlockKindSchema = z.enum(["TEXT", "TABLE", "IMAGE"]);
const SearchOptionsSchema = z
  .object({
    filters: z
      .object({
        documentIds: z.array(z.string().trim().min(1)).optional(),
        projectPath: z.array(z.string().trim().min(1)).min(1).optional(),
        pages: z.array(z.number().int().min(1)).optional(),
        kinds: z.array(BlockKindSchema).optional(),
      })
      .strict()
      .optional(),
    limit: z.number().int().min(1).max(SEARCH_LIMIT.max).optional(),
  })
  .strict();

export type ValidSearchOptions = z.infer<typeof SearchOptionsSchema>;

/** Checks search options; a bad filter is `VALIDATION.INVALID_INPUT` naming the field. */
export function parseSearchOptions(options: unknown): ValidSearchOptions & { limit: number } {
  const parsed = SearchOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidInput(`search option ${issue.path.join(".") || "options"}: ${issue.message}`, { issues: parsed.error.issues });
  }
  return { ...parsed.data, limit: parsed.data.limit ?? SEARCH_LIMIT.default };
}

const SNIPPET_LENGTH = 220;
const SNIPPET_LEAD = 70;

/**
 * A short excerpt of `text` around the first matched code (else word), with every match wrapped in `«…»`.
 * `stems` are the stemmed query words as the search engine produced them (a stem is a prefix of its words).
 */
export function makeSnippet(text: string, query: SearchQuery, stems: string[]): string {
  const normalised = normaliseForSearch(text);
  const codeRanges = findCodes(normalised, query.codes.flatMap((c) => c.forms));
  const wordRanges = findWords(normalised, stems);
  const ranges = mergeRanges([...codeRanges, ...wordRanges]);
  const anchor = (codeRanges[0] ?? wordRanges[0])?.start ?? 0;
  let from = Math.max(0, anchor - SNIPPET_LEAD);
  let to = Math.min(text.length, from + SNIPPET_LENGTH);
  from = Math.max(0, Math.min(from, to - SNIPPET_LENGTH));
  while (from > 0 && !/\s/.test(text[from - 1]!) && anchor - from < SNIPPET_LEAD + 20) from--;
  while (to < text.length && !/\s/.test(text[to]!) && to - anchor < SNIPPET_LENGTH + 20) to++;
  let out = "";
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    const start = Math.max(r.start, at);
    out += text.slice(at, start) + "«" + text.slice(start, Math.min(r.end, to)) + "»";
    at = Math.min(r.end, to);
  }
  out += text.slice(at, to);
  const body = out.replace(/\s+/g, " ").trim();
  return `${from > 0 ? "…" : ""}${body}${to < text.length ? "…" : ""}`;
}

type Range = { start: number; end: number };

const BOUNDARY_AFTER = /^(?:$|[^\p{L}\p{N}*]|[-./](?![\p{L}\p{N}]))/u;

function findCodes(normalised: string, forms: string[]): Range[] {
  const ranges: Range[] = [];
  for (const form of new Set(forms)) {
    for (let at = normalised.indexOf(form); at >= 0; at = normalised.indexOf(form, at + 1)) {
      const before = normalised[at - 1] ?? "";
      // a starred variant (`А3-13*`) is what an unstarred query finds: mark its star too
      let end = at + form.length;
      while (normalised[end] === "*") end++;
      if (/[\p{L}\p{N}]/u.test(before) || (/[-./]/.test(before) && /[\p{L}\p{N}]/u.test(normalised[at - 2] ?? ""))) continue;
      if (BOUNDARY_AFTER.test(normalised.slice(end, end + 2))) ranges.push({ start: at, end });
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function findWords(normalised: string, stems: string[]): Range[] {
  const ranges: Range[] = [];
  if (stems.length === 0) return ranges;
  for (const m of normalised.matchAll(/\p{L}[\p{L}\p{N}]*/gu)) {
    const word = m[0];
    if (stems.some((s) => word === s || (s.length >= 3 && word.startsWith(s)))) ranges.push({ start: m.index, end: m.index + word.length });
  }
  return ranges;
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
