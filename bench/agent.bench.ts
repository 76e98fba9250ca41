/**
 * The agent's cost per question (DESIGN §10) on the reference's scenario shape (REFERENCE_BEHAVIOUR §8.1: a
 * complex-mode question whose model asks for zooms round after round, ten rounds, 3–4 regions each, the same
 * drawings again and again), against the reference's call pattern (§3.6) replayed on the same fixture:
 * whole document text in the context cache on every call, the collector and facts calls over the whole text,
 * every image ever rendered re-attached to every call, ROIs downscaled to 2000 px.
 * Our side runs the real pipeline (real ingestion, search, MuPDF rendering on a heavy A1 set) with a scripted model.
 *
 *   npx tsx bench/agent.bench.ts [--rounds 10] [--sheets 3]
 */
import { parseArgs } from "node:util";
import { MupdfDocumentParser } from "../adapters/mupdf/mupdf-document-parser.js";
import { MupdfPageRenderer } from "../adapters/mupdf/mupdf-page-renderer.js";
import { FilePromptLibrary, bundledPromptsDirectory } from "../adapters/local/file-prompt-library.js";
import { AskService } from "../core/application/ask-service.js";
import { DocumentService } from "../core/application/document-service.js";
import { EvidenceService } from "../core/application/evidence-service.js";
import { SearchService } from "../core/application/search-service.js";
import type { AgentSettingsInput } from "../core/agent/agent-settings.js";
import type { Block } from "../core/domain/block.js";
import type { StreamEvent } from "../core/domain/stream-event.js";
import type { GenerateRequest } from "../core/ports/language-model.js";
import { InMemoryBlobStorage } from "../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryBlockSearch } from "../core/ports/testing/in-memory-block-search.js";
import { InMemoryDocumentStore } from "../core/ports/testing/in-memory-document-store.js";
import { InMemoryRenderCache } from "../core/ports/testing/in-memory-render-cache.js";
import { ScriptedLanguageModel, type ScriptedStep } from "../core/ports/testing/scripted-language-model.js";
import { generateDrawingSet } from "../fixtures/drawing-set-generator.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "10" }, sheets: { type: "string", default: "3" } } });
const ROUNDS = Number(values.rounds);
const ROIS_PER_ROUND = 4;
const OWNER = "local";
const QUESTION = "Проанализируй проект и найди явные ошибки проектировщика (не предположения); запрашивай изображения, чтобы убедиться.";

/** Gemini's image cost: 258 tokens per 768×768 tile (images up to 384 px are one tile). */
const imageTokens = (w: number, h: number) => (Math.max(w, h) <= 384 ? 258 : 258 * Math.ceil(w / 768) * Math.ceil(h / 768));
const textTokens = (chars: number) => Math.ceil(chars / 4);

