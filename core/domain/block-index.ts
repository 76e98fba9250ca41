import { z } from "zod";
import { invalidInput } from "./errors.js";
import { normaliseForSearch, russianLexemes } from "./russian-text.js";
import { analyseQuery, extractCodes, extractCues } from "./search-text.js";

/**
 * The block index (DESIGN §5): per IMAGE block a catalogue entry written by the fast model from the block's
 * overview image and text, so candidate sheets can be picked by discipline, system codes, floor and keywords.
 */

export type BlockIndexStatus = "indexed" | "failed";

/** What the indexer writes for one block. */
export interface BlockIndexEntryInput {
  documentId: string;
  blockId: string;
  /** `sourceVersion` of the document the entry was written for; an entry of another version is stale. */
  sourceVersion: string;
  /** Version of the prompt that produced the entry (a newer prompt makes it stale too). */
  promptVersion: number;
  status: BlockIndexStatus;
  /** Indexing runs so far for this block (the indexer stops retrying a block that keeps failing). */
  attempts: number;
  model?: string;
  /** Catalogue fields, present when `status` is `indexed`. */
  title?: string;
  /** Section code of the drawing set: АР, АС, КЖ, КМ, ОВ, ВК, ЭОМ, СС… (see `canonicalDiscipline`). */
  discipline?: string;
  keywords?: string[];
  /** Systems, marks and codes drawn on the block: `В1`, `К1`, `П1`, `Т1`, `ПР-1`. */
  systemCodes?: string[];
  floor?: string;
  section?: string;
  scale?: string;
  summary?: string;
  /** Why indexing failed, when `status` is `failed` (one line, no secrets). */
  error?: string;
}

export interface BlockIndexEntry extends Required<Pick<BlockIndexEntryInput, "keywords" | "systemCodes">>, Omit<BlockIndexEntryInput, "keywords" | "systemCodes"> {
  /** Page of the block (from the document store). */
  page: number;
  /** ISO time of the last write. */
  updatedAt: string;
}

/** What a caller looks for. Every field is optional; all of them only add to the score, `documentIds` filters. */
export interface BlockIndexQuery {
  /** Free text (a question): codes, floor cues and words are taken from it. */
  text?: string;
  disciplines?: string[];
  keywords?: string[];
  codes?: string[];
  floors?: Array<number | string>;
  documentIds?: string[];
  limit?: number;
}

export interface BlockIndexCandidate {
  entry: BlockIndexEntry;
  /** 0..1: the weighted share of the query's terms the entry matched, scaled down off the asked floor. */
  score: number;
  /** Match keys that hit: `code:в1`, `floor:2`, `discipline:ОВ`, `word:перемычк`. */
  matched: string[];
}

export const BLOCK_INDEX_LIMIT = { default: 20, max: 200 } as const;

/** Weights of matched terms; floors are not weighed but scale the score (see `scoreIndexEntry`). */
const KEY_WEIGHTS = { code: 3, discipline: 2, floor: 0, word: 1 } as const;
type KeyKind = keyof typeof KEY_WEIGHTS;
const OTHER_FLOOR_FACTOR = 0.4;
const UNKNOWN_FLOOR_FACTOR = 0.7;
const FLOOR_ONLY_SCORE = 0.1;

const LATIN_DISCIPLINES: Record<string, string> = {
  AR: "АР", AS: "АС", KZH: "КЖ", KM: "КМ", KR: "КР", OV: "ОВ", VK: "ВК", EOM: "ЭОМ", EM: "ЭМ", EO: "ЭО", SS: "СС", GP: "ГП", TX: "ТХ",
};
/** Section codes recognised in free text (uppercase, as written on sheets). */
const KNOWN_DISCIPLINES = new Set(["АР", "АС", "КЖ", "КМ", "КР", "ОВ", "ОВИК", "ВК", "НВК", "ЭОМ", "ЭМ", "ЭО", "ЭС", "СС", "ГП", "ТХ", "ПОС", "ПБ", "АОВ", "ТС", "ИОС"]);

