import { describe, expect, it } from "vitest";
import { StreamedJsonFieldExtractor } from "./streamed-json-field.js";

/** Feeds `json` in pieces of `size` code units and returns every delta. */
function feed(json: string, size: number, field = "answer_markdown"): { deltas: string[]; extractor: StreamedJsonFieldExtractor } {
  const extractor = new StreamedJsonFieldExtractor(field);
  const deltas: string[] = [];
  for (let index = 0; index < json.length; index += size) deltas.push(extractor.push(json.slice(index, index + size)));
  return { deltas, extractor };
}

describe("StreamedJsonFieldExtractor", () => {
  const answer = 'Перемычки: **12 шт.**\n- ПР-1 "тип А"\t\\ 5/6 😀 done';
  const json = JSON.stringify({ mode: "llm", citations: [{ block_id: "AB12-CD34-EF5", note: "x" }], answer_markdown: answer, issues: ["a"] });

  it("decodes the field exactly, whatever the chunk size", () => {
    for (const size of [1, 2, 3, 5, 7, 64, json.length]) {
      const { deltas, extractor } = feed(json, size);
      expect(deltas.join("")).toBe(answer);
      expect(extractor.value).toBe(answer);
      expect(extractor.complete).toBe(true);
    }
  });

  it("decodes \\u escapes and surrogate pairs split across chunks, never emitting half a character", () => {
    const escaped = '{"answer_markdown":"\\u0416\\u0438\\uD83D\\uDE00!"}';
    const { deltas } = feed(escaped, 1);
    expect(deltas.join("")).toBe("Жи😀!");
    for (const delta of deltas) {
      const last = delta.charCodeAt(delta.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
  });

  it("streams the text progressively, before the object is complete", () => {
    const extractor = new StreamedJsonFieldExtractor("answer_markdown");
    expect(extractor.push('{"answer_markdown": "Hel')).toBe("Hel");
    expect(extractor.push("lo\\")).toBe("lo");
    expect(extractor.push('nwor')).toBe("\nwor");
    expect(extractor.complete).toBe(false);
    expect(extractor.push('ld", "issues": []}')).toBe("ld");
    expect(extractor.complete).toBe(true);
  });

  it("ignores the same key nested deeper, in values, and repeated later", () => {
    const tricky = JSON.stringify({
      meta: { answer_markdown: "nested" },
      list: [{ answer_markdown: "in array" }],
      note: 'the "answer_markdown": "fake" text',
      answer_markdown: "real",
    }).replace(/}$/, ', "answer_markdown": "second"}');
    expect(feed(tricky, 4).deltas.join("")).toBe("real");
  });

  it("skips a Markdown fence around the object and yields nothing for a non-string value", () => {
    expect(feed('```json\n{"answer_markdown":"ok"}\n```', 3).deltas.join("")).toBe("ok");
    const { deltas, extractor } = feed('{"answer_markdown": null, "other": "text"}', 2);
    expect(deltas.join("")).toBe("");
    expect(extractor.complete).toBe(false);
  });

  it("matches an escaped key", () => {
    expect(feed('{"answer\\u005fmarkdown":"yes"}', 2).deltas.join("")).toBe("yes");
  });
});
