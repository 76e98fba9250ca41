import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { ChatMessage } from "../domain/chat.js";
import { invalidInput, notFound } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { ChatStore } from "../ports/chat-store.js";
import type { StoredStreamEvent, StreamEventStore } from "../ports/stream-event-store.js";

/** A posted question waiting for its answer: what the worker needs to answer it as its owner. */
export interface AnswerJob {
  ownerId: string;
  chatId: string;
  messageId: string;
  runId: string;
  question: string;
  documentIds: string[];
  compare?: { a: string[]; b: string[] };
}

/** Where posted questions wait for a worker (bounded, fair between users); `QUEUE.FULL` when it is. */
export interface AnswerQueue {
  submit(job: AnswerJob): Promise<{ position: number; estimatedWaitSeconds?: number }>;
}

export interface ChatRunServiceDeps {
  ownerId: string;
  chats: ChatStore;
  events: StreamEventStore;
  answers: AnswerQueue;
  /** How often a follower looks for new events of a live run (they are stored before anyone sees them). */
  pollMs?: number;
}

export interface PostedMessage {
  message: ChatMessage;
  runId: string;
  position: number;
}

export interface PostMessageRequest {
  content: string;
  documentIds?: string[];
  compare?: { a: string[]; b: string[] };
}

const ENDS_A_RUN = new Set<StreamEvent["type"]>(["completed", "error"]);

/**
 * Questions posted to a chat and answered off the request (DESIGN §7): posting stores the user message, names the
 * run and queues it, and returns at once; the answer's events are stored under the run as they happen, so any number
 * of followers read them from any point (`after`), live until the run ends, and a reconnecting client gets exactly
 * what it missed.
 */
export class ChatRunService {
  constructor(private readonly deps: ChatRunServiceDeps) {}

  async postMessage(chatId: string, request: PostMessageRequest): Promise<PostedMessage> {
    const { ownerId, chats, events, answers } = this.deps;
    if (typeof request?.content !== "string" || request.content.trim().length === 0) throw invalidInput("the message is empty", { field: "content" });
    const chat = await chats.getChat(ownerId, chatId);
    const documentIds = request.documentIds ?? [];
    const message = await chats.appendMessage(ownerId, chat.id, { role: "user", content: request.content, attachedDocumentIds: documentIds });
    const runId = randomUUID();
    const queued = await answers.submit({
      ownerId,
      chatId: chat.id,
      messageId: message.id,
      runId,
      question: request.content,
      documentIds,
      ...(request.compare ? { compare: request.compare } : {}),
    });
    // the run's log starts with its place in line, so a stream opened now shows it at once
    await events.append(ownerId, runId, { type: "queue_position", position: queued.position, estimated_wait_seconds: queued.estimatedWaitSeconds ?? 0 }, { chatId: chat.id });
    return { message, runId, position: queued.position };
  }

  /** The chat's latest run (the answer being given, or the last one); `CHAT.NOT_FOUND` for a foreign chat. */
  async latestRun(chatId: string): Promise<string | undefined> {
    await this.deps.chats.getChat(this.deps.ownerId, chatId);
    return this.deps.events.latestRun(this.deps.ownerId, chatId);
  }

  /**
   * The run's events after `after`, in order, each once; it follows a live run until its `completed` or `error`
   * event, or until `signal` aborts. A run that is not the caller's is `CHAT.NOT_FOUND`.
   */
  async *runEvents(runId: string, options: { after?: number; signal?: AbortSignal } = {}): AsyncGenerator<StoredStreamEvent> {
    const { ownerId, events, pollMs = 100 } = this.deps;
    let after = options.after ?? 0;
    if (!Number.isInteger(after) || after < 0) throw invalidInput("after: expected the id of the last event received (a whole number ≥ 0)");
    // the event a resuming client saw last (or, from the start, the first): the run must be the caller's
    const [known] = await events.listAfter(ownerId, runId, Math.max(0, after - 1), 1);
    if (!known) throw notFound("CHAT.NOT_FOUND", `run ${runId}`);
    if (after > 0 && ENDS_A_RUN.has(known.event.type)) return;
    for (;;) {
      options.signal?.throwIfAborted();
      const batch = await events.listAfter(ownerId, runId, after);
      for (const stored of batch) {
        after = stored.seq;
        yield stored;
        if (ENDS_A_RUN.has(stored.event.type)) return;
      }
      if (batch.length === 0) await delay(pollMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