/** `ar`, `AR`, ` ар ` → `АР`; an unknown code is upper-cased with look-alikes folded to Cyrillic. */
export function canonicalDiscipline(value: string): string {
  const trimmed = value.trim();
  const latin = LATIN_DISCIPLINES[trimmed.toUpperCase()];
  return latin ?? normaliseForSearch(trimmed).toUpperCase();
}

// Snowball keeps a fleeting vowel apart (перемычки → `перемычк`, перемычек → `перемычек`): a key holds the
// first six letters of the stem, which the forms share.
const STEM_LENGTH = 6;

function wordKeys(text: string): string[] {
  // "этаж"/"лист" are floor and sheet cues, weighed through the floor keys and not as words
  return russianLexemes(normaliseForSearch(text), { questions: "drop" })
    .filter((stem) => stem.length > 1 && !/^(?:этаж|лист)/.test(stem))
    .map((stem) => `word:${stem.slice(0, STEM_LENGTH)}`);
}

function codeKeys(code: string, literal: boolean): string[] {
  const normalised = normaliseForSearch(code.trim());
  const keys = extractCodes(normalised).filter((m) => m.kind === "code").flatMap((m) => m.forms.map((f) => `code:${f}`));
  // a system code without digits (`ВК`, `АПС`) is still a code when it was given as one
  if (literal && normalised.length > 0 && !/\s/.test(normalised)) keys.push(`code:${normalised}`);
  return keys;
}

function floorKeys(value: number | string): string[] {
  const text = String(value).trim();
  if (/^[-−]?\d{1,2}$/.test(text)) return [`floor:${Number(text.replace("−", "-"))}`];
  const normalised = normaliseForSearch(text);
  // a floor field often says just "2 этаж" or "этаж 2": the cue parser reads both
  const cues = extractCues(normalised).floors;
  if (cues.length > 0) return cues.map((f) => `floor:${f}`);
  const bare = /^(-?\d{1,2})(?:\s*-?\s*\p{L}{0,3})?$/u.exec(normalised);
  return bare ? [`floor:${Number(bare[1])}`] : [];
}

/** The match keys of an entry (stored by SQL adapters for a prefilter; the score is always computed here). */
export function entryMatchKeys(entry: Pick<BlockIndexEntryInput, "title" | "discipline" | "keywords" | "systemCodes" | "floor" | "summary">): string[] {
  const keys = new Set<string>();
  if (entry.discipline?.trim()) keys.add(`discipline:${canonicalDiscipline(entry.discipline)}`);
  for (const code of entry.systemCodes ?? []) for (const key of codeKeys(code, true)) keys.add(key);
  const prose = [entry.title ?? "", ...(entry.keywords ?? []), entry.summary ?? ""].join("\n");
  for (const key of codeKeys(prose, false)) keys.add(key);
  for (const key of wordKeys(prose)) keys.add(key);
  for (const key of entry.floor?.trim() ? floorKeys(entry.floor) : []) keys.add(key);
  for (const floor of extractCues(normaliseForSearch(entry.title ?? "")).floors) keys.add(`floor:${floor}`);
  return [...keys].sort();
}

const QuerySchema = z
  .object({
    text: z.string().max(2000).optional(),
    disciplines: z.array(z.string().min(1).max(20)).max(20).optional(),
    keywords: z.array(z.string().min(1).max(100)).max(50).optional(),
    codes: z.array(z.string().min(1).max(60)).max(50).optional(),
    floors: z.array(z.union([z.number().int().min(-20).max(200), z.string().min(1).max(40)])).max(20).optional(),
    documentIds: z.array(z.string().min(1)).max(1000).optional(),
    limit: z.number().int().min(1).max(BLOCK_INDEX_LIMIT.max).optional(),
  })
  .strict();

export interface AnalysedIndexQuery {
  /** Match keys of the query with their weight. */
  keys: Map<string, number>;
  documentIds?: string[];
  limit: number;
}

