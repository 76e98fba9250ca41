import { describe, expect, it } from "vitest";
import type { Answer } from "../../core/domain/answer.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { AskPrinter } from "./ask-printer.js";

function printer() {
  const text: string[] = [];
  const status: string[] = [];
  return { text, status, printer: new AskPrinter({ text: (c) => void text.push(c), status: (l) => void status.push(l) }) };
}

const answer = (fields: Partial<Answer>): Answer => ({
  mode: "llm",
  answer_markdown: "Ответ",
  citations: [],
  issues: [],
  recommendations: [],
  unverified: [],
  follow_up_questions: [],
  evidence_image_ids: [],
  ...fields,
});

describe("AskPrinter", () => {
  it("streams tokens to stdout, marks later rounds and keeps progress on stderr", () => {
    const { text, status, printer: p } = printer();
    const events: StreamEvent[] = [
      { type: "phase_started", phase: "answer", description: "round 1" },
      { type: "llm_token", token: "Черно", model: "m" },
      { type: "llm_token", token: "вик", model: "m" },
      { type: "tool_call", tool: "render", parameters: { document_id: "d", block_id: "AAAA-BBBB-CCC", sector: "B2" }, reason: "марки" },
      { type: "image_ready", image_id: "img-1", block_id: "AAAA-BBBB-CCC", document_id: "d", page: 2, kind: "roi", width: 1536, height: 1024, dpi: 300 },
      { type: "phase_started", phase: "answer", description: "round 2" },
      { type: "llm_token", token: "Итог", model: "m" },
    ];
    for (const e of events) p.handle(e);
    expect(text.join("")).toBe("Черновик\n\n— round 2 —\nИтог");
    expect(status).toContain("  ⚙ render block_id=AAAA-BBBB-CCC sector=B2 — марки");
    expect(status).toContain("  ▣ roi of AAAA-BBBB-CCC p.2 · 1536×1024 · 300 dpi");
  });

  it("prints the answer once, its sources with saved image paths, open points, and says when it is evidence only", () => {
    const { text, status, printer: p } = printer();
    p.printAnswer(
      answer({
        mode: "evidence_only",
        answer_markdown: "> Evidence only",
        citations: [{ block_id: "AAAA-BBBB-CCC", kind: "roi", page: 2, image_id: "img-1" }],
        unverified: ["ПР-3"],
      }),
      [{ id: "img-1", path: "out/01-roi.png" }],
    );
    const out = text.join("");
    expect(out.startsWith("> Evidence only\n")).toBe(true);
    expect(out).toContain("[1] roi AAAA-BBBB-CCC p.2 → out/01-roi.png");
    expect(out).toContain("Unverified:\n  ПР-3");
    expect(out).toContain("Evidence images:\n  out/01-roi.png");
    expect(status[0]).toMatch(/^Evidence-only mode/);
  });
});
