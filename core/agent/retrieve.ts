import type { Block } from "../domain/block.js";
import type { SearchHit } from "../ports/block-search.js";
import type { AgentRun, Candidate } from "./agent-run.js";
import type { Intent } from "./model-schemas.js";
import { progress, type Step } from "./phase.js";
import { countMatches, matchingTerms, type QueryTerm, queryTerms } from "./query-terms.js";
import { isTitleBlock } from "./title-block.js";

/** Pages whose drawings (IMAGE blocks) join the candidates even when only their text matched. */
const PAGES_WITH_DRAWINGS = 3;
const EXTRA_QUERIES = 4;
const CAPTION_CHARS = 80;
/** Drawings taken from the block index per question. */
const INDEX_CANDIDATES = 12;

/**
 * Searches the selected documents with the question and the intent's extra terms, merges the hits and adds the
 * drawings of the best pages, so a text hit on a sheet also offers that sheet's drawing for zooming.
 */
export async function* retrieve(run: AgentRun, intent: Intent, documentIds: string[], side?: "A" | "B"): Step<Candidate[]> {
  const limit = run.settings.budget.candidateBlocks;
  // a follow-up («а на 3 этаже?») often names only what changed: the chat's last question is searched too
  const earlier = run.input.history?.at(-1)?.question;
  const queries = [run.input.question, ...intent.search_terms.slice(0, EXTRA_QUERIES), ...(earlier ? [earlier] : [])];
  const merged = new Map<string, SearchHit>();
  for (const query of queries) {
    if (query.trim().length === 0) continue;
    yield { type: "tool_call", tool: "search", parameters: { query, document_ids: documentIds, limit }, reason: side ? `side ${side}` : "retrieve" };
    const hits = await run.deps.search.search(query, { documentIds: documentIds.length > 0 ? documentIds : undefined, limit });
    for (const hit of hits) {
      const key = `${hit.block.documentId}/${hit.block.id}`;
      const previous = merged.get(key);
      // the question itself ranks highest; extra terms only add what it missed
      const score = query === run.input.question ? hit.score : hit.score * (query === earlier ? 0.6 : 0.8);
      if (!previous || previous.score < score) merged.set(key, { ...hit, score });
    }
  }
  const terms = queryTerms(run.input.question, ...intent.search_terms);
  const ranked = withPageCoverage(normalized([...merged.values()]), terms)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  const candidates: Candidate[] = ranked.map((hit) => ({
    block: hit.block,
    documentName: hit.documentName,
    // kept (it names the sheet) but ranked below the blocks that carry content
    score: isTitleBlock(hit.block) ? hit.score * 0.4 : hit.score,
    ...(side ? { side } : {}),
  }));

  const has = (block: Block) => candidates.some((c) => c.block.id === block.id && c.block.documentId === block.documentId);
  for (const { documentId, page, score, documentName } of bestPages(candidates)) {
    const blocks = await run.deps.documents.getBlocks(documentId, { page });
    // a caption naming what the question asks for ("Спецификация перемычек") stands for the table under it, which
    // rarely repeats its words and carries the facts: the table ranks with the page's best hit. Captions are
    // matched by stem as the search matches words, a long stem by its prefix («перемычки» finds «перемычек»).
    for (const caption of blocks.filter((b) => b.kind === "TEXT" && b.text.length <= CAPTION_CHARS && countMatches(b.text, terms) > 0)) {
      const table = tableUnder(caption, blocks);
      if (!table) continue;
      if (!has(caption)) candidates.push({ block: caption, documentName, score: score * 0.9, ...(side ? { side } : {}) });
      if (!has(table)) candidates.push({ block: table, documentName, score: score * 0.95, captioned: true, ...(side ? { side } : {}) });
      else for (const c of candidates) if (c.block.id === table.id) c.captioned = true;
    }
    // drawings of a good page are worth zooming into, but rank below every block that matched by itself
    const floor = Math.min(...ranked.map((h) => h.score));
    for (const block of blocks.filter((b) => b.kind === "IMAGE")) {
      if (!has(block)) candidates.push({ block, documentName, score: Math.min(score * 0.5, floor * 0.9), ...(side ? { side } : {}) });
    }
  }
  const indexed = yield* fromBlockIndex(run, intent, documentIds, candidates, side);
  candidates.sort((a, b) => b.score - a.score);
  for (const candidate of candidates) if (!run.candidates.has(candidate.block.id)) run.candidates.set(candidate.block.id, candidate);
  const found = `${ranked.length} matching blocks, ${candidates.length - ranked.length - indexed} tables and drawings of the best pages`;
  yield progress("retrieve", indexed > 0 ? `${found}, ${indexed} drawings from the block index` : found, candidates.length);
  return candidates;
}