// ---------------------------------------------------------------- fixture
const t0 = performance.now();
const set = generateDrawingSet({ sheets: Number(values.sheets), format: "A1", heavy: true, seed: "agent-bench" });
const store = new InMemoryDocumentStore();
const blobs = new InMemoryBlobStorage();
const documents = new DocumentService({ ownerId: OWNER, store, blobs, parser: new MupdfDocumentParser() });
const doc = await documents.addDocument({ name: "heavy-A1.pdf", bytes: set.pdf }, { ocr: "never" });
const blocks = await documents.getBlocks(doc.id);
console.log(`fixture: ${doc.pageCount} heavy A1 sheets, ${blocks.length} blocks, ${(set.pdf.length / 1e6).toFixed(1)} MB, ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const renderMs = { value: 0, wall: 0, active: 0, since: 0 };
function deps(model: ScriptedLanguageModel) {
  const evidence = new EvidenceService({ ownerId: OWNER, store, blobs, renderer: new MupdfPageRenderer(), cache: new InMemoryRenderCache({ maxBytes: 512 * 1024 * 1024 }) });
  return {
    ownerId: OWNER,
    documents,
    search: new SearchService({ ownerId: OWNER, search: new InMemoryBlockSearch(store), store }),
    evidence: {
      render: async (spec: Parameters<EvidenceService["render"]>[0]) => {
        const t = performance.now();
        if (renderMs.active++ === 0) renderMs.since = t;
        try {
          return await evidence.render(spec);
        } finally {
          const end = performance.now();
          renderMs.value += end - t;
          // wall time with at least one render in flight (renders of a round overlap)
          if (--renderMs.active === 0) renderMs.wall += end - renderMs.since;
        }
      },
    },
    prompts: new FilePromptLibrary({ directory: bundledPromptsDirectory() }),
    model,
  };
}

// ---------------------------------------------------------------- the scripted §8.1 model
const SECTORS = ["B2", "A1", "C3", "B1", "A2", "C1", "A3", "C2", "B3"];
const textOf = (request: GenerateRequest) => request.messages.flatMap((m) => m.parts.map((p) => (p.type === "text" ? p.text : ""))).join("");
const idsOf = (text: string, kind?: string) =>
  [...text.matchAll(/\[([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})\][^\n]*?· ([A-Z]+)/g)].filter((m) => !kind || m[2] === kind).map((m) => m[1]!);

function script(): ScriptedStep[] {
  let round = 0;
  const answerStep: ScriptedStep = (request) => {
    round++;
    const text = textOf(request);
    const drawings = [...new Set(idsOf(text, "IMAGE"))].slice(0, 2);
    if (text.includes("last round") || drawings.length === 0) {
      return { object: { answer_markdown: "Итог: найденные ошибки…", citations: [], unverified: ["…"] } };
    }
    // four regions a round on the same two drawings: three not seen before (sectors, then sectors of
    // sectors) and one repeat of the previous round's first request, as the reference's model kept doing
    const fresh = (k: number) => {
      const path = k < SECTORS.length ? SECTORS[k]! : `${SECTORS[Math.floor(k / SECTORS.length) % SECTORS.length]}.${SECTORS[k % SECTORS.length]}`;
      return { block_id: drawings[k % drawings.length]!, sector: path, reason: "проверить марку" };
    };
    const rois = [...Array.from({ length: ROIS_PER_ROUND - 1 }, (_, i) => fresh((round - 1) * (ROIS_PER_ROUND - 1) + i)), fresh(Math.max(0, (round - 2) * (ROIS_PER_ROUND - 1)))];
    return { object: { answer_markdown: `Промежуточный ответ ${round}: нужны фрагменты.`, needs_more_evidence: true, requested_rois: rois } };
  };
  const collector: ScriptedStep = (request) => {
    const text = textOf(request);
    return { object: { selected_block_ids: idsOf(text).slice(0, 12), requested_images: idsOf(text, "IMAGE").slice(0, 2).map((id) => ({ block_id: id, reason: "план" })) } };
  };
  return [
    { object: { intent_type: "general_analysis", requires_visual_detail: true, focus_areas: ["ошибки"], search_terms: ["ПР-1", "Ол-1"] } },
    collector,
    ...Array.from({ length: 40 }, () => answerStep),
  ];
}

interface OurRun {
  calls: number;
  textTokens: number;
  imageTokens: number;
  images: number;
  imageEvents: number;
  rounds: number;
  ownMsPerRound: number;
  /** Own time minus MuPDF rasterisation: search, planning, prompt building, bookkeeping. */
  bookkeepingMsPerRound: number;
  renderMsPerRegion: number;
  renders: number;
  timings: Record<string, number>;
}

async function runOurs(settings: AgentSettingsInput): Promise<OurRun> {
  renderMs.value = 0;
  renderMs.wall = 0;
  const model = new ScriptedLanguageModel(script(), { name: "scripted" });
  const service = new AskService({ ...deps(model), settings: { profile: "complex", ...settings } });
  const events: StreamEvent[] = [];
  for await (const e of service.ask({ question: QUESTION, documentIds: [doc.id] })) events.push(e);
  const failure = events.find((e) => e.type === "error");
  if (failure) throw new Error(JSON.stringify(failure));
  const images = new Map(events.flatMap((e) => (e.type === "image_ready" ? [[e.image_id, e] as const] : [])));
  let text = 0;
  let img = 0;
  let sent = 0;
  for (const call of model.calls) {
    text += textTokens(call.system.length + call.messages.reduce((n, m) => n + m.text.length, 0));
    for (const m of call.messages)
      for (const i of m.images) {
        const e = images.get(i.label ?? "");
        img += e ? imageTokens(e.width, e.height) : 258;
        sent++;
      }
  }
  const done = events.find((e): e is Extract<StreamEvent, { type: "completed"; answer: object }> => e.type === "completed")!;
  const rounds = events.filter((e) => e.type === "phase_started" && e.phase === "answer").length;
  const t = done.answer.timings_ms!;
  return {
    calls: model.calls.length,
    textTokens: text,
    imageTokens: img,
    images: sent,
    imageEvents: images.size,
    rounds,
    ownMsPerRound: (t.own ?? 0) / rounds,
    bookkeepingMsPerRound: ((t.own ?? 0) - renderMs.wall) / rounds,
    renderMsPerRegion: renderMs.value / Math.max(1, images.size),
    renders: events.filter((e) => e.type === "tool_call" && e.tool === "render").length,
    timings: t,
  };
}

// ---------------------------------------------------------------- the reference's call pattern on the same fixture
function referenceReplay(rounds: number, ourSystemChars: number) {
  const md = (b: Block) => `### BLOCK [${b.kind}]: ${b.id}\n${b.text}\n`;
  const fullText = blocks.reduce((n, b) => n + md(b).length, 0) + doc.pageCount * 16;
  const textBlocks = blocks.filter((b) => b.kind !== "IMAGE").reduce((n, b) => n + md(b).length + 30, 0);
  // materials JSON: selected blocks (collector's 12 + up to 10 coverage blocks) with full content, JSON-escaped
  const selected = [...blocks].sort((a, b) => b.text.length - a.text.length).slice(0, 22).reduce((n, b) => n + (b.text.length + 160) * 1.1, 0);
  const intentJson = 400;
  const question = QUESTION.length;
  const imageJson = 220;
  const initialImages = 14; // §8.1: overview (+quadrants) of every selected and coverage IMAGE block
  const roi = imageTokens(2000, 1414); // every image is scaled to a 2000 px long side
  let text = 0;
  let img = 0;
  let sent = 0;
  let events = 0;
  let calls = 0;
  const call = (chars: number, images: number) => {
    calls++;
    text += textTokens(chars + ourSystemChars);
    img += images * roi;
    sent += images;
  };
  call(Math.min(1200, fullText) + question, 0); // intent router
  call(fullText + intentJson + question, 0); // Flash collector, one per document
  call(intentJson + textBlocks + question, 0); // document facts (Pro)
  for (let r = 0; r < rounds; r++) {
    const images = initialImages + r * ROIS_PER_ROUND;
    events += images; // every image re-announced each round
    // context cache (whole document text) + intent + materials JSON (blocks and every image entry) + question
    call(fullText + intentJson + selected + images * imageJson + question, images);
  }
  return { calls, textTokens: text, imageTokens: img, images: sent, imageEvents: events, fullText };
}

