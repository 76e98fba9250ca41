import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../core/domain/stream-event.js";
import { parseWire } from "./parse-wire.js";
import { domainErrorOf } from "../../../core/ports/testing/domain-error-of.js";
import { StreamQuery, eventId, fromWireStreamQuery, parseEventId } from "./wire-stream-query.js";
import { COMPLETED_MESSAGE, WireStreamFrame, sseFrame, toWireStreamEvent } from "./wire-stream-event.js";
import { answer, links } from "./testing/wire-fixtures.js";

const runId = "3f2e1d0c-9b8a-4765-a432-10fedcba9876";

/** One event of every type, as the agent emits them. */
const events: StreamEvent[] = [
  { type: "queue_position", position: 2, estimated_wait_seconds: 30 },
  { type: "processing_started", chat_id: "8e0c3c52-6f0e-4a55-b3a6-5c1f8e2d7a10", run_id: runId },
  { type: "phase_started", phase: "retrieve", description: "Поиск блоков" },
  { type: "phase_progress", phase: "render", message: "3 из 4", current: 3, total: 4 },
  { type: "phase_completed", phase: "retrieve" },
  { type: "llm_token", token: "На ", accumulated: "На ", model: "pro" },
  { type: "llm_thinking", token: "сверяю спецификацию", model: "pro" },
  { type: "tool_call", tool: "zoom", parameters: { count: 2 } },
  { type: "image_ready", image_id: "img-1", block_id: "A1B2-C3D4-E5F", document_id: "doc-1", page: 3, kind: "roi", width: 900, height: 600, dpi: 300, bbox: [0.1, 0.2, 0.3, 0.4] },
  { type: "llm_final", content: answer.answer_markdown, model: "pro", answer, usage: { inputTokens: 1000, outputTokens: 200, thinkingTokens: 50, images: 3 } },
  { type: "completed", answer },
  { type: "error", error: { code: "LLM.RATE_LIMITED", message: "try later", details: { retryAfterSeconds: 30 }, isRetryable: true }, partial_answer: "На 2 этаже" },
];


describe("toWireStreamEvent", () => {
  const frames = events.map((event, i) => toWireStreamEvent({ seq: i + 1, event }, runId, links));

  it("frames every event type under the documented schema, named as the domain names it", async () => {
    for (const [i, frame] of frames.entries()) {
      expect(WireStreamFrame.parse(frame)).toEqual(frame);
      expect(frame.event).toBe(events[i]!.type);
    }
  });

  it("numbers frames with the run and seq a client resumes from", async () => {
    expect(frames.map((f) => parseEventId(f.id))).toEqual(events.map((_, i) => ({ runId, seq: i + 1 })));
  });

  it("fills the reference's payload fields", async () => {
    const byEvent = Object.fromEntries(frames.map((f) => [f.event, f.data])) as Record<string, Record<string, unknown>>;
    expect(byEvent.processing_started).toEqual({ request_id: runId, run_id: runId, chat_id: "8e0c3c52-6f0e-4a55-b3a6-5c1f8e2d7a10" });
    expect(byEvent.phase_progress).toMatchObject({ progress: 0.75, message: "3 из 4" });
    expect(byEvent.llm_thinking).toEqual({ content: "сверяю спецификацию", model: "pro" });
    expect(byEvent.tool_call).toEqual({ tool: "zoom", parameters: { count: 2 }, reason: "" });
    expect(byEvent.image_ready).toMatchObject({ block_id: "A1B2-C3D4-E5F", kind: "roi", url: links.imageUrl("img-1"), width: 900, height: 600 });
    expect(byEvent.llm_final).toMatchObject({ content: answer.answer_markdown, citations: answer.citations, usage: { input_tokens: 1000, output_tokens: 200, thinking_tokens: 50, images: 3 } });
    expect(byEvent.completed).toEqual({ message: COMPLETED_MESSAGE, answer });
    expect(byEvent.error).toEqual({ code: "LLM.RATE_LIMITED", message: "try later", details: { retryAfterSeconds: 30 }, partial_answer: "На 2 этаже" });
  });

  it("keeps an image's own URL, reports progress without counts as done, and a page region's missing block as null", async () => {
    const image = toWireStreamEvent(
      { seq: 1, event: { type: "image_ready", image_id: "img-2", document_id: "doc-1", page: 1, kind: "overview", url: "https://cdn.example/x.png", width: 1, height: 1, dpi: 150 } },
      runId,
      links,
    );
    expect(image.data).toMatchObject({ url: "https://cdn.example/x.png", block_id: null });
    expect(image.data).not.toHaveProperty("bbox");
    const progress = toWireStreamEvent({ seq: 2, event: { type: "phase_progress", phase: "answer", message: "…" } }, runId, links);
    expect(progress.data).toEqual({ phase: "answer", progress: 1, message: "…" });
  });

  it("writes SSE frames as id, event and one data line, even for text with line breaks", async () => {
    const frame = toWireStreamEvent({ seq: 7, event: { type: "llm_token", token: "строка\n\nдве", model: "pro" } }, runId, links);
    const text = sseFrame(frame);
    expect(text).toBe(`id: ${runId}:7\nevent: llm_token\ndata: {"token":"строка\\n\\nдве","model":"pro"}\n\n`);
    expect(text.split("\n\n")).toHaveLength(2);
  });
});

describe("StreamQuery", () => {
  it("takes the resume point from Last-Event-ID over `after`", async () => {
    const query = parseWire(StreamQuery, { after: eventId(runId, 3) }, "query");
    expect(fromWireStreamQuery(query).resume).toEqual({ runId, seq: 3 });
    expect(fromWireStreamQuery(query, eventId(runId, 9)).resume).toEqual({ runId, seq: 9 });
    expect(fromWireStreamQuery(parseWire(StreamQuery, {}, "query"))).toEqual({ documentIds: [], treeFiles: [], googleFiles: [] });
  });

  it("refuses malformed JSON, one-sided compare, bad event ids and unknown parameters with a 400", async () => {
    for (const query of [
      { tree_files: "[{r2_key:" },
      { google_files: JSON.stringify({ uri: "not a list" }) },
      { tree_files: JSON.stringify([{ file_type: "result_md" }]) },
      { compare_document_ids_a: "doc-a" },
      { after: "7" },
      { documents_ids: "doc-a" },
    ]) {
      expect((await domainErrorOf(() => parseWire(StreamQuery, query, "query"))).code).toBe("VALIDATION.INVALID_INPUT");
    }
    expect((await domainErrorOf(() => fromWireStreamQuery(parseWire(StreamQuery, {}, "query"), "garbage"))).code).toBe("VALIDATION.INVALID_INPUT");
  });
});