/**
 * Merges the block index's drawings into the candidates: a drawing without text is found only through its entry,
 * whose title and summary then caption it for the model. Returns how many drawings it added.
 */
async function* fromBlockIndex(run: AgentRun, intent: Intent, documentIds: string[], candidates: Candidate[], side?: "A" | "B"): Step<number> {
  if (!run.deps.blockIndex) return 0;
  const limit = Math.min(INDEX_CANDIDATES, run.settings.budget.candidateBlocks);
  const keywords = intent.search_terms.slice(0, EXTRA_QUERIES);
  yield { type: "tool_call", tool: "block_index", parameters: { query: run.input.question, keywords, document_ids: documentIds, limit }, reason: side ? `side ${side}` : "retrieve" };
  const found = await run.deps.blockIndex.candidateBlocks({
    text: run.input.question,
    ...(keywords.length > 0 ? { keywords } : {}),
    ...(documentIds.length > 0 ? { documentIds } : {}),
    limit,
  });
  let added = 0;
  for (const { block, entry, score } of found) {
    const caption = [entry.title, entry.summary].filter((t) => t && t.trim()).join(" — ");
    const existing = candidates.find((c) => c.block.id === block.id && c.block.documentId === block.documentId);
    // index scores are 0..1 like the normalised search scores; a match on what the drawing shows ranks as a hit
    const indexScore = 0.1 + 0.9 * score;
    if (existing) {
      if (caption) existing.indexCaption = caption;
      existing.score = Math.max(existing.score, indexScore);
      continue;
    }
    const documentName = (await run.document(block.documentId)).name;
    candidates.push({ block, documentName, score: indexScore, ...(caption ? { indexCaption: caption } : {}), ...(side ? { side } : {}) });
    added++;
  }
  return added;
}

function bestPages(candidates: Candidate[]) {
  const pages = new Map<string, { documentId: string; documentName: string; page: number; score: number }>();
  for (const c of candidates) {
    const key = `${c.block.documentId}#${c.block.page}`;
    const current = pages.get(key);
    if (!current || current.score < c.score) pages.set(key, { documentId: c.block.documentId, documentName: c.documentName, page: c.block.page, score: c.score });
  }
  return [...pages.values()].sort((a, b) => b.score - a.score).slice(0, PAGES_WITH_DRAWINGS);
}

/** The nearest TABLE starting just below a caption and overlapping it horizontally (or, without boxes, the next block). */
function tableUnder(caption: Block, pageBlocks: readonly Block[]): Block | undefined {
  const c = caption.bboxNorm;
  if (!c) {
    const next = pageBlocks.find((b) => b.ordinal > caption.ordinal);
    return next?.kind === "TABLE" ? next : undefined;
  }
  let best: { block: Block; gap: number } | undefined;
  for (const b of pageBlocks) {
    const t = b.bboxNorm;
    if (b.kind !== "TABLE" || !t) continue;
    const gap = t[1] - c[3];
    const overlaps = t[0] < c[2] && c[0] < t[2];
    if (overlaps && gap >= -0.005 && gap < 0.05 && (!best || gap < best.gap)) best = { block: b, gap };
  }
  return best?.block;
}

/**
 * A hit on a page that answers more of the question ranks higher: «перемычки на 2 этаже» favours the lintel
 * caption on the sheet titled «План 2 этажа» over the same caption on the 7th floor's sheet.
 */
function withPageCoverage(hits: SearchHit[], terms: readonly QueryTerm[]): SearchHit[] {
  if (terms.length === 0) return hits;
  const covered = new Map<string, Set<number>>();
  for (const hit of hits) {
    const key = `${hit.block.documentId}#${hit.block.page}`;
    const set = covered.get(key) ?? new Set<number>();
    for (const term of matchingTerms(hit.block.text, terms)) set.add(terms.indexOf(term));
    covered.set(key, set);
  }
  return hits.map((hit) => ({ ...hit, score: hit.score * (1 + (covered.get(`${hit.block.documentId}#${hit.block.page}`)?.size ?? 0) / terms.length) }));
}

/** Search adapters score on different scales (some below zero); the agent only needs an order, so map to 0.1..1. */
function normalized(hits: SearchHit[]): SearchHit[] {
  if (hits.length === 0) return hits;
  const scores = hits.map((h) => h.score);
  const min = Math.min(...scores);
  const span = Math.max(...scores) - min || 1;
  return hits.map((h) => ({ ...h, score: 0.1 + (0.9 * (h.score - min)) / span }));
}
