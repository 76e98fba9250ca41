import { isWordChar, normaliseForSearch } from "./russian-text.js";

/**
 * Construction-code extraction shared by search indexing and querying (DESIGN §5), over text normalised by
 * `normaliseForSearch` (russian-text.ts). Both sides go through the same functions, so OCR noise folded there
 * (Latin look-alikes, `0` for `О`, decimal comma) can never make a query miss its block.
 */

/** One construction code or number found in normalised text, with every form it may be matched by. */
export interface CodeMention {
  start: number;
  end: number;
  kind: "code" | "number";
  /** Normalised forms; a query mention matches a block holding any of them. The first is the literal one. */
  forms: string[];
}

/** Floor and sheet cues: "2-го этажа", "этаж 2", "второго этажа", "лист 5". */
export interface SearchCues {
  floors: number[];
  sheets: string[];
  /** Spans of the cue numbers, which are not codes of their own. */
  spans: Array<{ start: number; end: number }>;
}

const DIGIT = /\d/;
const LETTER = /\p{L}/u;
const SPACE = /\s/;
// A code: word segments (letters, digits, inner `*`) joined by `-`, `.`, `/` or a `:` between digits; may end in `*`.
const CODE_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}*]*(?:(?:[-./]|(?<=\d):(?=\d))[\p{L}\p{N}][\p{L}\p{N}*]*)*/gu;
const ORDINAL_SUFFIX = /^\d+-?(?:го|й|ой|ый|ий|м|ом|ем|х|ая|ое|ти)$/;
const DECIMAL = /^\d+\.\d+$/;
const INTEGER = /^\d+$/;
const CIPHER = /^\d+\/\d+-/;
const STANDARD_BEFORE = /(?:^|[^\p{L}])(гост|снип|сп|ту|сто|en|iso)(?:\s+р)?(?:\s+исо)?\s*$/u;
const YEAR_SUFFIX = /-(?:\d{2}|\d{4})$/;

/** Codes and numbers in normalised text (see `normaliseForSearch`), skipping the numbers of floor/sheet cues. */
export function extractCodes(normalised: string, cues?: SearchCues): CodeMention[] {
  const skip = cues?.spans ?? [];
  const mentions: CodeMention[] = [];
  for (const match of normalised.matchAll(CODE_TOKEN)) {
    const start = match.index;
    const token = match[0];
    const end = start + token.length;
    if (!DIGIT.test(token) || skip.some((s) => s.start < end && start < s.end)) continue;
    const mention = classify(normalised, start, end, token);
    if (mention) mentions.push(mention);
  }
  return mentions;
}

function classify(text: string, start: number, end: number, token: string): CodeMention | undefined {
  if (ORDINAL_SUFFIX.test(token)) return undefined;
  const standard = standardBefore(text, start);
  if (standard) {
    // "ГОСТ 57327" finds "ГОСТ 57327-2016": the standard is also indexed without its year.
    const forms = [token, `${standard} ${token}`];
    const withoutYear = token.replace(YEAR_SUFFIX, "");
    if (withoutYear !== token) forms.push(`${standard} ${withoutYear}`);
    return { start, end, kind: "code", forms };
  }
  const sign = signBefore(text, start);
  if (INTEGER.test(token) || DECIMAL.test(token)) {
    if (INTEGER.test(token) && token.length < 2 && !sign) return undefined;
    // "+4,950" and "4.950" are one elevation; a minus is meaningful ("-7.650" is below zero).
    const literal = sign === "-" ? `-${token}` : token;
    return { start: sign ? start - 1 : start, end, kind: "number", forms: [literal] };
  }
  const forms = [token];
  const unstarred = token.replace(/\*+$/, "");
  if (unstarred !== token && DIGIT.test(unstarred)) forms.push(unstarred);
  if (CIPHER.test(token)) {
    // `133/23-ГК-АР4` is also found by its section part: `ГК-АР4`, `АР4`.
    const parts = token.split("-");
    for (let k = 1; k < parts.length; k++) {
      const tail = parts.slice(k).join("-");
      if (LETTER.test(tail)) forms.push(tail);
    }
  }
  return { start, end, kind: "code", forms: [...new Set(forms)] };
}

/** The standard named right before a token ("ГОСТ 57327"): its name ends in a letter, which most tokens lack. */
function standardBefore(text: string, start: number): string | undefined {
  let i = start - 1;
  while (i >= 0 && SPACE.test(text[i]!)) i--;
  if (i < 0 || !LETTER.test(text[i]!)) return undefined;
  return STANDARD_BEFORE.exec(text.slice(Math.max(0, start - 16), start))?.[1];
}

function signBefore(text: string, start: number): "+" | "-" | undefined {
  const c = text[start - 1];
  if (c !== "+" && c !== "-" && c !== "±") return undefined;
  if (start >= 2 && isWordChar(text[start - 2]!)) return undefined;
  return c === "-" ? "-" : "+";
}

