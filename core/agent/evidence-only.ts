import type { Answer, Citation } from "../domain/answer.js";
import type { Block } from "../domain/block.js";
import { type DrawingLabel, drawingLabels, ocrDrawingLabels } from "../domain/drawing-labels.js";
import type { AgentRun, Candidate, ShownImage } from "./agent-run.js";
import { type Fact, extractFacts } from "./extract.js";
import { heuristicIntent } from "./intent.js";
import { READ_DRAWINGS, labelFacts } from "./label-facts.js";
import { labels } from "./language.js";
import { finish } from "./finish.js";
import { phase, type Step } from "./phase.js";
import { queryTerms } from "./query-terms.js";
import { renderPlans } from "./render.js";
import { type PlannedRender, isLargeSheet, planOverview, planQuadrants } from "./render-plan.js";
import { retrieve } from "./retrieve.js";
import { selectedDocuments } from "./selected-documents.js";
import { timings } from "./to-answer.js";
import { isTitleBlock } from "./title-block.js";

const LISTED_BLOCKS = 10;
const LISTED_FACTS = 12;

/**
 * No model configured: retrieve, extract and render the best evidence, and say plainly that this is not an LLM
 * answer. The zero-config default of local mode.
 */
export async function* evidenceOnly(run: AgentRun): Step<void> {
  const docs = await selectedDocuments(run, run.input.documentIds);
  const intent = yield* phase(run, "intent", "classifying the question (keywords, no model)", async () => heuristicIntent(run.input.question, false));
  const candidates = yield* phase(run, "retrieve", "searching the documents", () => retrieve(run, intent, docs.map((d) => d.id)));
  const facts = yield* phase(run, "extract", "pulling key lines from text, tables and drawing labels", async () => {
    const terms = queryTerms(run.input.question, ...intent.search_terms);
    const aspects = await pageAspects(run, candidates);
    const labelsOf = await drawingLabelsOf(run, candidates);
    // a value that is drawing text (a room's area, a level mark) is only in the drawing's labels: those lines first
    return [
      ...labelFacts(candidates, run.input.question, terms, (id, page) => aspects.get(`${id}:${page}`) ?? 1, labels(run.language), labelsOf),
      ...extractFacts(candidates, terms),
    ];
  });
  const limit = run.settings.budget.evidenceOnlyImages;
  const images = yield* phase(run, "render", "rendering the best evidence", async function* () {
    return yield* renderPlans(run, await evidencePlans(run, candidates, limit), limit);
  });
  yield* finish(run, evidenceAnswer(run, candidates, facts, images), "none (evidence only)");
}

/**
 * The labels of the drawings `labelFacts` reads: a drawing's own (its text layer), or on a page read by OCR, whose
 * drawings carry no text, the lines of the page's OCR blocks inside it.
 */
async function drawingLabelsOf(run: AgentRun, candidates: readonly Candidate[]): Promise<(candidate: Candidate) => DrawingLabel[]> {
  const ocrBlocks = new Map<string, Block[]>();
  for (const { block } of candidates.filter((c) => c.block.kind === "IMAGE").slice(0, READ_DRAWINGS)) {
    const key = `${block.documentId}:${block.page}`;
    if (ocrBlocks.has(key) || drawingLabels(block).length > 0) continue;
    const page = (await run.document(block.documentId)).pages.find((p) => p.number === block.page);
    const onPage = page?.ocrEngine ? await run.deps.documents.getBlocks(block.documentId, { page: block.page }) : [];
    ocrBlocks.set(key, onPage.filter((b) => b.source.startsWith("ocr:")));
  }
  return ({ block }) => {
    const own = drawingLabels(block);
    return own.length > 0 ? own : ocrDrawingLabels(block, ocrBlocks.get(`${block.documentId}:${block.page}`) ?? []);
  };
}

