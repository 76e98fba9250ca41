import type { Answer, Citation, StreamEvent } from "./api-types.js";
import { progressLine, toolLine } from "./progress-lines.js";

/** A step of a run as the user follows it: a phase with its latest progress, and the tool calls made in it, in words. */
export interface RunStep {
  phase: string;
  done: boolean;
  progress?: string;
  tools: Array<{ tool: string; summary: string }>;
}

/** An evidence image the answer showed: where to load it from and which region of which page it is. */
export interface EvidenceImageView {
  imageId: string;
  kind: "overview" | "quadrant" | "roi";
  url: string;
  documentId: string;
  blockId?: string;
  page: number;
  bbox?: readonly [number, number, number, number];
  dpi: number;
}

/** One answer on screen, live or from the history: built from the run's events, or from a stored message. */
export interface AnswerView {
  steps: RunStep[];
  /** The streamed text so far, then the final markdown. */
  markdown: string;
  citations: Citation[];
  images: EvidenceImageView[];
  answer?: Answer;
  model?: string;
  queuePosition?: number;
  status: "waiting" | "running" | "complete" | "error";
  error?: { code: string; message: string };
}

export const emptyAnswer = (): AnswerView => ({ steps: [], markdown: "", citations: [], images: [], status: "waiting" });

/** The view after one more event of the run (pure: the UI and its tests fold a run's events with it). */
export function foldEvent(view: AnswerView, event: StreamEvent): AnswerView {
  switch (event.type) {
    case "queue_position":
      return { ...view, queuePosition: event.position };
    case "processing_started":
      return { ...view, status: "running", queuePosition: undefined };
    case "phase_started":
      return { ...view, status: "running", steps: [...view.steps, { phase: event.phase, done: false, tools: [] }] };
    case "phase_progress":
      return { ...view, steps: updateLast(view.steps, event.phase, (step) => ({ ...step, progress: progressLine(event) })) };
    case "phase_completed":
      return { ...view, steps: updateLast(view.steps, event.phase, (step) => ({ ...step, done: true })) };
    case "tool_call": {
      const last = view.steps.at(-1);
      if (!last) return view;
      return { ...view, steps: [...view.steps.slice(0, -1), { ...last, tools: [...last.tools, { tool: event.tool, summary: toolLine(event.tool, event.parameters) }] }] };
    }
    case "llm_token":
      // the model is named once the answer is final: a token names the adapter ("gemini"), the final answer the model
      // that wrote it, and the card's label changed mid-answer
      return { ...view, markdown: event.accumulated ?? view.markdown + event.token };
    case "llm_thinking":
      return view;
    case "image_ready":
      if (!event.url || view.images.some((image) => image.imageId === event.image_id)) return view;
      return {
        ...view,
        images: [
          ...view.images,
          { imageId: event.image_id, kind: event.kind, url: event.url, documentId: event.document_id, page: event.page, dpi: event.dpi, ...(event.block_id ? { blockId: event.block_id } : {}), ...(event.bbox ? { bbox: event.bbox } : {}) },
        ],
      };
    case "llm_final":
      return { ...view, markdown: event.answer.answer_markdown, citations: event.answer.citations, answer: event.answer, model: event.model };
    case "completed":
      if (!event.answer) return { ...view, status: "complete" };
      return { ...view, status: "complete", markdown: event.answer.answer_markdown, citations: event.answer.citations, answer: event.answer, steps: view.steps.map((step) => ({ ...step, done: true })) };
    case "error":
      return { ...view, status: "error", error: { code: event.error.code, message: event.error.message }, ...(event.partial_answer ? { markdown: event.partial_answer } : {}) };
  }
}

function updateLast(steps: RunStep[], phase: string, change: (step: RunStep) => RunStep): RunStep[] {
  const index = steps.findLastIndex((step) => step.phase === phase);
  if (index < 0) return steps;
  return steps.map((step, i) => (i === index ? change(step) : step));
}
