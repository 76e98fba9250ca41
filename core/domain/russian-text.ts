/**
 * The Russian text rules of every search path (DESIGN §5), written once: what Postgres' `russian` text search
 * configuration does to a word (stop list, Snowball stemmer), and the OCR folds the application applies before
 * any text reaches it (Latin look-alikes → Cyrillic, `0` → `о`, `ё` → `е`, decimal comma → point).
 *
 * The SQL search stems with `to_tsvector('russian', normaliseForSearch(text))`; the in-memory search, the block
 * index and the agent's term matching call `russianLexemes(normaliseForSearch(text))` here, and a test holds the
 * two to the same lexemes (adapters/supabase/russian-text-agreement.test.ts).
 */

/**
 * Postgres' `russian.stop` (Snowball's Russian stop list), which `russian_stem` drops before stemming. Function
 * words, pronouns and a few numerals ("один", "два", "три"); not "сколько" or "какие" (see `QUESTION_WORDS`).
 */
export const RUSSIAN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня " +
    "еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь " +
    "там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз " +
    "тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы " +
    "нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти " +
    "нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя " +
    "такой им более всегда конечно всю между"
  ).split(" "),
);

/**
 * Postgres' `english.stop`: the `russian` configuration sends words of ASCII letters to `english_stem`, which
 * drops these. (It also stems them with Porter2; here Latin words stay whole, see `russianLexemes`.)
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself " +
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be " +
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with " +
    "about against between into through during before after above below to from up down in out on off over under " +
    "again further then once here there when where why how all any both each few more most other some such no nor " +
    "not only own same so than too very s t can will just don should now"
  ).split(" "),
);

/**
 * Words of a question that name nothing to look for: question words, commands and the pronouns the stop list
 * keeps ("сколько", "какие", "покажи", "это", "find"). Queries drop them on top of the stop lists where a term no block holds would dilute a score (the
 * block index, the agent's line matching); the stored text keeps them, as Postgres does.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    "какие каких какое каком каким какую сколько это эта укажи найди покажи проверь сверь " +
    "many show find list check"
  ).split(" "),
);

/**
 * Latin letters that OCR confuses with Cyrillic ones, mapped to the Cyrillic letter: the one fold direction, the
 * one the stored `block_search.words` were written with (Russian words then reach the Russian stemmer).
 */
const LOOK_ALIKES: Record<string, string> = {
  A: "А", B: "В", C: "С", E: "Е", H: "Н", K: "К", M: "М", O: "О", P: "Р", T: "Т", X: "Х", Y: "У",
  a: "а", c: "с", e: "е", k: "к", m: "м", o: "о", p: "р", x: "х", y: "у",
};
const DASHES = /[\u2010-\u2015\u2212]/;
const LATIN = /[A-Za-z]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGIT = /\d/;

/**
 * `WORD_CHAR.test(c)` for one UTF-16 unit, with ASCII and the Russian alphabet decided without the regex: a Unicode
 * property test per character was a fifth of indexing a heavy drawing set's text.
 */
export function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  if (code >= 0x410 && code <= 0x44f) return true;
  return WORD_CHAR.test(c);
}
const LETTER = /\p{L}/u;

/**
 * Lower-cased, `ё`→`е`, dashes→`-`, `×`→`х`, decimal comma→point, and inside each word: Latin look-alikes →
 * Cyrillic when every Latin letter of the word has a Cyrillic twin (so `A3-13` = `А3-13`, `EIS60` stays Latin),
 * and `0` → `о` where it stands next to a letter and not inside a number (`0л-1` = `Ол-1`, `DN100` unchanged).
 * Always returns a string of the same length, so a position in it is the same position in the original.
 */
export function normaliseForSearch(text: string): string {
  // UTF-16 units, not code points: a lone surrogate is a separator and the length never changes.
  const chars = text.split("");
  const out = new Array<string>(chars.length);
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i]!)) {
      out[i] = normaliseSeparator(chars, i);
      i++;
      continue;
    }
    let end = i;
    while (end < chars.length && isWordChar(chars[end]!)) end++;
    foldWord(chars, out, i, end);
    i = end;
  }
  return out.join("");
}

