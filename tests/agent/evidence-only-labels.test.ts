import { beforeAll, describe, expect, it } from "vitest";
import { AskService } from "../../core/application/ask-service.js";
import type { Answer } from "../../core/domain/answer.js";
import type { Block } from "../../core/domain/block.js";
import { LABEL_BOXES_META, packLabelBoxes } from "../../core/domain/drawing-labels.js";
import { AgentWorld, type IngestedSet, OWNER, collectEvents } from "./agent-harness.js";

// Plans whose room schedules and notes are on another sheet: a room's area and the floor's level mark are drawing
// text only, the labels inside the plan's IMAGE block.
let world: AgentWorld;
let set: IngestedSet;

beforeAll(async () => {
  world = new AgentWorld();
  set = await world.ingest("АР-планы.pdf", {
    sheets: [{ kind: "floor-plan", floor: 1, schedules: false }, { kind: "floor-plan", floor: 2, schedules: false }, { kind: "specification" }],
    seed: 7,
  });
});

async function keyLines(question: string): Promise<{ answer: Answer; lines: string[] }> {
  const events = await collectEvents(new AskService(world.deps(undefined)).ask({ question, documentIds: [set.document.id] }));
  const answer = events.flatMap((e) => (e.type === "completed" && e.answer ? [e.answer] : []))[0]!;
  const section = answer.answer_markdown.split(/^### /m).find((s) => s.startsWith("Ключевые строки")) ?? "";
  return { answer, lines: section.split("\n").filter((l) => l.startsWith("- ")) };
}

const plan = (page: number) => set.blocks.find((b) => b.page === page && b.kind === "IMAGE" && b.text.includes("Ол-"))!;
const texts = (page: number, role: string) => set.truth.sheets[page - 1]!.texts.filter((t) => t.role === role);

describe("evidence-only answers quote the drawing's own labels", () => {
  it("gives a room's area from the label next to its number, with the plan's block and where the label sits", async () => {
    const rooms = texts(2, "room");
    const number = rooms.find((t) => /^\d\.\d\d$/.test(t.text))!;
    const area = texts(2, "area").sort((a, b) => Math.abs(a.bboxNorm[0] - number.bboxNorm[0]) + Math.abs(a.bboxNorm[1] - number.bboxNorm[1]) - (Math.abs(b.bboxNorm[0] - number.bboxNorm[0]) + Math.abs(b.bboxNorm[1] - number.bboxNorm[1])))[0]!;
    const { answer, lines } = await keyLines(`Какая площадь помещения ${number.text}?`);
    const first = lines[0]!;
    expect(first).toContain(`${number.text} → ${area.text}`);
    expect(first).toContain(`[${plan(2).id}], стр. 2`);
    expect(first).toMatch(/сектор [A-C][1-3] \(x 0\.\d{3}, y 0\.\d{3}\)/);
    const [x, y] = /x (0\.\d+), y (0\.\d+)/.exec(first)!.slice(1).map(Number);
    expect(Math.abs(x! - (number.bboxNorm[0] + number.bboxNorm[2]) / 2)).toBeLessThan(0.01);
    expect(Math.abs(y! - (number.bboxNorm[1] + number.bboxNorm[3]) / 2)).toBeLessThan(0.01);
    // a generic word of the question (`помещения`) names no label while a code does
    expect(lines.filter((l) => l.startsWith("- на чертеже")).every((l) => l.includes(number.text))).toBe(true);
    expect(answer.citations.some((c) => c.block_id === plan(2).id)).toBe(true);
  });

  it("gives the area of a room named by its name, one line per room of that name", async () => {
    const named = texts(2, "room").filter((t) => t.text === "Ванная");
    const { lines } = await keyLines("Какая площадь ванной на 2 этаже?");
    const quoted = lines.filter((l) => l.startsWith("- на чертеже: Ванная → "));
    expect(quoted).toHaveLength(named.length);
    for (const line of quoted) expect(texts(2, "area").map((t) => t.text)).toContain(/→ ([\d,]+)/.exec(line)![1]);
  });

  it("gives a floor's level mark from the plan when nothing on it is named", async () => {
    const level = texts(2, "elevation")[0]!.text;
    const { lines } = await keyLines("Какая отметка чистого пола 2 этажа?");
    expect(lines.some((l) => l.startsWith(`- на чертеже: ${level}, сектор`) && l.includes(`[${plan(2).id}]`))).toBe(true);
  });

  it("quotes a named label's nearest neighbours when no kind of value is asked", async () => {
    const number = texts(1, "room").find((t) => /^\d\.\d\d$/.test(t.text))!;
    const { lines } = await keyLines(`Что указано у помещения ${number.text}?`);
    expect(lines[0]).toMatch(new RegExp(`^- на чертеже: ${number.text.replace(".", "\\.")} \\(рядом: [^)]*\\d+,\\d\\d`));
  });
});

describe("evidence-only answers quote the labels OCR read on a drawing", () => {
  // a plan without a text layer: its drawing block has no text, OCR read its labels into TEXT blocks of their own
  it("gives a room's area from the OCR'd label next to its number, with the drawing's block and where it sits", async () => {
    const ocrWorld = new AgentWorld();
    const documentId = "ocr-plan";
    const page = { number: 1, width: 2384, height: 1684, rotation: 0, needsOcr: true, ocrEngine: "tesseract" };
    await ocrWorld.store.saveDocument(
      { id: documentId, ownerId: OWNER, name: "План-скан.pdf", sourceKind: "pdf", sourceVersion: "scan", pageCount: 1, pages: [page], createdAt: "2026-12-03T00:00:00Z" },
      [
        { id: "DRAW-0000-001", documentId, kind: "IMAGE", page: 1, bboxNorm: [0.02, 0.02, 0.98, 0.9], text: "", source: "text-layer", ordinal: 0 },
        ocrText("OCR0-0000-001", 1, "2.02\nКухня\n20,09", [[0.3, 0.2, 0.32, 0.21], [0.295, 0.212, 0.325, 0.222], [0.3, 0.224, 0.32, 0.234]]),
        ocrText("OCR0-0000-002", 2, "2.03\nСпальня\n16,74", [[0.6, 0.2, 0.62, 0.21], [0.59, 0.212, 0.63, 0.222], [0.6, 0.224, 0.62, 0.234]]),
        // outside the drawing (the title block): no label of it
        ocrText("OCR0-0000-003", 3, "2.02 этап", [[0.9, 0.95, 0.95, 0.96]]),
      ],
    );
    const events = await collectEvents(new AskService(ocrWorld.deps(undefined)).ask({ question: "Какая площадь помещения 2.02?", documentIds: [documentId] }));
    const answer = events.flatMap((e) => (e.type === "completed" && e.answer ? [e.answer] : []))[0]!;
    const lines = (answer.answer_markdown.split(/^### /m).find((s) => s.startsWith("Ключевые строки")) ?? "").split("\n").filter((l) => l.startsWith("- на чертеже"));
    expect(lines).toEqual(["- на чертеже: 2.02 → 20,09 (рядом: Кухня), сектор A1 (x 0.310, y 0.205) — [DRAW-0000-001], стр. 1"]);
  });
});

function ocrText(id: string, ordinal: number, text: string, lineBoxes: number[][]): Block {
  const bboxNorm = [Math.min(...lineBoxes.map((b) => b[0]!)), Math.min(...lineBoxes.map((b) => b[1]!)), Math.max(...lineBoxes.map((b) => b[2]!)), Math.max(...lineBoxes.map((b) => b[3]!))] as Block["bboxNorm"];
  return { id, documentId: "ocr-plan", kind: "TEXT", page: 1, bboxNorm, text, source: "ocr:tesseract", confidence: 0.9, ordinal, meta: { [LABEL_BOXES_META]: packLabelBoxes(lineBoxes) } };
}
