import { beforeAll, describe, expect, it } from "vitest";
import { resolveAgentSettings } from "../../core/agent/agent-settings.js";
import { runAgent } from "../../core/agent/run-agent.js";
import type { Block } from "../../core/domain/block.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import type { ModelLimits } from "../../core/ports/language-model.js";
import { ScriptedLanguageModel, type RecordedModelCall, type ScriptedStep } from "../../core/ports/testing/scripted-language-model.js";
import { AgentWorld, type IngestedSet } from "./agent-harness.js";

let world: AgentWorld;
let set: IngestedSet;

beforeAll(async () => {
  world = new AgentWorld();
  set = await world.ingest("АР-планы.pdf", { sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "floor-plan", floor: 7 }, { kind: "specification" }], seed: 7 });
});

const area = (b: Block) => (b.bboxNorm ? (b.bboxNorm[2] - b.bboxNorm[0]) * (b.bboxNorm[3] - b.bboxNorm[1]) : 0);
const largestDrawing = () => set.blocks.filter((b) => b.page === 1 && b.kind === "IMAGE").sort((a, b) => area(b) - area(a))[0]!;

/** Every answer cites the zoomed images it was sent (so the quality gate is content) until none are left. */
const answering: ScriptedStep = (_request, call) => {
  const labels = [...call.messages[0]!.text.matchAll(/^Image (I\d+) · \w+ of \[([A-Z0-9-]{13})\]/gm)];
  const citations = labels.map(([, image_id, block_id]) => ({ block_id: block_id!, kind: "roi" as const, image_id: image_id! }));
  return { object: { answer_markdown: `Прочитано: ${labels.map((l) => l[1]).join(", ") || "ничего нового"}.`, citations }, chunkSize: 40 };
};

const longHistory = Array.from({ length: 12 }, (_, i) => ({ question: `Вопрос ${i}: какие перемычки над проёмами по осям ${i}–${i + 1}?`, answer: `Ответ ${i}: ${"ПР-1 и ПР-2 по спецификации, ".repeat(60)}` }));

async function run(limits: ModelLimits) {
  const model = new ScriptedLanguageModel(
    [{ object: { intent_type: "element_count", requires_visual_detail: true, focus_areas: ["перемычки"], search_terms: ["ПР-1"] } }, ...Array.from({ length: 6 }, () => answering)],
    { limits },
  );
  const settings = resolveAgentSettings({ budget: { maxContextChars: 60_000, historyChars: 20_000 } });
  const events: StreamEvent[] = [];
  for await (const event of runAgent(world.deps(model), settings, { question: "Сколько перемычек ПР-1 на плане 2 этажа?", documentIds: [set.document.id], history: longHistory })) events.push(event);
  return { model, events };
}

/** A call's size as a server with a stricter tokenizer than the fake's would count it: 3 characters a token. */
const strictTokens = (call: RecordedModelCall, imageTokens: number) =>
  Math.ceil((call.system.length + call.messages.reduce((sum, m) => sum + m.text.length, 0)) / 3) + call.imageCount * imageTokens + (call.request.maxOutputTokens ?? 0);

describe("the agent within a model server's limits", () => {
  it("sends no more images per call than the server takes and fits every call into its context, carrying the rest into later rounds", async () => {
    const limits = { contextTokens: 16_384, maxImagesPerRequest: 2, imageTokens: 1_500 };
    const { model, events } = await run(limits);

    expect(events.filter((e) => e.type === "error")).toEqual([]);
    expect(events.at(-1)?.type).toBe("completed");
    const shown = events.filter((e) => e.type === "image_ready");
    // a large sheet: its overview and four quadrants, more than one call may carry
    expect(shown.length).toBe(5);
    expect(largestDrawing().id).toBe((shown[0] as Extract<StreamEvent, { type: "image_ready" }>).block_id);
    const answers = model.calls.filter((call) => call.method === "stream");
    expect(answers.map((call) => call.imageCount)).toEqual([2, 2, 1]);
    for (const call of model.calls) expect(strictTokens(call, limits.imageTokens), `call ${call.index + 1}`).toBeLessThanOrEqual(limits.contextTokens);
    // the chat history and the quoted blocks were cut to fit, not dropped
    expect(answers[0]!.messages[0]!.text).toContain("Вопрос 11");
    expect(answers[0]!.messages[0]!.text).not.toContain("Вопрос 0:");
    expect(answers[0]!.messages[0]!.text).toContain("⟦DOCUMENT DATA: candidate blocks");
  });

  it("fits a small context by sending one image at a time, with a smaller output budget", async () => {
    const limits = { contextTokens: 8_192, imageTokens: 1_200 };
    const { model, events } = await run(limits);

    expect(events.at(-1)?.type).toBe("completed");
    const answers = model.calls.filter((call) => call.method === "stream");
    expect(Math.max(...answers.map((call) => call.imageCount))).toBe(1);
    for (const call of model.calls) {
      expect(strictTokens(call, limits.imageTokens), `call ${call.index + 1}`).toBeLessThanOrEqual(limits.contextTokens);
      expect(call.request.maxOutputTokens).toBeLessThanOrEqual(2_048);
    }
  });

  it("keeps its own budget where the server states no limits", async () => {
    const { model } = await run({});
    const answers = model.calls.filter((call) => call.method === "stream");
    expect(answers[0]!.imageCount).toBe(5);
    expect(answers[0]!.request.maxOutputTokens).toBe(8_192);
  });
});
