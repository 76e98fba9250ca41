import type { AgentDeps } from "../agent/agent-deps.js";
import { type AgentSettingsInput, resolveAgentSettings } from "../agent/agent-settings.js";
import { runAgent } from "../agent/run-agent.js";
import { DomainError } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { AizoomdocApi, AskRequest } from "./aizoomdoc-api.js";

export interface AskServiceDeps extends AgentDeps {
  /** The user's saved settings; a request's own overrides win. */
  settings?: AgentSettingsInput;
}

/**
 * The `ask` use case: one question → a stream of events. With a language model bound it runs the model
 * pipeline (profile simple or complex); without one it runs evidence-only mode.
 */
export class AskService implements Pick<AizoomdocApi, "ask"> {
  constructor(private readonly deps: AskServiceDeps) {}

  /** True when answers come from a model; false means evidence-only mode. */
  get hasModel(): boolean {
    return this.deps.model !== undefined;
  }

  ask(request: AskRequest): AsyncIterable<StreamEvent> {
    const { settings: saved, ...deps } = this.deps;
    return (async function* () {
      let settings;
      try {
        settings = resolveAgentSettings(saved, request.profile ? { profile: request.profile } : undefined, request.settings);
      } catch (error) {
        yield { type: "error", error: DomainError.isInstance(error) ? error.toJSON() : { code: "INTERNAL", message: String(error) } } satisfies StreamEvent;
        return;
      }
      yield* runAgent(deps, settings, {
        question: request.question,
        documentIds: request.documentIds,
        ...(request.compare ? { compare: request.compare } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    })();
  }
}
