/**
 * Cheap, deterministic term handling for the parts of the pipeline that run without a model (intent heuristic,
 * fact lines, evidence-only ranking). Ranking proper is BlockSearch's job; this only has to spot a term in a line.
 */

const STOP_WORDS = new Set(
  (
    "и в во на по с со к ко от до за из у о об а но или ли не ни же что как какие какой какая каких где когда " +
    "сколько есть это этот эта эти все всех для при под над про без быть укажи найди покажи проверь сверь " +
    "the a an of in on at to for and or is are what which how many where with from show find list check"
  ).split(" "),
);

/** Cyrillic letters that OCR confuses with Latin ones, folded to Latin so `А3-13` equals `A3-13`. */
const LOOK_ALIKES: Record<string, string> = { а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x" };

export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[авекмнорстух]/g, (c) => LOOK_ALIKES[c] ?? c)
    .replace(/(\d),(\d)/g, "$1.$2");
}

export interface QueryTerm {
  /** Folded form used for matching. */
  folded: string;
  /** Codes (containing a digit) must match whole; words match by stem prefix. */
  isCode: boolean;
}

export function queryTerms(...texts: string[]): QueryTerm[] {
  const seen = new Map<string, QueryTerm>();
  for (const text of texts) {
    // a comma between digits is a decimal comma (+4,950), not a separator
    for (const raw of text.split(/[\s;:!?()«»"'“”]+|,(?!\d)/)) {
      const token = raw.replace(/^[.\-–]+|[.\-–]+$/g, "");
      if (token.length < 2) continue;
      const lower = token.toLowerCase();
      if (STOP_WORDS.has(lower)) continue;
      const isCode = /\d/.test(token);
      if (!isCode && token.length < 3) continue;
      // crude Russian stemming: inflections live in the last 2–3 letters
      const stem = isCode ? lower : lower.length > 6 ? lower.slice(0, lower.length - 3) : lower.length > 4 ? lower.slice(0, lower.length - 2) : lower;
      const folded = foldText(stem);
      if (!seen.has(folded)) seen.set(folded, { folded, isCode });
    }
  }
  return [...seen.values()];
}

export function countMatches(text: string, terms: readonly QueryTerm[]): number {
  if (terms.length === 0) return 0;
  const folded = foldText(text);
  let n = 0;
  for (const term of terms) {
    if (term.isCode ? containsCode(folded, term.folded) : folded.includes(term.folded)) n++;
  }
  return n;
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
