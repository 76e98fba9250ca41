import type { AgentRun } from "./agent-run.js";
import { answerLoop } from "./answer-loop.js";
import { collect } from "./collect.js";
import { extractFacts } from "./extract.js";
import { initialImages } from "./initial-evidence.js";
import { classifyIntent } from "./intent.js";
import { phase, type Step } from "./phase.js";
import { queryTerms } from "./query-terms.js";
import { retrieve } from "./retrieve.js";
import { toAnswer } from "./to-answer.js";
import { finish } from "./finish.js";
import { selectedDocuments } from "./selected-documents.js";

/** The model pipeline of DESIGN §6: intent → retrieve → (collect) → render → extract → answer ⇄ quality gate. */
export async function* llmAnswer(run: AgentRun): Step<void> {
  const complex = run.settings.profile === "complex";
  const docs = await selectedDocuments(run, run.input.documentIds);
  const intent = yield* phase(run, "intent", "understanding the question", () => classifyIntent(run, docs.map((d) => d.name)));
  const ranked = yield* phase(run, "retrieve", "searching the documents", () => retrieve(run, intent, docs.map((d) => d.id)));
  const collection = complex ? yield* phase(run, "collect", "choosing blocks and drawings", () => collect(run, intent, ranked)) : undefined;
  const candidates = collection?.candidates ?? ranked;
  const images = yield* phase(run, "render", "rendering drawings", () =>
    initialImages(run, intent, candidates, collection?.requests, run.settings.budget.maxImagesPerCall),
  );
  const facts = yield* phase(run, "extract", "pulling key lines from text and tables", async () =>
    extractFacts(candidates, queryTerms(run.input.question, ...intent.search_terms, ...intent.focus_areas)),
  );
  const loop = yield* answerLoop(run, { task: "answer", tier: complex ? "strong" : "fast", intent, candidates, facts, images });
  yield* finish(run, toAnswer(run, loop.answer, loop.unexamined), loop.model);
}
