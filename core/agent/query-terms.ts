import { normaliseForSearch, russianLexemes } from "../domain/russian-text.js";
import { queryTerm, termMatches } from "../domain/search-ranking.js";

/**
 * Cheap, deterministic term handling for the parts of the pipeline that run without a model (intent heuristic,
 * fact lines, evidence-only ranking). Ranking proper is BlockSearch's job; this only has to spot a term in a line,
 * and it reads words as the search does: `normaliseForSearch`, the Snowball stems of `russianLexemes`, and the
 * search's prefix rule for long stems (`queryTerm`).
 */

export interface QueryTerm {
  /** Normalised code, or the matching form of a word's stem (see `queryTerm`). */
  folded: string;
  /** Codes (containing a digit) must match whole; words match by stem. */
  isCode: boolean;
}

export function queryTerms(...texts: string[]): QueryTerm[] {
  const seen = new Map<string, QueryTerm>();
  const add = (term: QueryTerm) => seen.has(term.folded) || seen.set(term.folded, term);
  for (const text of texts) {
    // a comma between digits is a decimal comma (+4,950), not a separator
    for (const raw of text.split(/[\s;:!?()«»"'“”]+|,(?!\d)/)) {
      const token = normaliseForSearch(raw.replace(/^[.\-–]+|[.\-–]+$/g, ""));
      if (/\d/.test(token)) {
        if (token.length >= 2) add({ folded: token, isCode: true });
      } else if (token.length >= 3) {
        // one letter left of a word (`б` of `ж/б`) names nothing
        for (const stem of russianLexemes(token, { questions: "drop" })) if (stem.length > 1) add({ folded: queryTerm(stem), isCode: false });
      }
    }
  }
  return [...seen.values()];
}

/** The terms `text` holds: codes between non-alphanumeric neighbours, words by the stems of its words. */
export function matchingTerms(text: string, terms: readonly QueryTerm[]): QueryTerm[] {
  if (terms.length === 0) return [];
  const normalised = normaliseForSearch(text);
  const stems = terms.some((t) => !t.isCode) ? new Set(russianLexemes(normalised)) : new Set<string>();
  const holdsWord = (term: string) => [...stems].some((stem) => termMatches(term, stem));
  return terms.filter((term) => (term.isCode ? containsCode(normalised, term.folded) : holdsWord(term.folded)));
}

export function countMatches(text: string, terms: readonly QueryTerm[]): number {
  return matchingTerms(text, terms).length;
}

/** `в2` must not match `в21` or `ов2`: a code matches only between non-alphanumeric neighbours. */
function containsCode(haystack: string, code: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(code, from);
    if (at < 0) return false;
    const before = haystack[at - 1];
    const after = haystack[at + code.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = at + 1;
  }
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}
