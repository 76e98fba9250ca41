import { describe, expect, it } from "vitest";
import type { Answer, StreamEvent } from "./api-types.js";
import { emptyAnswer, foldEvent } from "./run-state.js";
import { citationTarget, imageTarget } from "./viewer-target.js";

const answer: Answer = {
  mode: "llm",
  answer_markdown: "ПР-1 × 4 [AAAA-BBBB-CCC]",
  citations: [
    { block_id: "AAAA-BBBB-CCC", document_id: "d1", kind: "text_block", page: 2, bbox: [0.1, 0.2, 0.3, 0.4] },
    { block_id: "DDDD-EEEE-FFF", document_id: "d1", kind: "image_block", page: 3, bbox: [0.5, 0.5, 0.9, 0.9] },
  ],
  issues: [],
  recommendations: [],
  unverified: [],
  follow_up_questions: [],
  evidence_image_ids: ["img-1"],
};

const run: StreamEvent[] = [
  { type: "queue_position", position: 2, estimated_wait_seconds: 10 },
  { type: "processing_started", run_id: "r" },
  { type: "phase_started", phase: "retrieve", description: "searching the documents" },
  { type: "tool_call", tool: "search", parameters: { query: "перемычки" } },
  { type: "phase_progress", phase: "retrieve", message: "3 matching blocks, 4 tables and drawings of the best pages", current: 7 },
  { type: "phase_completed", phase: "retrieve" },
  { type: "image_ready", image_id: "img-1", document_id: "d1", page: 2, kind: "roi", url: "/images/img-1?sig=x", width: 10, height: 10, dpi: 200, bbox: [0.05, 0.15, 0.35, 0.45] },
  { type: "llm_token", token: "ПР-1", model: "m" },
  { type: "llm_token", token: " × 4", model: "m" },
  { type: "llm_final", content: answer.answer_markdown, model: "gemini-2.5-flash", answer, usage: { inputTokens: 900, outputTokens: 40, images: 1 } },
  { type: "completed", answer },
];

describe("an answer folded from its run's events", () => {
  it("follows the queue, the phases with their tool calls and progress, the streamed text and the final answer", () => {
    const views = run.reduce((all, event) => [...all, foldEvent(all.at(-1)!, event)], [emptyAnswer()]);
    expect(views[1]).toMatchObject({ queuePosition: 2, status: "waiting" });
    expect(views[2]!.status).toBe("running");
    expect(views[5]!.steps).toEqual([{ phase: "retrieve", done: false, progress: "Найдено блоков-кандидатов: 7", tools: [{ tool: "search", summary: "Ищу «перемычки»…" }] }]);
    expect(views[6]!.steps[0]!.done).toBe(true);
    expect(views[9]!.markdown).toBe("ПР-1 × 4");
    expect(views[9]!.model).toBeUndefined();
    expect(views[10]!.model).toBe("gemini-2.5-flash");
    const done = views.at(-1)!;
    expect(done).toMatchObject({ status: "complete", markdown: answer.answer_markdown, citations: answer.citations });
    expect(done.images.map((image) => image.imageId)).toEqual(["img-1"]);
  });

  it("keeps a failed run's partial text and its error code", () => {
    const failed = foldEvent(foldEvent(emptyAnswer(), run[7]!), { type: "error", error: { code: "LLM.TIMEOUT", message: "slow" }, partial_answer: "ПР-1…" });
    expect(failed).toMatchObject({ status: "error", error: { code: "LLM.TIMEOUT" }, markdown: "ПР-1…" });
  });

  it("outlines a citation's page: the citations and zoomed regions there, focused on the one clicked", () => {
    const done = run.reduce(foldEvent, emptyAnswer());
    const target = citationTarget(done, 0)!;
    expect(target).toMatchObject({ documentId: "d1", page: 2, focus: 0 });
    expect(target.regions).toEqual([
      { label: "1", kind: "citation", bbox: [0.1, 0.2, 0.3, 0.4], blockId: "AAAA-BBBB-CCC", fallback: "Текст", detail: "" },
      { label: "И1", kind: "zoom", bbox: [0.05, 0.15, 0.35, 0.45], fallback: "Изображение: увеличенный фрагмент", detail: "увеличенный фрагмент, 200 dpi" },
    ]);
    expect(citationTarget(done, 1)).toMatchObject({ page: 3, focus: 0, regions: [{ label: "2" }] });
    expect(imageTarget(done, "img-1")).toMatchObject({ page: 2, focus: 1 });
    expect(citationTarget({ ...done, citations: [{ block_id: "X", kind: "text_block" }] }, 0)).toBeUndefined();
  });
});
