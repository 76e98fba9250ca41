import { beforeAll, describe, expect, it } from "vitest";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { ScriptedLanguageModel } from "../../core/ports/testing/scripted-language-model.js";
import { AgentWorld, type IngestedSet, collectEvents } from "../agent/agent-harness.js";
import { AskService } from "../../core/application/ask-service.js";

let world: AgentWorld;
let set: IngestedSet;
beforeAll(async () => {
  world = new AgentWorld();
  set = await world.ingest("set.pdf", { sheets: [{ kind: "floor-plan", floor: 2 }], seed: 5 });
});

const intent = { object: { intent_type: "general_analysis", requires_visual_detail: false } };
const last = (events: StreamEvent[]) => events.at(-1)!;

describe("AskService", () => {
  it("applies the selected role and the saved settings, with request overrides winning", async () => {
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), settings: { role: "economist", temperature: 0.7, budget: { maxOutputTokens: 2048 } } });
    const events = await collectEvents(service.ask({ question: "Сколько перемычек?", documentIds: [set.document.id], settings: { temperature: 0.2 } }));
    expect(last(events).type).toBe("completed");
    const answerCall = model.calls[1]!;
    expect(answerCall.system).toContain("Role: a construction cost engineer");
    expect(model.calls[0]!.system).not.toContain("Role:");
    expect(answerCall.request).toMatchObject({ temperature: 0.2, maxOutputTokens: 2048, tier: "fast" });
  });

  it("uses a user's own role text instead of a bundled role", async () => {
    const model = new ScriptedLanguageModel([intent, { object: { answer_markdown: "ok" } }]);
    const service = new AskService({ ...world.deps(model), settings: { role: "economist", roleText: "Ты технадзор заказчика." } });
    await collectEvents(service.ask({ question: "Сколько перемычек?", documentIds: [set.document.id] }));
    expect(model.calls[1]!.system).toContain("Role chosen by the user");
    expect(model.calls[1]!.system).toContain("Ты технадзор заказчика.");
    expect(model.calls[1]!.system).not.toContain("cost engineer");
  });

  it("ends with one error event for invalid settings, an unknown role or an unknown document", async () => {
    const model = new ScriptedLanguageModel([intent, intent]);
    const service = new AskService(world.deps(model));
    const bad = await collectEvents(service.ask({ question: "q", documentIds: [], settings: { budget: { maxRounds: 0 } } }));
    expect(bad).toEqual([{ type: "error", error: expect.objectContaining({ code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining("budget.maxRounds") }) }]);
    const role = await collectEvents(service.ask({ question: "q", documentIds: [set.document.id], settings: { role: "astronaut" } }));
    expect(last(role)).toMatchObject({ type: "error", error: { code: "VALIDATION.INVALID_INPUT", message: expect.stringContaining("role-astronaut") } });
    const missing = await collectEvents(service.ask({ question: "q", documentIds: ["no-such-document"] }));
    expect(missing).toEqual([{ type: "error", error: expect.objectContaining({ code: "DOCUMENT.NOT_FOUND" }) }]);
  });
});
