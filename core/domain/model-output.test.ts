import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { acceptModelOutput, type ModelOutput } from "./model-output.js";

const Schema = z.object({ answer_markdown: z.string() });
const output = (extra: Partial<ModelOutput>): ModelOutput => ({
  text: "",
  finishReason: { unified: "stop", raw: "STOP" },
  usage: { inputTokens: 10, outputTokens: 100, images: 0 },
  model: "m",
  ...extra,
});
const length = { unified: "length", raw: "MAX_TOKENS" } as const;

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (DomainError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("acceptModelOutput", () => {
  it("accepts plain text cut at the budget, and JSON that is complete although the budget ended", () => {
    expect(acceptModelOutput(output({ text: "Seven lin", finishReason: length }), undefined)).toBeUndefined();
    expect(acceptModelOutput(output({ text: '{"answer_markdown": "7"}', finishReason: length }), Schema)).toEqual({ answer_markdown: "7" });
  });

  it("says what to change when the budget cut the answer: raise it, or lower the thinking that used it", () => {
    const cut = failure(() => acceptModelOutput(output({ text: '{"answer_markdown": "7', finishReason: length, maxOutputTokens: 100 }), Schema));
    expect([cut.code, cut.details?.remedy, cut.details?.partialText]).toEqual(["LLM.OUTPUT_TRUNCATED", "raise_budget", '{"answer_markdown": "7']);
    const thinking = { inputTokens: 10, outputTokens: 100, thinkingTokens: 97, images: 0 };
    const onlyThought = failure(() => acceptModelOutput(output({ finishReason: length, usage: thinking }), undefined));
    expect([onlyThought.code, onlyThought.details?.remedy]).toEqual(["LLM.OUTPUT_TRUNCATED", "lower_thinking"]);
    expect(onlyThought.message).toBe("m spent its whole output budget thinking (100 output tokens, 97 of them thinking) and wrote no answer: lower the thinking budget or raise maxOutputTokens");
    const both = failure(() => acceptModelOutput(output({ text: "{", finishReason: length, usage: thinking }), Schema));
    expect(both.details?.remedy).toBe("lower_thinking_or_raise_budget");
  });

  it("tells an empty stop from an empty failure, and keeps BAD_RESPONSE for JSON that is wrong", () => {
    expect(failure(() => acceptModelOutput(output({ text: " \n" }), Schema)).code).toBe("LLM.EMPTY_RESPONSE");
    expect(failure(() => acceptModelOutput(output({ finishReason: { unified: "error", raw: "MALFORMED_FUNCTION_CALL" } }), undefined)).code).toBe("LLM.BAD_RESPONSE");
    expect(failure(() => acceptModelOutput(output({ text: '{"answer": 1}' }), Schema)).code).toBe("LLM.BAD_RESPONSE");
  });
});
