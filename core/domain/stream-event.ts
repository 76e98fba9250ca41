import type { BBoxNorm } from "./geometry.js";
import type { DomainErrorJson } from "./errors.js";
import type { Answer } from "./answer.js";
import type { ModelUsage } from "../ports/language-model.js";

/** The agent's phases, and `ingest`: an uploaded file becoming a document. */
export type Phase = "intent" | "retrieve" | "collect" | "render" | "extract" | "answer" | "quality_gate" | "compare" | "ingest";

/** Events of one answer run (DESIGN §7); hosts forward them as SSE/WebSocket frames with an event id. */
export type StreamEvent =
  | { type: "queue_position"; position: number; estimated_wait_seconds: number }
  /** `chat_id`: the chat the run is recorded in (a new one unless the request named it); `run_id`: its event log. */
  | { type: "processing_started"; chat_id?: string; run_id?: string }
  | { type: "phase_started"; phase: Phase; description: string }
  | { type: "phase_progress"; phase: Phase; message: string; current?: number; total?: number }
  | { type: "phase_completed"; phase: Phase }
  | { type: "llm_token"; token: string; accumulated?: string; model: string }
  | { type: "llm_thinking"; token: string; model: string }
  | { type: "tool_call"; tool: string; parameters: Record<string, unknown>; reason?: string }
  | {
      type: "image_ready";
      image_id: string;
      block_id?: string;
      document_id: string;
      page: number;
      kind: "overview" | "quadrant" | "roi";
      url?: string;
      path?: string;
      width: number;
      height: number;
      dpi: number;
      bbox?: BBoxNorm;
    }
  | { type: "llm_final"; content: string; model: string; answer: Answer; usage: ModelUsage }
  | { type: "completed"; answer: Answer }
  /** An ingestion run's end: the document the upload became. */
  | { type: "completed"; document_id: string; answer?: undefined }
  | { type: "error"; error: DomainErrorJson; partial_answer?: string };

export type StreamEventType = StreamEvent["type"];