/** Validates a query and turns it into weighted match keys; `VALIDATION.INVALID_INPUT` names the bad field. */
export function analyseIndexQuery(query: BlockIndexQuery): AnalysedIndexQuery {
  const parsed = QuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidInput(`block index query: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const q = parsed.data;
  const keys = new Map<string, number>();
  const add = (key: string) => keys.set(key, KEY_WEIGHTS[key.slice(0, key.indexOf(":")) as KeyKind]);
  for (const d of q.disciplines ?? []) add(`discipline:${canonicalDiscipline(d)}`);
  for (const code of q.codes ?? []) for (const key of codeKeys(code, true)) add(key);
  for (const floor of q.floors ?? []) for (const key of floorKeys(floor)) add(key);
  for (const keyword of q.keywords ?? []) for (const key of [...codeKeys(keyword, false), ...wordKeys(keyword)]) add(key);
  if (q.text?.trim()) {
    const analysed = analyseQuery(q.text);
    for (const mention of analysed.codes.filter((m) => m.kind === "code")) for (const form of mention.forms) add(`code:${form}`);
    for (const floor of analysed.floors) add(`floor:${floor}`);
    // section codes are written in capitals as whole words ("листы ОВ", "раздел ЭОМ")
    for (const token of q.text.match(/(?<!\p{L})\p{Lu}{2,5}(?!\p{L})/gu) ?? []) {
      const code = canonicalDiscipline(token);
      if (KNOWN_DISCIPLINES.has(code)) add(`discipline:${code}`);
    }
    for (const key of wordKeys(analysed.wordsText)) add(key);
  }
  return { keys, ...(q.documentIds ? { documentIds: q.documentIds } : {}), limit: q.limit ?? BLOCK_INDEX_LIMIT.default };
}

/**
 * Score of one entry's keys against a query (0 when nothing matched): the weighted share of the query's codes,
 * disciplines and words the entry has, times a floor factor when floors were asked for (the asked floor 1,
 * unknown floor 0.7, another floor 0.4). An entry that matches only the asked floor scores 0.1.
 */
export function scoreIndexEntry(entryKeys: Iterable<string>, query: AnalysedIndexQuery): { score: number; matched: string[] } {
  const own = new Set(entryKeys);
  let total = 0;
  let hit = 0;
  const matched: string[] = [];
  const askedFloors: string[] = [];
  for (const [key, weight] of query.keys) {
    if (key.startsWith("floor:")) {
      askedFloors.push(key);
      if (own.has(key)) matched.push(key);
      continue;
    }
    total += weight;
    if (own.has(key)) {
      hit += weight;
      matched.push(key);
    }
  }
  if (askedFloors.length === 0) return { score: total > 0 ? hit / total : 0, matched };
  const onFloor = askedFloors.some((k) => own.has(k));
  if (total === 0) return { score: onFloor ? 1 : 0, matched };
  if (hit === 0) return { score: onFloor ? FLOOR_ONLY_SCORE : 0, matched };
  const knowsFloor = [...own].some((k) => k.startsWith("floor:"));
  return { score: (hit / total) * (onFloor ? 1 : knowsFloor ? OTHER_FLOOR_FACTOR : UNKNOWN_FLOOR_FACTOR), matched };
}

/** Ranks scored entries: score, then more matched keys, then document, page and block id (stable output). */
export function rankIndexCandidates<C extends { score: number; matched: string[]; entry: Pick<BlockIndexEntry, "documentId" | "page" | "blockId"> }>(scored: C[], limit: number): C[] {
  return scored
    .filter((c) => c.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.matched.length - a.matched.length ||
        compare(a.entry.documentId, b.entry.documentId) ||
        a.entry.page - b.entry.page ||
        compare(a.entry.blockId, b.entry.blockId),
    )
    .slice(0, limit);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Outcome of indexing one document. */
export interface BlockIndexReport {
  documentId: string;
  /** IMAGE blocks of the document. */
  total: number;
  /** Written now. */
  indexed: number;
  /** Already indexed for this source and prompt version (or given up on after repeated failures). */
  skipped: number;
  failed: Array<{ blockId: string; code: string; message: string }>;
  usage: { calls: number; inputTokens: number; outputTokens: number; images: number };
  model?: string;
}
