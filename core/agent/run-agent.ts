import { DomainError } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { AgentDeps } from "./agent-deps.js";
import { AgentRun, type AskInput } from "./agent-run.js";
import type { AgentSettings } from "./agent-settings.js";
import { compareDocuments } from "./compare.js";
import { evidenceOnly } from "./evidence-only.js";
import { fitBudgetToModel } from "./fit-budget-to-model.js";
import { llmAnswer } from "./llm-answer.js";

/**
 * Runs one question through the evidence pipeline and streams its events. Whatever fails ends the stream with a
 * single `error` event that keeps the answer text produced so far; cancellation via the input's signal.
 */
export async function* runAgent(deps: AgentDeps, settings: AgentSettings, input: AskInput): AsyncGenerator<StreamEvent, void, undefined> {
  // the model server's limits (images per request, context length) bound the run's budget before anything is sent
  const run = new AgentRun(deps, deps.model ? fitBudgetToModel(settings, deps.model.limits, input.question) : settings, input);
  try {
    if (input.question.trim().length === 0) throw new DomainError("VALIDATION.INVALID_INPUT", "the question is empty");
    if (input.compare) yield* compareDocuments(run);
    else if (deps.model) yield* llmAnswer(run);
    else yield* evidenceOnly(run);
  } catch (error) {
    const json = DomainError.isInstance(error)
      ? error.toJSON()
      : { code: "INTERNAL" as const, message: error instanceof Error ? error.message : String(error) };
    yield { type: "error", error: json, ...(run.partialAnswer ? { partial_answer: run.partialAnswer } : {}) };
  }
}