// ---------------------------------------------------------------- run
const shape = await runOurs({ budget: { maxRounds: ROUNDS, maxRoisPerRound: ROIS_PER_ROUND } });
const defaults = await runOurs({});
const systemChars = (await new FilePromptLibrary({ directory: bundledPromptsDirectory() }).render("system", { language: "Russian" })).length;
const ref = referenceReplay(ROUNDS, systemChars);

const row = (name: string, f: (x: { calls: number; textTokens: number; imageTokens: number; images: number; imageEvents: number }) => string | number) =>
  `| ${name} | ${f(shape)} | ${f(defaults)} | ${f(ref)} |`;
console.log(`\nreference document text: ${ref.fullText} chars (sent to the model on every reference call via cache/prompt)\n`);
console.log(`| per question (${ROUNDS}-round §8.1 shape) | ours, ${ROUNDS} rounds allowed | ours, default budget | reference call pattern |`);
console.log("|---|---:|---:|---:|");
console.log(row("model calls", (x) => x.calls));
console.log(row("input tokens: text", (x) => x.textTokens));
console.log(row("input tokens: images", (x) => x.imageTokens));
console.log(row("input tokens: total", (x) => x.textTokens + x.imageTokens));
console.log(row("images attached (sum over calls)", (x) => x.images));
console.log(row("image_ready events", (x) => x.imageEvents));
console.log(`| answer rounds | ${shape.rounds} | ${defaults.rounds} | ${ROUNDS} |`);
console.log(`| renders (regions actually rasterised) | ${shape.renders} | ${defaults.renders} | — |`);
console.log(`| our own time per round (ms, no model) | ${shape.ownMsPerRound.toFixed(0)} | ${defaults.ownMsPerRound.toFixed(0)} | — |`);
console.log(`| … of which not rasterising (ms per round) | ${shape.bookkeepingMsPerRound.toFixed(0)} | ${defaults.bookkeepingMsPerRound.toFixed(0)} | — |`);
console.log(`| MuPDF render per region, heavy A1 (ms) | ${shape.renderMsPerRegion.toFixed(0)} | ${defaults.renderMsPerRegion.toFixed(0)} | — |`);
console.log(`\ntimings of the ${ROUNDS}-round run (ms): ${JSON.stringify(shape.timings)}`);
const ratio = (shape.textTokens + shape.imageTokens) / (ref.textTokens + ref.imageTokens);
console.log(`\nours / reference input tokens at the same ${ROUNDS}-round shape: ${(ratio * 100).toFixed(1)} %`);
