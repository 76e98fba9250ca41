import { z } from "zod";
import { AnswerSchema, CitationSchema } from "../../../core/domain/answer.js";
import { ErrorCodes } from "../../../core/domain/errors.js";
import type { Phase, StreamEvent, StreamEventType } from "../../../core/domain/stream-event.js";
import type { StoredStreamEvent } from "../../../core/ports/stream-event-store.js";
import type { WireLinks } from "./wire-message.js";
import { WireBBox } from "./wire-primitives.js";
import { eventId } from "./wire-stream-query.js";

// `frameOf` copies the domain's phase into this enum, so a phase missing here does not compile
const PHASES = ["intent", "retrieve", "collect", "render", "extract", "answer", "quality_gate", "compare", "ingest"] as const satisfies readonly Phase[];

const phase = z.enum(PHASES);

/** The `data` of each event: the reference's payload fields (§1.5), named as it names them, plus ours. */
const payloads = {
  // 0: next to start (or started at once), as the job queue counts
  queue_position: z.object({ position: z.number().int().nonnegative(), estimated_wait_seconds: z.number().nonnegative() }),
  processing_started: z.object({ request_id: z.string(), run_id: z.string(), chat_id: z.string().nullable() }),
  phase_started: z.object({ phase, description: z.string() }),
  phase_progress: z.object({
    phase,
    /** 0..1; the reference always sent 1.0. */
    progress: z.number().min(0).max(1),
    message: z.string(),
    current: z.number().int().optional(),
    total: z.number().int().optional(),
  }),
  phase_completed: z.object({ phase }),
  llm_token: z.object({ token: z.string(), accumulated: z.string().optional(), model: z.string() }),
  llm_thinking: z.object({ content: z.string(), model: z.string() }),
  tool_call: z.object({ tool: z.string(), parameters: z.record(z.string(), z.unknown()), reason: z.string() }),
  image_ready: z.object({
    image_id: z.string(),
    block_id: z.string().nullable(),
    document_id: z.string(),
    page: z.number().int(),
    kind: z.enum(["overview", "quadrant", "roi"]),
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    dpi: z.number(),
    bbox: WireBBox.optional(),
  }),
  llm_final: z.object({
    content: z.string(),
    model: z.string(),
    citations: z.array(CitationSchema),
    issues: z.array(z.string()),
    recommendations: z.array(z.string()),
    answer: AnswerSchema,
    usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int(), thinking_tokens: z.number().int().optional(), images: z.number().int() }),
  }),
  completed: z.object({ message: z.string(), answer: AnswerSchema.optional(), document_id: z.string().optional() }),
  error: z.object({ code: z.enum(ErrorCodes), message: z.string(), details: z.record(z.string(), z.unknown()).optional(), partial_answer: z.string().optional() }),
} satisfies Record<StreamEventType, z.ZodType>;

const frame = <K extends StreamEventType>(event: K) => z.object({ id: z.string(), event: z.literal(event), data: payloads[event] });

/**
 * One stream event as both transports carry it: SSE writes `id:`, `event:` and `data:` lines (`sseFrame`), the
 * WebSocket sends this object as one JSON text frame. `id` increases within a run and resumes it.
 */
export const WireStreamFrame = z
  .discriminatedUnion("event", [
    frame("queue_position"),
    frame("processing_started"),
    frame("phase_started"),
    frame("phase_progress"),
    frame("phase_completed"),
    frame("llm_token"),
    frame("llm_thinking"),
    frame("tool_call"),
    frame("image_ready"),
    frame("llm_final"),
    frame("completed"),
    frame("error"),
  ])
  .meta({ id: "StreamEvent" });

export type WireStreamFrame = z.infer<typeof WireStreamFrame>;
type WireStreamEvent = WireStreamFrame extends infer F ? (F extends WireStreamFrame ? Omit<F, "id"> : never) : never;

/** The reference's text of `completed` (its clients show it). */
export const COMPLETED_MESSAGE = "Обработка завершена";

export function toWireStreamEvent(stored: StoredStreamEvent, runId: string, links: WireLinks): WireStreamFrame {
  return { id: eventId(runId, stored.seq), ...frameOf(stored.event, runId, links) };
}

// exhaustive over the domain's events: one without a case (and a frame) does not compile
function frameOf(event: StreamEvent, runId: string, links: WireLinks): WireStreamEvent {
  switch (event.type) {
    case "queue_position":
      return { event: event.type, data: { position: event.position, estimated_wait_seconds: event.estimated_wait_seconds } };
    case "processing_started":
      return { event: event.type, data: { request_id: event.run_id ?? runId, run_id: event.run_id ?? runId, chat_id: event.chat_id ?? null } };
    case "phase_started":
      return { event: event.type, data: { phase: event.phase, description: event.description } };
    case "phase_progress": {
      const known = event.current !== undefined && event.total !== undefined && event.total > 0;
      return {
        event: event.type,
        data: {
          phase: event.phase,
          progress: known ? Math.min(1, Math.max(0, event.current! / event.total!)) : 1,
          message: event.message,
          ...(event.current !== undefined ? { current: event.current } : {}),
          ...(event.total !== undefined ? { total: event.total } : {}),
        },
      };
    }
    case "phase_completed":
      return { event: event.type, data: { phase: event.phase } };
    case "llm_token":
      return { event: event.type, data: { token: event.token, ...(event.accumulated !== undefined ? { accumulated: event.accumulated } : {}), model: event.model } };
    case "llm_thinking":
      return { event: event.type, data: { content: event.token, model: event.model } };
    case "tool_call":
      return { event: event.type, data: { tool: event.tool, parameters: event.parameters, reason: event.reason ?? "" } };
    case "image_ready":
      return {
        event: event.type,
        data: {
          image_id: event.image_id,
          block_id: event.block_id ?? null,
          document_id: event.document_id,
          page: event.page,
          kind: event.kind,
          url: event.url ?? links.imageUrl(event.image_id),
          width: event.width,
          height: event.height,
          dpi: event.dpi,
          ...(event.bbox ? { bbox: [...event.bbox] } : {}),
        },
      };
    case "llm_final":
      return {
        event: event.type,
        data: {
          content: event.content,
          model: event.model,
          citations: event.answer.citations,
          issues: event.answer.issues,
          recommendations: event.answer.recommendations,
          answer: event.answer,
          usage: {
            input_tokens: event.usage.inputTokens,
            output_tokens: event.usage.outputTokens,
            ...(event.usage.thinkingTokens !== undefined ? { thinking_tokens: event.usage.thinkingTokens } : {}),
            images: event.usage.images,
          },
        },
      };
    case "completed":
      return { event: event.type, data: { message: COMPLETED_MESSAGE, ...(event.answer ? { answer: event.answer } : { document_id: event.document_id }) } };
    case "error":
      return {
        event: event.type,
        data: {
          code: event.error.code,
          message: event.error.message,
          ...(event.error.details ? { details: event.error.details } : {}),
          ...(event.partial_answer !== undefined ? { partial_answer: event.partial_answer } : {}),
        },
      };
  }
}

/** The SSE text of a frame: `id:`, `event:`, one `data:` line (JSON never holds a raw line break) and a blank line. */
export function sseFrame(frame: WireStreamFrame): string {
  return `id: ${frame.id}\nevent: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}
