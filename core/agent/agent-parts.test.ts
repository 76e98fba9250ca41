import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import { lineDiff } from "./compare.js";
import { candidateLines, dataFrame, DATA_CLOSE } from "./evidence-frame.js";
import { heuristicIntent } from "./intent.js";
import { retryRoom } from "./model-call.js";
import { ModelAnswerSchema } from "./model-schemas.js";
import { qualityGate } from "./quality-gate.js";
import { countMatches, queryTerms } from "./query-terms.js";
import type { Candidate } from "./agent-run.js";

const visual = heuristicIntent("Укажи диаметры и отметки на плане В1", false);

describe("keyword intent", () => {
  it("classifies counts, comparisons and drawing-detail questions and keeps the codes as search terms", () => {
    expect(visual).toMatchObject({ intent_type: "general_analysis", requires_visual_detail: true });
    expect(visual.search_terms).toContain("В1");
    expect(heuristicIntent("Сколько перемычек ПР-1 на 2 этаже?", false)).toMatchObject({ intent_type: "element_count", search_terms: expect.arrayContaining(["ПР-1"]) });
    expect(heuristicIntent("Сверь спецификацию", true).intent_type).toBe("comparison");
    expect(heuristicIntent("Опиши основные решения по утеплению", false).requires_visual_detail).toBe(false);
  });
});

describe("query terms", () => {
  it("matches codes exactly and words by stem, folding OCR look-alikes and decimal commas", () => {
    const code = queryTerms("В2");
    expect(countMatches("система В2, стояк", code)).toBe(1);
    expect(countMatches("система В21", code)).toBe(0);
    expect(countMatches("система ОВ2", code)).toBe(0);
    expect(countMatches("перемычка A3-13 (OCR latin)", queryTerms("А3-13"))).toBe(1);
    expect(countMatches("отм. +4.950", queryTerms("+4,950"))).toBe(1);
    expect(countMatches("Спецификация перемычек", queryTerms("перемычки"))).toBe(1);
  });
});

describe("quality gate", () => {
  const answer = (fields: object) => ModelAnswerSchema.parse({ answer_markdown: "x", ...fields });
  it("follows the model's own request first", () => {
    const decision = qualityGate({ intent: visual, answer: answer({ needs_more_evidence: true, requested_rois: [{ block_id: "AAAA-BBBB-CCC", sector: "B2" }] }), gateAlreadyForced: true, hasDrawings: true });
    expect(decision).toMatchObject({ action: "follow_up", reason: "model_requested" });
  });
  it("forces one zoom round when drawing detail is uncited, and never a second", () => {
    const text = answer({ citations: [{ block_id: "AAAA-BBBB-CCC", kind: "text_block" }] });
    expect(qualityGate({ intent: visual, answer: text, gateAlreadyForced: false, hasDrawings: true })).toMatchObject({ reason: "visual_detail_uncited" });
    expect(qualityGate({ intent: visual, answer: text, gateAlreadyForced: true, hasDrawings: true }).action).toBe("accept");
    expect(qualityGate({ intent: visual, answer: text, gateAlreadyForced: false, hasDrawings: false }).action).toBe("accept");
    const roi = answer({ citations: [{ block_id: "AAAA-BBBB-CCC", kind: "roi", image_id: "I2" }] });
    expect(qualityGate({ intent: visual, answer: roi, gateAlreadyForced: false, hasDrawings: true }).action).toBe("accept");
  });
});

describe("evidence frame", () => {
  const candidate = (id: string, text: string): Candidate => ({
    block: { id, documentId: "d", kind: "TEXT", page: 1, text, source: "text-layer", ordinal: 0 },
    documentName: "doc",
    score: 1,
  });
  it("spends the character budget best-first and strips frame markers out of the data", () => {
    const lines = candidateLines([candidate("AAAA-AAAA-AAA", "a".repeat(300)), candidate("BBBB-BBBB-BBB", "b".repeat(300))], 400, 200);
    expect(lines.included).toEqual(["AAAA-AAAA-AAA"]);
    expect(lines.text).toContain("a".repeat(199) + "…");
    const framed = dataFrame("t", `x ${DATA_CLOSE} y`);
    expect(framed.split(DATA_CLOSE)).toHaveLength(2);
    expect(framed.endsWith(DATA_CLOSE)).toBe(true);
  });
});

describe("line diff (compare without a model)", () => {
  it("pairs rows by their first cell: changed, only in A, only in B", () => {
    const fact = (side: "A" | "B", text: string, blockId: string) => ({ side, text, blockId, documentId: side, page: 1 });
    const diff = lineDiff([
      fact("A", "| ПР-1 | 3ПБ25-8 | 9 |", "A1"),
      fact("B", "| ПР-1 | 3ПБ25-8 | 7 |", "B1"),
      fact("A", "| ПР-2 | 2ПБ17-2 | 13 |", "A2"),
      fact("B", "| ПР-3 | 2ПБ10-1 | 4 |", "B3"),
    ]);
    expect(diff.map((d) => [d.item, d.status, d.citations.map((c) => c.document_id).join("")])).toEqual([
      ["ПР-1", "changed", "AB"],
      ["ПР-2", "only_a", "A"],
      ["ПР-3", "only_b", "B"],
    ]);
  });
});

describe("retry room", () => {
  const truncated = (remedy: string) => new DomainError("LLM.OUTPUT_TRUNCATED", "cut", { details: { remedy } });
  it("doubles a budget that ran out, and caps the thinking when the thinking used it", () => {
    expect(retryRoom({ maxOutputTokens: 8_192 }, truncated("raise_budget"))).toEqual({ maxOutputTokens: 16_384 });
    expect(retryRoom({ maxOutputTokens: 8_192 }, truncated("lower_thinking"))).toEqual({ maxOutputTokens: 16_384, thinking: { enabled: true, budgetTokens: 4_096 } });
    const small = { maxOutputTokens: 8_192, thinking: { enabled: true, budgetTokens: 1_024 } };
    expect(retryRoom(small, truncated("lower_thinking_or_raise_budget"))).toEqual({ maxOutputTokens: 16_384, thinking: small.thinking });
    expect(retryRoom({ maxOutputTokens: 8_192, thinking: { enabled: false } }, truncated("lower_thinking"))).toEqual({ maxOutputTokens: 16_384, thinking: { enabled: false } });
  });
  it("asks an empty answer again as it was, and gives up where more room cannot help", () => {
    const room = { maxOutputTokens: 4_096 };
    expect(retryRoom(room, new DomainError("LLM.EMPTY_RESPONSE", "empty"))).toBe(room);
    expect(retryRoom({ maxOutputTokens: 65_536, thinking: { enabled: false } }, truncated("raise_budget"))).toBeUndefined();
    expect(retryRoom(room, new DomainError("LLM.BAD_RESPONSE", "not JSON"))).toBeUndefined();
    expect(retryRoom(room, new Error("boom"))).toBeUndefined();
  });
  it("asks for no more than the server's context leaves: only lower thinking helps when it leaves nothing more", () => {
    expect(retryRoom({ maxOutputTokens: 2_048 }, truncated("raise_budget"), 3_000)).toEqual({ maxOutputTokens: 3_000 });
    expect(retryRoom({ maxOutputTokens: 2_048 }, truncated("raise_budget"), 1_500)).toBeUndefined();
    expect(retryRoom({ maxOutputTokens: 2_048 }, truncated("lower_thinking"), 1_500)).toEqual({ maxOutputTokens: 2_048, thinking: { enabled: true, budgetTokens: 512 } });
  });
});
