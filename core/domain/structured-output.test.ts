import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseStructuredOutput } from "./structured-output.js";
import { domainErrorOf, errorCodeOf } from "../ports/testing/domain-error-of.js";

const Schema = z.object({ title: z.string(), count: z.number().int() });

describe("parseStructuredOutput", () => {
  it("parses and validates plain JSON", () => {
    expect(parseStructuredOutput('{"title":"A","count":2}', Schema, "m")).toEqual({ title: "A", count: 2 });
  });

  it("repairs JSON wrapped in a fence or in prose", () => {
    expect(parseStructuredOutput('```json\n{"title":"B","count":3}\n```', Schema, "m")).toEqual({ title: "B", count: 3 });
    expect(parseStructuredOutput('Here it is: {"title":"C","count":4}. Done', Schema, "m")).toEqual({ title: "C", count: 4 });
  });

  it("rejects non-JSON and schema mismatches with LLM.BAD_RESPONSE naming the field", async () => {
    expect(await errorCodeOf(() => parseStructuredOutput('{"title": "cut', Schema, "gemini-x"))).toBe("LLM.BAD_RESPONSE");
    const mismatch = await domainErrorOf(() => parseStructuredOutput('{"title":"A","count":"two"}', Schema, "gemini-x"));
    expect(mismatch.code).toBe("LLM.BAD_RESPONSE");
    expect(mismatch.message).toMatch(/count/);
    expect(mismatch.message).toMatch(/gemini-x/);
  });
});