function normaliseSeparator(chars: string[], i: number): string {
  const c = chars[i]!;
  if (DASHES.test(c)) return "-";
  if (c === "×") return "х";
  if (c === "," && DIGIT.test(chars[i - 1] ?? "") && DIGIT.test(chars[i + 1] ?? "")) return ".";
  return c;
}

function foldWord(chars: string[], out: string[], start: number, end: number): void {
  const word = chars.slice(start, end);
  const latin = word.filter((c) => LATIN.test(c));
  const fold = latin.length > 0 && latin.every((c) => c in LOOK_ALIKES);
  for (let k = start; k < end; k++) {
    let c = chars[k]!;
    if (fold && c in LOOK_ALIKES) c = LOOK_ALIKES[c]!;
    if (c === "0" && isLetterZero(chars, k, start, end)) c = "о";
    const lower = c.toLowerCase();
    c = lower.length === 1 ? lower : c;
    out[k] = c === "ё" ? "е" : c;
  }
}

function isLetterZero(chars: string[], k: number, start: number, end: number): boolean {
  const before = k > start ? chars[k - 1]! : "";
  const after = k + 1 < end ? chars[k + 1]! : "";
  const letterNear = LETTER.test(before) || LETTER.test(after);
  return letterNear && !DIGIT.test(before) && !DIGIT.test(after);
}

// Postgres' parser: a word may join parts with hyphens before letters (`цементно-песчаный`, `гк-ар4`); a
// hyphen before a digit starts a signed number instead (`пр-1` is the word `пр` and `-1`).
const WORD = /[\p{L}\p{N}]+(?:-(?=\p{L})[\p{L}\p{N}]+)*/gu;
const LETTERS = /^[\p{L}-]+$/u;

/**
 * The lexemes `to_tsvector('russian', …)` gives the words of letters in normalised text: stop words dropped,
 * the rest Snowball-stemmed, a hyphenated word both whole and by its parts (`цементно-песчаный` →
 * `цементно-песчан`, `цементн`, `песчан`). Tokens with digits (`ов1`, `2пб`, `+4.950`) are the codes channel's
 * (search-text.ts) and give none. Words of Latin letters are kept whole where Postgres would Porter2-stem them
 * (`plastics` → `plastic`): both sides of a match go through here, so they still meet. With `questions: "drop"`
 * the `QUESTION_WORDS` go too.
 */
export function russianLexemes(normalised: string, options?: { questions: "drop" }): string[] {
  const dropped = (word: string) =>
    RUSSIAN_STOP_WORDS.has(word) || ENGLISH_STOP_WORDS.has(word) || (options?.questions === "drop" && QUESTION_WORDS.has(word));
  const lexemes: string[] = [];
  for (const [word] of normalised.matchAll(WORD)) {
    const parts = word.split("-");
    for (const part of parts.length > 1 ? [word, ...parts] : parts) if (LETTERS.test(part) && !dropped(part)) lexemes.push(stemRussian(part));
  }
  return lexemes;
}

