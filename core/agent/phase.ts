import type { Phase, StreamEvent } from "../domain/stream-event.js";
import type { AgentRun } from "./agent-run.js";

export type Step<T> = AsyncGenerator<StreamEvent, T, undefined>;

/** Wraps a step in `phase_started` / `phase_completed` and books its wall time under the phase name. */
export async function* phase<T>(run: AgentRun, name: Phase, description: string, body: () => Step<T> | Promise<T>): Step<T> {
  run.throwIfAborted();
  yield { type: "phase_started", phase: name, description };
  const t0 = run.now();
  const started = body();
  const result = isStep(started) ? yield* started : await started;
  run.timings[name] = (run.timings[name] ?? 0) + (run.now() - t0);
  yield { type: "phase_completed", phase: name };
  return result;
}

export function progress(name: Phase, message: string, current?: number, total?: number): StreamEvent {
  return { type: "phase_progress", phase: name, message, ...(current !== undefined ? { current } : {}), ...(total !== undefined ? { total } : {}) };
}

function isStep<T>(value: Step<T> | Promise<T>): value is Step<T> {
  return typeof (value as Partial<Step<T>>)[Symbol.asyncIterator] === "function";
}
