import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { parseStructuredOutput } from "./structured-output.js";

const Schema = z.object({ title: z.string(), count: z.number().int() });

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (DomainError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("parseStructuredOutput", () => {
  it("parses and validates plain JSON", () => {
    expect(parseStructuredOutput('{"title":"A","count":2}', Schema, "m")).toEqual({ title: "A", count: 2 });
  });

  it("repairs JSON wrapped in a fence or in prose", () => {
    expect(parseStructuredOutput('```json\n{"title":"B","count":3}\n```', Schema, "m")).toEqual({ title: "B", count: 3 });
    expect(parseStructuredOutput('Here it is: {"title":"C","count":4}. Done', Schema, "m")).toEqual({ title: "C", count: 4 });
  });

  it("rejects non-JSON and schema mismatches with LLM.BAD_RESPONSE naming the field", () => {
    expect(failure(() => parseStructuredOutput('{"title": "cut', Schema, "gemini-x")).code).toBe("LLM.BAD_RESPONSE");
    const mismatch = failure(() => parseStructuredOutput('{"title":"A","count":"two"}', Schema, "gemini-x"));
    expect(mismatch.code).toBe("LLM.BAD_RESPONSE");
    expect(mismatch.message).toMatch(/count/);
    expect(mismatch.message).toMatch(/gemini-x/);
  });
});