const ORDINALS: Record<string, number> = {
  перв: 1, втор: 2, трет: 3, четверт: 4, пят: 5, шест: 6, седьм: 7, восьм: 8, девят: 9, десят: 10,
  одиннадцат: 11, двенадцат: 12,
};
// "2-го этажа", "-2 этаж", "2 эт." / "этаж 2", "этажа №3" / "второго этажа", "минус первого этажа", "второго подземного этажа"
const FLOOR_BEFORE = /(?<![\p{L}\p{N}.])((-?\d{1,2})(?:\s*-?\s*(?:го|й|ой|ый|ий|м|ом|ем))?)\s*(?:этаж(?!н)\p{L}*|эт\.)/gu;
const FLOOR_AFTER = /(?<!\p{L})этаж(?!н)\p{L}*\s*(?:№\s*)?((-?\d{1,2}))(?![\p{N}./*]|-?(?:го|й|ой|ый|ий|м|ом|ем|х)(?!\p{L}))/gu;
const FLOOR_WORD = /(?<!\p{L})(минус\s+)?(перв|втор|трет|четверт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат)\p{L}*\s+(подземн\p{L}*\s+)?этаж(?!н)/gu;
const SHEET = /(?<!\p{L})лист(?:а|е|у|ом)?\s*(?:№\s*)?(\d{1,3})(?![\p{N}\p{L}./*-])/gu;

/** Floor and sheet numbers mentioned in normalised text. */
export function extractCues(normalised: string): SearchCues {
  const floors = new Set<number>();
  const sheets = new Set<string>();
  const spans: SearchCues["spans"] = [];
  for (const pattern of [FLOOR_BEFORE, FLOOR_AFTER]) {
    for (const m of normalised.matchAll(pattern)) {
      // group 1 is the number with its ordinal ending ("2-го"), group 2 the number alone
      const cue = m[1]!;
      const at = m.index + m[0].indexOf(cue);
      floors.add(Number(m[2]));
      spans.push({ start: at, end: at + cue.length });
    }
  }
  for (const m of normalised.matchAll(FLOOR_WORD)) {
    const n = ORDINALS[m[2]!]!;
    floors.add(m[1] || m[3] ? -n : n);
  }
  for (const m of normalised.matchAll(SHEET)) {
    const value = m[1]!;
    const at = m.index + m[0].lastIndexOf(value);
    sheets.add(String(Number(value)));
    spans.push({ start: at, end: at + value.length });
  }
  return { floors: [...floors], sheets: [...sheets], spans };
}

/** Pseudo-codes for floor and sheet cues, stored in the same exact channel as codes. */
export const floorCode = (floor: number) => `floor:${floor}`;
export const sheetCode = (sheet: string) => `sheet:${sheet}`;

/** What the index keeps for one block: normalised text for the words channel and exact terms for the codes channel. */
export interface BlockSearchTerms {
  normalised: string;
  /** Codes, numbers and `floor:N` / `sheet:N` cue codes. */
  codes: string[];
  /** Floors named by the block or its page stamp. */
  floors: number[];
}

/**
 * Index terms of a block: its text (and description), plus the floor/sheet of its page stamp so a block on the
 * "План 2-го этажа" sheet answers a 2nd-floor query even when its own text never says so.
 */
export function blockSearchTerms(block: { text: string; description?: string }, stamp?: { sheet?: string; title?: string }): BlockSearchTerms {
  const normalised = normaliseForSearch([block.text, block.description ?? ""].join("\n").trim());
  const cues = extractCues(normalised);
  const codes = new Set<string>();
  for (const mention of extractCodes(normalised, cues)) for (const form of mention.forms) codes.add(form);
  const stampCues = extractCues(normaliseForSearch(stamp?.title ?? ""));
  const floors = [...new Set([...cues.floors, ...stampCues.floors])];
  for (const floor of floors) codes.add(floorCode(floor));
  for (const sheet of cues.sheets) codes.add(sheetCode(sheet));
  const stampSheet = stamp?.sheet?.trim().match(/^\d{1,3}$/)?.[0];
  if (stampSheet) codes.add(sheetCode(String(Number(stampSheet))));
  return { normalised, codes: [...codes], floors };
}

/** A query taken apart into the channels of the search. */
export interface SearchQuery {
  normalised: string;
  codes: CodeMention[];
  floors: number[];
  sheets: string[];
  /** The normalised query with codes and cue numbers blanked out: input of the stemmed words channel. */
  wordsText: string;
}

export function analyseQuery(query: string): SearchQuery {
  const normalised = normaliseForSearch(query.trim());
  const cues = extractCues(normalised);
  // A starred mark in the query asks for that variant only; the unstarred form is for indexing.
  const codes = extractCodes(normalised, cues).map((m) => (m.forms[0]!.endsWith("*") ? { ...m, forms: [m.forms[0]!] } : m));
  const blanks = [...codes, ...cues.spans];
  let wordsText = normalised;
  for (const { start, end } of blanks) wordsText = wordsText.slice(0, start) + " ".repeat(end - start) + wordsText.slice(end);
  return { normalised, codes, floors: cues.floors, sheets: cues.sheets, wordsText };
}
