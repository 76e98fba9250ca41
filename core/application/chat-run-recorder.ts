import { randomUUID } from "node:crypto";
import type { ChatTurn } from "../agent/agent-run.js";
import type { Answer } from "../domain/answer.js";
import type { Chat, ChatMessage } from "../domain/chat.js";
import { type DomainErrorJson, notFound } from "../domain/errors.js";
import type { EvidenceImage } from "../domain/evidence.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { ChatStore } from "../ports/chat-store.js";
import type { EvidenceImageStore } from "../ports/evidence-image-store.js";
import type { StreamEventStore } from "../ports/stream-event-store.js";
import type { AizoomdocApi } from "./aizoomdoc-api.js";

/** Where ask runs are recorded: the chat with its messages, the evidence image records and the event log. */
export interface ChatRecordingStores {
  chats: ChatStore;
  images: EvidenceImageStore;
  events: StreamEventStore;
}

export interface ChatRunStart {
  ownerId: string;
  question: string;
  documentIds: string[];
  /** Continue this chat; absent = a new chat titled after the question. */
  chatId?: string;
  /** The question is this user message of the chat, stored when it was posted (the run was queued); absent = store it now. */
  messageId?: string;
  /** The run's id when it was named before the run started (a queued run's stream is open already). */
  runId?: string;
}

/** Messages read back to rebuild a chat's history (the model sees only what fits its character budget). */
const HISTORY_MESSAGES = 40;
const TITLE_CHARS = 80;

/**
 * Records one ask run as a chat turn: the user message first (so a failure never loses the question), every
 * stream event in the run's log as it is forwarded (seq 1, 2, 3… for resuming clients), and one assistant message
 * with the whole structured answer — or, when the run fails or is abandoned, the partial text marked `partial` (or
 * `error` when there is none) — and the run's evidence image records linked to that message, stored before the
 * log's `completed` or `error`.
 */
