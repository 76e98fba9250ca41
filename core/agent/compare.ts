import type { Answer, DiffEntry } from "../domain/answer.js";
import { invalidInput } from "../domain/errors.js";
import { normaliseForSearch } from "../domain/russian-text.js";
import type { AgentRun, Candidate, ShownImage } from "./agent-run.js";
import { answerLoop } from "./answer-loop.js";
import { evidenceAnswer, evidencePlans } from "./evidence-only.js";
import { type Fact, extractFacts } from "./extract.js";
import { classifyIntent } from "./intent.js";
import { labels } from "./language.js";
import { finish } from "./finish.js";
import { phase, type Step } from "./phase.js";
import { queryTerms } from "./query-terms.js";
import { renderPlans } from "./render.js";
import { retrieve } from "./retrieve.js";
import { selectedDocuments } from "./selected-documents.js";
import { toAnswer } from "./to-answer.js";

/**
 * Compare mode: documents A vs B. Each side is retrieved and extracted on its own (so one side cannot crowd out
 * the other), candidates are labelled DOC_A/DOC_B, and the answer carries a diff whose entries cite both sides.
 * Without a model the diff is a line comparison of the two sides' key lines, labelled as such.
 */
export async function* compareDocuments(run: AgentRun): Step<void> {
  const sides = run.input.compare;
  if (!sides || sides.a.length === 0 || sides.b.length === 0) throw invalidInput("compare needs documents on both sides (A and B)");
  const docsA = await selectedDocuments(run, sides.a);
  const docsB = await selectedDocuments(run, sides.b);
  const names = [...docsA.map((d) => `A: ${d.name}`), ...docsB.map((d) => `B: ${d.name}`)];
  const intent = yield* phase(run, "intent", "understanding the comparison", () => classifyIntent(run, names));
  const { a, b } = yield* phase(run, "retrieve", "searching both sides", async function* () {
    const a = yield* retrieve(run, intent, docsA.map((d) => d.id), "A");
    const b = yield* retrieve(run, intent, docsB.map((d) => d.id), "B");
    return { a, b };
  });
  const terms = queryTerms(run.input.question, ...intent.search_terms, ...intent.focus_areas);
  const facts = yield* phase(run, "extract", "pulling key lines on each side", async () => [...extractFacts(a, terms), ...extractFacts(b, terms)]);
  const candidates = interleave(a, b);
  const perSide = Math.max(1, Math.floor((run.deps.model ? run.settings.budget.maxImagesPerCall : run.settings.budget.evidenceOnlyImages) / 2));
  const wantImages = intent.requires_visual_detail || !run.deps.model;
  const images = yield* phase(run, "render", "rendering drawings of both sides", async function* () {
    if (!wantImages) return [] as ShownImage[];
    const shownA = yield* renderPlans(run, await evidencePlans(run, a, perSide), perSide);
    const shownB = yield* renderPlans(run, await evidencePlans(run, b, perSide), perSide);
    return [...shownA, ...shownB];
  });

  if (!run.deps.model) {
    const diff = yield* phase(run, "compare", "line comparison of the two sides (no model)", async () => lineDiff(facts));
    yield* finish(run, withDiff(run, evidenceAnswer(run, candidates, facts, images), diff), "none (evidence only)");
    return;
  }
  const loop = yield* phase(run, "compare", "comparing A and B", () =>
    answerLoop(run, { task: "compare", tier: run.settings.profile === "complex" ? "strong" : "fast", intent, candidates, facts, images }),
  );
  yield* finish(run, toAnswer(run, loop.answer, loop.unexamined), loop.model);
}

function interleave(a: readonly Candidate[], b: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) out.push(a[i]!);
    if (b[i]) out.push(b[i]!);
  }
  return out;
}

/**
 * Pairs key lines of A and B by their key (a table row's first cell, or the text before a colon): the same key
 * with different text is `changed`, a key on one side only is `only_a`/`only_b`.
 */
export function lineDiff(facts: readonly Fact[]): DiffEntry[] {
  const side = (s: "A" | "B") => {
    const map = new Map<string, Fact>();
    for (const f of facts.filter((x) => x.side === s)) if (!map.has(keyOf(f.text))) map.set(keyOf(f.text), f);
    return map;
  };
  const a = side("A");
  const b = side("B");
  const cite = (f: Fact) => ({ block_id: f.blockId, document_id: f.documentId, kind: "text_block" as const, page: f.page });
  const entries: DiffEntry[] = [];
  for (const [key, fa] of a) {
    const fb = b.get(key);
    if (!fb) entries.push({ item: key, a: fa.text, status: "only_a", citations: [cite(fa)] });
    else entries.push({ item: key, a: fa.text, b: fb.text, status: normal(fa.text) === normal(fb.text) ? "same" : "changed", citations: [cite(fa), cite(fb)] });
  }
  for (const [key, fb] of b) if (!a.has(key)) entries.push({ item: key, b: fb.text, status: "only_b", citations: [cite(fb)] });
  const order = { changed: 0, only_a: 1, only_b: 2, same: 3 };
  return entries.sort((x, y) => order[x.status] - order[y.status]);
}

function keyOf(line: string): string {
  const row = line.includes("⇒") ? line.split("⇒")[1]!.trim() : line;
  const cell = row.startsWith("|") ? row.split("|")[1] : row.includes(":") ? row.split(":")[0] : row;
  return (cell ?? row).trim().slice(0, 80);
}

function normal(text: string): string {
  return normaliseForSearch(text).replace(/\s+/g, " ").trim();
}

function withDiff(run: AgentRun, answer: Answer, diff: DiffEntry[]): Answer {
  const l = labels(run.language);
  const changes = diff.filter((d) => d.status !== "same");
  const rows = changes.slice(0, 20).map((d) => `| ${cell(d.item)} | ${cell(d.a ?? "—")} | ${cell(d.b ?? "—")} | ${d.status} |`);
  const table = rows.length > 0 ? [`### ${l.diff}`, "", `| | ${l.sideA} | ${l.sideB} | |`, "|---|---|---|---|", ...rows].join("\n") : "";
  return { ...answer, answer_markdown: table ? `${answer.answer_markdown}\n\n${table}` : answer.answer_markdown, diff };
}

function cell(text: string): string {
  const flat = text.replace(/\|/g, "/").replace(/\s+/g, " ").trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
