import type { AgentDeps } from "../agent/agent-deps.js";
import type { AskInput } from "../agent/agent-run.js";
import { type AgentSettings, type AgentSettingsInput, resolveAgentSettings } from "../agent/agent-settings.js";
import { runAgent } from "../agent/run-agent.js";
import { DomainError, type DomainErrorJson, invalidInput } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { DialogLog } from "../ports/dialog-log.js";
import type { LanguageModel } from "../ports/language-model.js";
import type { SettingsService } from "./settings-service.js";
import type { AizoomdocApi, AskRequest } from "./aizoomdoc-api.js";
import { ChatRunRecorder, type ChatRecordingStores } from "./chat-run-recorder.js";
import { dialogLogged } from "./dialog-logged-model.js";

export interface AskServiceDeps extends AgentDeps {
  /** The user the runs act for: their chats, settings and key. */
  ownerId: string;
  /** Defaults under everything else (the host's own choices). */
  settings?: AgentSettingsInput;
  /** The owner's stored settings (role resolved, own API key opened), read at every run, under the request's overrides. */
  userSettings?: Pick<SettingsService, "runSettings">;
  /**
   * True when the model adapter has no key of its own (no deployment key): a run of a user without a key of their
   * own is then evidence-only instead of failing on the first call.
   */
  modelNeedsUserKey?: boolean;
  /** The model at a user's own server (their stored base URL); absent = users' servers are not served. */
  modelAt?: (baseUrl: string) => LanguageModel;
  /** Records every run as a chat turn (messages, evidence images, event log); absent = runs are not kept. */
  chats?: ChatRecordingStores;
  /** Opt-in: every model call of a recorded run goes to its chat's dialog log, secrets redacted. */
  dialogLog?: DialogLog;
}

const errorJson = (error: unknown): DomainErrorJson =>
  DomainError.isInstance(error) ? error.toJSON() : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };

/**
 * The `ask` use case: one question → a stream of events. With a language model bound it runs the model
 * pipeline (profile simple or complex); without one it runs evidence-only mode. With chat stores every run is
 * recorded as a turn of a chat (a new one, or `request.chatId` whose earlier turns the model then sees).
 */
export class AskService implements Pick<AizoomdocApi, "ask"> {
  constructor(private readonly deps: AskServiceDeps) {}

  ask(request: AskRequest): AsyncIterable<StreamEvent> {
    return this.run(request);
  }

  /**
   * Answers a question posted to a chat earlier (its user message is stored, its run named): the queued half of
   * posting a message. The run's events go to the named run's log.
   */
  answerPosted(request: AskRequest & { chatId: string }, posted: { messageId: string; runId: string }): AsyncIterable<StreamEvent> {
    return this.run(request, posted);
  }

  private run(request: AskRequest, posted?: { messageId: string; runId: string }): AsyncIterable<StreamEvent> {
    const { settings: defaults, userSettings, modelNeedsUserKey = false, modelAt, chats, dialogLog, ownerId, ...agentDeps } = this.deps;
    return (async function* () {
      let settings: AgentSettings;
      let recorder: ChatRunRecorder | undefined;
      let ownServer: string | undefined;
      try {
        // the stored layer resolves the role, the request's own choice included, into a built-in prompt or the user's text
        const { role: requestRole, ...overrides } = request.settings ?? {};
        const { modelBaseUrl, ...stored } = userSettings ? await userSettings.runSettings(requestRole) : requestRole ? { role: requestRole } : {};
        if (modelBaseUrl !== undefined && !modelAt) throw new DomainError("LLM.NOT_CONFIGURED", "your own model server is stored, but this deployment does not serve users' servers");
        ownServer = modelBaseUrl;
        settings = resolveAgentSettings(defaults, stored, request.profile ? { profile: request.profile } : undefined, overrides);
        // checked before a chat is opened for it (the agent checks it too)
        if (request.question.trim().length === 0) throw invalidInput("the question is empty");
        if (chats) {
          recorder = await ChatRunRecorder.open(chats, {
            ownerId,
            question: request.question,
            documentIds: request.documentIds,
            ...(request.chatId ? { chatId: request.chatId } : {}),
            ...(posted ? { messageId: posted.messageId, runId: posted.runId } : {}),
          });
        }
      } catch (error) {
        yield { type: "error", error: errorJson(error) } satisfies StreamEvent;
        return;
      }
      const { model: deploymentModel, ...rest } = agentDeps;
      // a user's own server answers their runs, key or not; the deployment's model needs a key from someone
      const boundModel = ownServer !== undefined && modelAt ? modelAt(ownServer) : deploymentModel;
      const deps: AgentDeps = { ...rest, ...(boundModel && (settings.apiKey || ownServer !== undefined || !modelNeedsUserKey) ? { model: boundModel } : {}) };
      const input: AskInput = {
        question: request.question,
        // a question in a chat without documents of its own is about the chat's documents
        documentIds: request.documentIds.length > 0 || !recorder ? request.documentIds : recorder.chat.documentIds,
        ...(request.compare ? { compare: request.compare } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(recorder && recorder.history.length > 0 ? { history: recorder.history } : {}),
      };
      if (!recorder) {
        yield* runAgent(deps, settings, input);
        return;
      }
      const model =
        deps.model && dialogLog ? dialogLogged(deps.model, { log: dialogLog, chatId: recorder.chat.id, runId: recorder.runId, secrets: [settings.apiKey, ownServer] }) : deps.model;
      yield* recorded(recorder, runAgent({ ...deps, ...(model ? { model } : {}), evidence: recorder.watching(deps.evidence) }, settings, input));
    })();
  }
}

/**
 * Forwards the run's events, each stored in the run's log before it is handed on. A store that fails mid-run
 * stops the run with an `error` event; a consumer that stops listening leaves the partial answer recorded.
 */
async function* recorded(recorder: ChatRunRecorder, run: AsyncGenerator<StreamEvent, void, undefined>): AsyncGenerator<StreamEvent, void, undefined> {
  let settled = false;
  try {
    const started: StreamEvent = { type: "processing_started", chat_id: recorder.chat.id, run_id: recorder.runId };
    await recorder.record(started);
    yield started;
    for await (const event of run) {
      await recorder.record(event);
      yield event;
    }
    await recorder.finish();
    settled = true;
  } catch (error) {
    settled = true;
    const failure = errorJson(error);
    // best effort: the store that failed may refuse this too, and the user message is already kept
    await recorder.finish(failure).catch(() => undefined);
    yield { type: "error", error: failure, ...(recorder.partialAnswer ? { partial_answer: recorder.partialAnswer } : {}) };
  } finally {
    if (!settled) await recorder.finish().catch(() => undefined);
  }
}