/** Width over height of the pages the drawing candidates are on, by `documentId:page`. */
async function pageAspects(run: AgentRun, candidates: readonly Candidate[]): Promise<Map<string, number>> {
  const aspects = new Map<string, number>();
  for (const id of new Set(candidates.filter((c) => c.block.kind === "IMAGE").map((c) => c.block.documentId))) {
    for (const page of (await run.document(id)).pages) aspects.set(`${id}:${page.number}`, page.width / page.height);
  }
  return aspects;
}

/** The best drawing (overview, then its quadrants on a large sheet), then further drawings and tables. */
export async function evidencePlans(run: AgentRun, candidates: readonly Candidate[], limit: number): Promise<PlannedRender[]> {
  const plans: PlannedRender[] = [];
  const drawings = candidates.filter((c) => c.block.kind === "IMAGE");
  const [best, ...others] = drawings;
  if (best) {
    plans.push(await planOverview(run, best, "лучший по поиску чертёж"));
    if (await isLargeSheet(run, best)) plans.push(...(await planQuadrants(run, best, "большой лист: четверти")));
  }
  for (const c of [...candidates.filter((c) => c.block.kind === "TABLE" && c.block.bboxNorm && !isTitleBlock(c.block)).slice(0, 1), ...others]) {
    if (plans.length >= limit) break;
    plans.push(await planOverview(run, c, c.block.kind === "TABLE" ? "лучшая по поиску таблица" : "ещё один чертёж"));
  }
  return plans.slice(0, limit);
}

export function evidenceAnswer(run: AgentRun, candidates: readonly Candidate[], facts: readonly Fact[], images: readonly ShownImage[]): Answer {
  const l = labels(run.language);
  const top = candidates.slice(0, LISTED_BLOCKS);
  const lines: string[] = [`> ${l.notLlm}`, ""];
  if (top.length === 0) lines.push(l.nothing);
  else {
    lines.push(`### ${l.blocks}`, "");
    top.forEach((c, i) => lines.push(`${i + 1}. **[${c.block.id}]** «${c.documentName}», ${l.page} ${c.block.page}, ${c.block.kind} — ${preview(c)}`));
  }
  if (facts.length > 0) {
    lines.push("", `### ${l.lines}`, "");
    for (const f of facts.slice(0, LISTED_FACTS)) lines.push(`- ${f.text} — [${f.blockId}], ${l.page} ${f.page}`);
  }
  if (images.length > 0) {
    lines.push("", `### ${l.images}`, "");
    for (const i of images) lines.push(`- ${i.label}: ${i.image.kind} [${i.image.blockId ?? "page"}], ${l.page} ${i.image.page}, ${i.image.dpi} dpi, ${i.image.width}×${i.image.height} (${i.image.id})`);
  }
  const citations: Citation[] = [
    ...top.map((c) => blockCitation(c)),
    ...images.map((i) => ({
      block_id: i.image.blockId ?? "",
      document_id: i.image.documentId,
      kind: (i.image.kind === "overview" ? "image_block" : "roi") as Citation["kind"],
      page: i.image.page,
      bbox: [...i.image.bboxNorm] as [number, number, number, number],
      image_id: i.image.id,
      note: i.reason,
    })),
  ];
  return {
    mode: "evidence_only",
    answer_markdown: lines.join("\n"),
    citations,
    issues: [],
    recommendations: [],
    unverified: [],
    follow_up_questions: [],
    evidence_image_ids: images.map((i) => i.image.id),
    usage: { ...run.usage },
    timings_ms: timings(run),
  };
}

export function blockCitation(c: Candidate): Citation {
  return {
    block_id: c.block.id,
    document_id: c.block.documentId,
    kind: c.block.kind === "IMAGE" ? "image_block" : "text_block",
    page: c.block.page,
    ...(c.block.bboxNorm ? { bbox: [...c.block.bboxNorm] as [number, number, number, number] } : {}),
    source: c.block.source,
  };
}

function preview(c: Candidate): string {
  // a drawing without text is described by its block index entry
  const text = (c.block.description ?? (c.block.text.trim() || c.indexCaption) ?? "").replace(/\s+/g, " ").trim();
  return text.length > 160 ? `${text.slice(0, 159)}…` : text || "—";
}
