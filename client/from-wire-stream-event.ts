import type { StreamEvent } from "../core/domain/stream-event.js";
import type { WireStreamFrame } from "../hosts/http/wire/wire-stream-event.js";

/**
 * A stream frame as the domain event it was. The wire adds what a Python client needs and drops nothing the domain
 * keeps, except: `phase_progress.progress` (derived), the `completed` message text, and an image's server-side path;
 * an image's `url` is the server's signed link.
 */
export function fromWireStreamEvent(frame: WireStreamFrame): StreamEvent {
  switch (frame.event) {
    case "queue_position":
      return { type: frame.event, position: frame.data.position, estimated_wait_seconds: frame.data.estimated_wait_seconds };
    case "processing_started":
      return { type: frame.event, run_id: frame.data.run_id, ...(frame.data.chat_id !== null ? { chat_id: frame.data.chat_id } : {}) };
    case "phase_started":
      return { type: frame.event, phase: frame.data.phase, description: frame.data.description };
    case "phase_progress": {
      const { phase, message, current, total } = frame.data;
      return { type: frame.event, phase, message, ...(current !== undefined ? { current } : {}), ...(total !== undefined ? { total } : {}) };
    }
    case "phase_completed":
      return { type: frame.event, phase: frame.data.phase };
    case "llm_token":
      return { type: frame.event, token: frame.data.token, ...(frame.data.accumulated !== undefined ? { accumulated: frame.data.accumulated } : {}), model: frame.data.model };
    case "llm_thinking":
      return { type: frame.event, token: frame.data.content, model: frame.data.model };
    case "tool_call":
      // the wire sends a missing reason as "" (the Python client requires the key)
      return { type: frame.event, tool: frame.data.tool, parameters: frame.data.parameters, ...(frame.data.reason ? { reason: frame.data.reason } : {}) };
    case "image_ready": {
      const d = frame.data;
      return {
        type: frame.event,
        image_id: d.image_id,
        ...(d.block_id !== null ? { block_id: d.block_id } : {}),
        document_id: d.document_id,
        page: d.page,
        kind: d.kind,
        url: d.url,
        width: d.width,
        height: d.height,
        dpi: d.dpi,
        ...(d.bbox ? { bbox: d.bbox } : {}),
      };
    }
    case "llm_final": {
      const { usage } = frame.data;
      return {
        type: frame.event,
        content: frame.data.content,
        model: frame.data.model,
        answer: frame.data.answer,
        usage: {
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          ...(usage.thinking_tokens !== undefined ? { thinkingTokens: usage.thinking_tokens } : {}),
          images: usage.images,
        },
      };
    }
    case "completed":
      return frame.data.answer ? { type: frame.event, answer: frame.data.answer } : { type: frame.event, document_id: frame.data.document_id ?? "" };
    case "error": {
      const { code, message, details, partial_answer } = frame.data;
      return { type: frame.event, error: { code, message, ...(details ? { details } : {}) }, ...(partial_answer !== undefined ? { partial_answer } : {}) };
    }
  }
}