// The Snowball Russian stemmer (snowballstem.org/algorithms/russian), as Postgres' `russian_stem` runs it.
// Every step removes the longest suffix of its list that lies inside RV (the part after the first vowel); a
// suffix of a `*_AFTER_A` list counts only after an `а` or `я` that is inside RV too, and is removed without it.
const VOWELS = new Set("аеиоуыэюя");
const PERFECTIVE_GERUND = { afterA: ["в", "вши", "вшись"], plain: ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"] };
const REFLEXIVE = { afterA: [], plain: ["ся", "сь"] };
const ADJECTIVE = {
  afterA: [],
  plain: ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"],
};
const PARTICIPLE = { afterA: ["ем", "нн", "вш", "ющ", "щ"], plain: ["ивш", "ывш", "ующ"] };
const VERB = {
  afterA: ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"],
  plain: ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"],
};
const NOUN = {
  afterA: [],
  plain: ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"],
};
const DERIVATIONAL = ["ост", "ость"];
const SUPERLATIVE = ["ейш", "ейше"];

type SuffixList = { afterA: readonly string[]; plain: readonly string[] };

/**
 * The Snowball Russian stem of a lower-cased word (`перемычки` → `перемычк`, `вентиляционные` →
 * `вентиляцион`); a word without Cyrillic vowels comes back as it is, save `ё` → `е`.
 */
export function stemRussian(input: string): string {
  let word = input.replace(/ё/g, "е");
  const rv = regionAfterVowel(word, 0);
  // R1 starts after the first non-vowel past RV's start, R2 after the first vowel and then non-vowel in R1
  const r2 = regionAfterConsonant(word, regionAfterVowel(word, regionAfterConsonant(word, rv)));
  const gerund = removeSuffix(word, PERFECTIVE_GERUND, rv);
  if (gerund !== undefined) word = gerund;
  else {
    word = removeSuffix(word, REFLEXIVE, rv) ?? word;
    word = removeAdjectival(word, rv) ?? removeSuffix(word, VERB, rv) ?? removeSuffix(word, NOUN, rv) ?? word;
  }
  if (word.endsWith("и") && word.length - 1 >= rv) word = word.slice(0, -1);
  const derivational = longestSuffix(word, DERIVATIONAL, rv);
  if (derivational && word.length - derivational.length >= r2) word = word.slice(0, -derivational.length);
  return tidyUp(word, rv);
}

/** The adjective ending and a participle suffix before it: `вытяжная` → `вытяжн`, `обеспечивающий` → `обеспечива`. */
function removeAdjectival(word: string, rv: number): string | undefined {
  const adjective = removeSuffix(word, ADJECTIVE, rv);
  return adjective === undefined ? undefined : (removeSuffix(adjective, PARTICIPLE, rv) ?? adjective);
}

/** Superlative `ейш(е)` and then a doubled `н`, or a doubled `н`, or a soft sign. */
function tidyUp(word: string, rv: number): string {
  const undouble = (w: string) => (w.endsWith("нн") && w.length - 2 >= rv ? w.slice(0, -1) : w);
  const superlative = longestSuffix(word, SUPERLATIVE, rv);
  if (superlative) return undouble(word.slice(0, -superlative.length));
  if (word.endsWith("н")) return undouble(word);
  return word.endsWith("ь") && word.length - 1 >= rv ? word.slice(0, -1) : word;
}

/** The word without the longest suffix of `list` inside RV, or undefined when none is there (or its `а`/`я` is not). */
function removeSuffix(word: string, list: SuffixList, rv: number): string | undefined {
  const suffix = longestSuffix(word, [...list.afterA, ...list.plain], rv);
  if (!suffix) return undefined;
  const at = word.length - suffix.length;
  if (list.afterA.includes(suffix) && !(at - 1 >= rv && (word[at - 1] === "а" || word[at - 1] === "я"))) return undefined;
  return word.slice(0, at);
}

function longestSuffix(word: string, suffixes: readonly string[], from: number): string | undefined {
  let best: string | undefined;
  for (const s of suffixes) if (s.length > (best?.length ?? 0) && word.length - s.length >= from && word.endsWith(s)) best = s;
  return best;
}

/** Index just past the first vowel at or after `from` (the word's length when there is none). */
function regionAfterVowel(word: string, from: number): number {
  for (let i = from; i < word.length; i++) if (VOWELS.has(word[i]!)) return i + 1;
  return word.length;
}

/** Index just past the first non-vowel at or after `from`. */
function regionAfterConsonant(word: string, from: number): number {
  for (let i = from; i < word.length; i++) if (!VOWELS.has(word[i]!)) return i + 1;
  return word.length;
}