export class ChatRunRecorder {
  private readonly rendered = new Map<string, EvidenceImage>();
  private readonly shown: EvidenceImage[] = [];
  private answer?: Answer;
  private model?: string;
  private partial = "";
  private failure?: DomainErrorJson;
  private message?: Promise<ChatMessage | undefined>;
  /** The run's event log writes, chained so they keep their order. */
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly stores: ChatRecordingStores,
    private readonly ownerId: string,
    readonly chat: Chat,
    /** Earlier turns of the chat, oldest first. */
    readonly history: ChatTurn[],
    readonly runId: string,
  ) {}

  /** Opens (or creates) the chat and stores the user message; `CHAT.NOT_FOUND` for an unknown or foreign chat. */
  static async open(stores: ChatRecordingStores, start: ChatRunStart): Promise<ChatRunRecorder> {
    const { ownerId, question, documentIds } = start;
    const chat = start.chatId
      ? await stores.chats.getChat(ownerId, start.chatId)
      : await stores.chats.createChat(ownerId, { title: title(question), documentIds });
    try {
      const earlier = start.chatId ? (await stores.chats.listMessages(ownerId, chat.id, { limit: HISTORY_MESSAGES })).messages : [];
      const runId = start.runId ?? randomUUID();
      if (!start.messageId) {
        await stores.chats.appendMessage(ownerId, chat.id, { role: "user", content: question, attachedDocumentIds: documentIds });
        return new ChatRunRecorder(stores, ownerId, chat, turns(earlier), runId);
      }
      // a posted question: the history is what came before it
      const posted = earlier.find((m) => m.id === start.messageId && m.role === "user");
      if (!posted) throw notFound("CHAT.NOT_FOUND", `message ${start.messageId} of chat ${chat.id}`);
      return new ChatRunRecorder(stores, ownerId, chat, turns(earlier.filter((m) => m.seq < posted.seq)), runId);
    } catch (error) {
      // a chat created for this run is not left behind empty
      if (!start.chatId) await stores.chats.deleteChat(ownerId, chat.id).catch(() => undefined);
      throw error;
    }
  }

  /** The evidence use case with every rendered record noted, so the images shown can be stored whole. */
  watching(evidence: Pick<AizoomdocApi, "render">): Pick<AizoomdocApi, "render"> {
    return {
      render: async (spec) => {
        const result = await evidence.render(spec);
        this.rendered.set(result.image.id, result.image);
        return result;
      },
    };
  }

  /**
   * Appends the event to the run's log (in order: seq follows the order of calls) and notes what the final message
   * needs. Resolves once the event is stored — except for tokens: an insert costs a few ms, so tokens are written
   * behind the stream and the next other event (at the latest `completed` or `error`) waits for them. A failed
   * write surfaces there.
   */
  record(event: StreamEvent): Promise<void> {
    this.note(event);
    // the answer (or the partial one) is stored before the log says the run ended, so whoever sees the run end finds
    // it in the chat (a replaced run stores none, and its log has ended already)
    if (event.type === "completed" || event.type === "error") return this.finish().then((message) => (message ? this.append(event) : undefined));
    return this.append(event);
  }

  private append(event: StreamEvent): Promise<void> {
    this.tail = this.tail.then(async () => void (await this.stores.events.append(this.ownerId, this.runId, event, { chatId: this.chat.id })));
    if (event.type === "llm_token" || event.type === "llm_thinking") {
      this.tail.catch(() => undefined);
      return Promise.resolve();
    }
    return this.tail;
  }

  private note(event: StreamEvent): void {
    switch (event.type) {
      case "image_ready": {
        const image = this.rendered.get(event.image_id);
        // the run names quadrants itself; the evidence service stores them as regions
        if (image && !this.shown.some((i) => i.id === image.id)) this.shown.push({ ...image, kind: event.kind });
        break;
      }
      case "llm_token":
        if (event.accumulated !== undefined) this.partial = event.accumulated;
        break;
      case "llm_final":
        this.model = event.model;
        break;
      case "completed":
        this.answer = event.answer;
        break;
      case "error":
        this.failure = event.error;
        if (event.partial_answer) this.partial = event.partial_answer;
        break;
    }
  }

  /** The text a failed run got to, for the caller's own `error` event. */
  get partialAnswer(): string {
    return this.partial;
  }

  /**
   * Stores the assistant message once (later calls return the same one): the answer when the run completed,
   * otherwise the partial text with `failure` (or the run's own error, or a cancellation when there is neither).
   */
  finish(failure?: DomainErrorJson): Promise<ChatMessage | undefined> {
    this.message ??= this.store(failure);
    return this.message;
  }

  /** True when the run was replaced while it ran (`ChatRunService.compareLatestQuestion`): its answer is not the chat's. */
  private async replaced(): Promise<boolean> {
    for (let after = 0; ; ) {
      const batch = await this.stores.events.listAfter(this.ownerId, this.runId, after, 1_000);
      if (batch.some(({ event }) => event.type === "error" && typeof event.error.details?.replacedBy === "string")) return true;
      if (batch.length < 1_000) return false;
      after = batch.at(-1)!.seq;
    }
  }

  private async store(failure?: DomainErrorJson): Promise<ChatMessage | undefined> {
    const { chats, images } = this.stores;
    // the log's last writes first (a failed one is already reported to the caller); then the message
    await this.tail.catch(() => undefined);
    if (await this.replaced()) return undefined;
    const answer = failure ? undefined : this.answer;
    const message = answer
      ? await chats.appendMessage(this.ownerId, this.chat.id, {
          role: "assistant",
          content: answer.answer_markdown,
          messageType: answer.mode === "evidence_only" ? "evidence_only" : "answer",
          answer,
          ...(this.model ? { model: this.model } : {}),
          status: "complete",
        })
      : await chats.appendMessage(this.ownerId, this.chat.id, {
          role: "assistant",
          content: this.partial,
          messageType: "answer",
          ...(this.model ? { model: this.model } : {}),
          status: this.partial ? "partial" : "error",
          error: failure ?? this.failure ?? { code: "OPERATION.CANCELLED", message: "the answer run stopped before it finished" },
        });
    for (const image of this.shown) await images.saveImage(this.ownerId, image, { chatId: this.chat.id, messageId: message.id });
    return message;
  }
}

function title(question: string): string {
  const flat = question.replace(/\s+/g, " ").trim();
  return flat.length > TITLE_CHARS ? `${flat.slice(0, TITLE_CHARS - 1)}…` : flat;
}

/** Question/answer pairs of a chat's messages (oldest first); a question whose run left no text still counts. */
function turns(messages: readonly ChatMessage[]): ChatTurn[] {
  const result: ChatTurn[] = [];
  for (const message of messages) {
    if (message.role === "user") result.push({ question: message.content, answer: "" });
    else if (message.role === "assistant" && result.length > 0 && !result.at(-1)!.answer) result.at(-1)!.answer = message.content;
  }
  return result;
}
