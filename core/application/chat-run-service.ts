import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { ChatMessage, ComparePair } from "../domain/chat.js";
import { DomainError, type DomainErrorJson, invalidInput, notFound } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { ChatStore } from "../ports/chat-store.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { RunEventSignals } from "../ports/run-event-signals.js";
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
  /** Queues the job under its `runId`. */
  submit(job: AnswerJob): Promise<{ position: number; estimatedWaitSeconds?: number }>;
  /** Cancels the owner's run: it never starts, or its worker's signal aborts; `ended` when it had ended already. */
  cancel(ownerId: string, runId: string): Promise<"cancelled-waiting" | "cancelled-running" | "ended">;
}

export interface ChatRunServiceDeps {
  ownerId: string;
  chats: ChatStore;
  /** A question's documents must be the poster's: another user's id is `DOCUMENT.NOT_FOUND` before anything is stored. */
  documents: Pick<DocumentStore, "getDocument">;
  events: StreamEventStore;
  answers: AnswerQueue;
  /** Wakes a follower when its run's events are appended; without it followers find them by polling alone. */
  signals?: RunEventSignals;
  /**
   * How often a follower looks for new events of a live run (they are stored before anyone sees them). Default 100 ms,
   * or 1 000 ms with `signals`: appends the signals carry wake it at once, the poll only finds those they do not.
   */
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
  /** Compare mode: the documents of side A with those of side B (both non-empty). */
  compare?: ComparePair;
  /**
   * The client's key for this question (an Idempotency-Key): posted again with it after a lost reply, the question is
   * the one stored before, with the same run, instead of a second question with a second answer.
   */
  clientMessageId?: string;
}

const sameSides = (stored: ComparePair | undefined, wanted: ComparePair) =>
  stored !== undefined && [...stored.a].sort().join() === [...wanted.a].sort().join() && [...stored.b].sort().join() === [...wanted.b].sort().join();

/** How long an ended run's answer may be missing (the recorder stores it before the run's last event, unless its worker died between). */
const ANSWER_STORE_WAIT_MS = 2_000;

const ENDS_A_RUN = new Set<StreamEvent["type"]>(["completed", "error"]);

/**
 * Questions posted to a chat and answered off the request (DESIGN §7): posting stores the user message, names the
 * run and queues it, and returns at once; the answer's events are stored under the run as they happen, so any number
 * of followers read them from any point (`after`), live until the run ends, and a reconnecting client gets exactly
 * what it missed.
 */
export class ChatRunService {
  private readonly pollMs: number;

  constructor(private readonly deps: ChatRunServiceDeps) {
    this.pollMs = deps.pollMs ?? (deps.signals ? 1_000 : 100);
  }

  async postMessage(chatId: string, request: PostMessageRequest): Promise<PostedMessage> {
    const { ownerId, chats, events, answers } = this.deps;
    if (typeof request?.content !== "string" || request.content.trim().length === 0) throw invalidInput("the message is empty", { field: "content" });
    const documentIds = request.documentIds ?? [];
    for (const id of new Set([...documentIds, ...(request.compare?.a ?? []), ...(request.compare?.b ?? [])])) await this.deps.documents.getDocument(ownerId, id);
    const runId = randomUUID();
    // appending checks the chat is the owner's (`CHAT.NOT_FOUND`): no read of it first
    const message = await chats.appendMessage(ownerId, chatId, {
      role: "user",
      content: request.content,
      attachedDocumentIds: documentIds,
      ...(request.compare ? { compare: request.compare } : {}),
      ...(request.clientMessageId ? { clientMessageId: request.clientMessageId } : {}),
      runId,
    });
    if (message.runId && message.runId !== runId) {
      if (message.content !== request.content) throw invalidInput("this Idempotency-Key was already used for another question: send a new key with a new question", { field: "clientMessageId" });
      return this.postedBefore(message, message.runId);
    }
    let queued: { position: number; estimatedWaitSeconds?: number };
    try {
      queued = await answers.submit({
        ownerId,
        chatId: message.chatId,
        messageId: message.id,
        runId,
        question: request.content,
        documentIds,
        ...(request.compare ? { compare: request.compare } : {}),
      });
    } catch (error) {
      // a refused question (the queue full) is taken back, so the client's retry stores it once
      await chats.withdrawLatestMessage(ownerId, message.chatId, message.id).catch(() => undefined);
      throw error;
    }
    // the run's log starts with its place in line, so a stream opened now shows it at once
    await events.append(ownerId, runId, { type: "queue_position", position: queued.position, estimated_wait_seconds: queued.estimatedWaitSeconds ?? 0 }, { chatId: message.chatId });
    return { message, runId, position: queued.position };
  }

  /** A question posted again with its key: the run it started then, and the place in line that run was given. */
  private async postedBefore(message: ChatMessage, runId: string): Promise<PostedMessage> {
    const [first] = await this.deps.events.listAfter(this.deps.ownerId, runId, 0, 1);
    return { message, runId, position: first?.event.type === "queue_position" ? first.event.position : 0 };
  }

  /**
   * Cancels the chat's latest run if it has not ended; true when it was cancelled. A run cancelled before it started
   * ends here, with an `error` event and an assistant message saying so; a running one is ended by its worker.
   */
  async cancelLatestRun(chatId: string): Promise<boolean> {
    const { ownerId, chats, events, answers } = this.deps;
    const runId = await this.latestRun(chatId);
    if (!runId || (await this.hasEnded(runId))) return false;
    const outcome = await answers.cancel(ownerId, runId);
    if (outcome === "cancelled-waiting") {
      const error = new DomainError("OPERATION.CANCELLED", "the question was cancelled before its answer started").toJSON();
      await events.append(ownerId, runId, { type: "error", error }, { chatId });
      await chats.appendMessage(ownerId, chatId, { role: "assistant", content: "", messageType: "answer", status: "error", error });
    }
    return outcome !== "ended";
  }

  /**
   * Makes the chat's latest question a comparison of `compare.a` with `compare.b` (the Python client names compare
   * mode only on the stream it opens after posting, and our runs start at the post): the question is asked again
   * with the two sides. A run still under way ends, replaced (its log's last event names the replacement, so its
   * worker stores nothing); an answer already given to it as a plain question is taken back with it. Returns the run
   * to follow: the replacement, or the latest run when the question compares these sides already.
   */
  async compareLatestQuestion(chatId: string, compare: ComparePair): Promise<string | undefined> {
    const { ownerId, chats } = this.deps;
    const runId = await this.latestRun(chatId);
    if (!runId) return undefined;
    for (const deadline = Date.now() + ANSWER_STORE_WAIT_MS; ; await delay(20)) {
      const ended = await this.hasEnded(runId);
      const [before, last] = (await chats.listMessages(ownerId, chatId, { limit: 2 })).messages.slice(-2).reduce<[ChatMessage?, ChatMessage?]>((pair, m) => [pair[1], m], [undefined, undefined]);
      const question = last?.role === "user" ? last : before?.role === "user" ? before : undefined;
      if (!question || sameSides(question.compare, compare)) return runId;
      if (!ended && last === question) {
        // an answer stored meanwhile is the latest message: then look again
        if (await chats.withdrawLatestMessage(ownerId, chatId, question.id)) return this.askAsComparison(chatId, question, compare, runId);
      } else if (ended && last !== question) {
        if ((await chats.withdrawLatestMessage(ownerId, chatId, last!.id)) && (await chats.withdrawLatestMessage(ownerId, chatId, question.id))) {
          return this.askAsComparison(chatId, question, compare);
        }
      } else if (Date.now() > deadline) {
        // an ended run whose answer never came (its worker died storing it): the question is asked again
        if (await chats.withdrawLatestMessage(ownerId, chatId, question.id)) return this.askAsComparison(chatId, question, compare);
      }
    }
  }

  /** Posts the withdrawn question again with its sides; `replacing`, a run still under way, then ends. */
  private async askAsComparison(chatId: string, question: ChatMessage, compare: ComparePair, replacing?: string): Promise<string> {
    const ask = { content: question.content, documentIds: question.attachedDocumentIds };
    let replacement: PostedMessage;
    try {
      replacement = await this.postMessage(chatId, { ...ask, compare });
    } catch (error) {
      // the queue refused the comparison: the question is kept, and a replaced run says why it stopped
      await this.deps.chats.appendMessage(this.deps.ownerId, chatId, { role: "user", content: ask.content, attachedDocumentIds: ask.documentIds });
      if (replacing) await this.endReplaced(chatId, replacing, DomainError.isInstance(error) ? error.toJSON() : { code: "INTERNAL", message: String(error) });
      throw error;
    }
    if (replacing) await this.endReplaced(chatId, replacing, new DomainError("OPERATION.CANCELLED", `replaced by run ${replacement.runId}, which compares the documents`, { details: { replacedBy: replacement.runId } }).toJSON());
    return replacement.runId;
  }

  /** Ends a replaced run: its last event first (so its worker, if it started, stores no answer), then its job. */
  private async endReplaced(chatId: string, runId: string, error: DomainErrorJson): Promise<void> {
    await this.deps.events.append(this.deps.ownerId, runId, { type: "error", error }, { chatId });
    await this.deps.answers.cancel(this.deps.ownerId, runId);
  }

  /** True once the run's log holds its `completed` or `error` event (a worker given the run again answers nothing twice). */
  async hasEnded(runId: string): Promise<boolean> {
    const { ownerId, events } = this.deps;
    for (let after = 0; ; ) {
      const batch = await events.listAfter(ownerId, runId, after, 1_000);
      if (batch.some((stored) => ENDS_A_RUN.has(stored.event.type))) return true;
      if (batch.length < 1_000) return false;
      after = batch.at(-1)!.seq;
    }
  }

  /**
   * Waits (up to `timeoutMs`) until the run's log has its first event, the `queue_position` its poster appends right
   * after queueing it: a worker fast enough to beat that append would otherwise put its events before it.
   */
  async awaitQueued(runId: string, timeoutMs = 2_000): Promise<void> {
    const { ownerId, events } = this.deps;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const appended = this.nextAppend(runId, Math.min(this.pollMs, 20, deadline - Date.now()));
      if ((await events.listAfter(ownerId, runId, 0, 1)).length > 0) return;
      await appended;
    }
  }

  /** The chat's latest run (the answer being given, or the last one); `CHAT.NOT_FOUND` for a foreign chat. */
  async latestRun(chatId: string): Promise<string | undefined> {
    // a run found is of the owner's chat (events are stored with their chat and owner, and go with the chat), so the
    // chat is only looked up when it has none: one query less on every stream opened
    const runId = await this.deps.events.latestRun(this.deps.ownerId, chatId);
    if (runId === undefined) await this.deps.chats.getChat(this.deps.ownerId, chatId);
    return runId;
  }

  /**
   * The run's events after `after`, in order, each once; it follows a live run until its `completed` or `error`
   * event, or until `signal` aborts. A run that is not the caller's is `CHAT.NOT_FOUND`.
   */
  async *runEvents(runId: string, options: { after?: number; signal?: AbortSignal } = {}): AsyncGenerator<StoredStreamEvent> {
    const { ownerId, events } = this.deps;
    let after = options.after ?? 0;
    if (!Number.isInteger(after) || after < 0) throw invalidInput("after: expected the id of the last event received (a whole number ≥ 0)");
    // read from the event a resuming client saw last (or, from the start, the first): the run must be the caller's
    const first = await events.listAfter(ownerId, runId, Math.max(0, after - 1));
    const [known] = first;
    if (!known) throw notFound("CHAT.NOT_FOUND", `run ${runId}`);
    if (after > 0 && ENDS_A_RUN.has(known.event.type)) return;
    let batch = first.filter((stored) => stored.seq > after);
    // ends the wait still pending when the follower stops, rather than leave it to its timeout
    const stopped = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stopped.signal]) : stopped.signal;
    let appended: Promise<void> | undefined;
    try {
      for (;;) {
        options.signal?.throwIfAborted();
        for (const stored of batch) {
          // a caller that aborted while holding an event gets no more of the batch
          options.signal?.throwIfAborted();
          after = stored.seq;
          yield stored;
          if (ENDS_A_RUN.has(stored.event.type)) return;
        }
        // the wait starts before the read, so an append the read misses still ends it; kept until it ends
        appended ??= this.nextAppend(runId, this.pollMs, signal).then(() => void (appended = undefined));
        batch = await events.listAfter(ownerId, runId, after);
        if (batch.length === 0) await appended;
      }
    } finally {
      stopped.abort();
    }
  }

  /** Resolves when the run may have new events: woken by the signals, else after `timeoutMs` (or when `signal` aborts). */
  private nextAppend(runId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const { signals } = this.deps;
    if (signals) return signals.wait(runId, { timeoutMs, ...(signal ? { signal } : {}) });
    return delay(timeoutMs, undefined, signal ? { signal } : {}).catch(() => undefined);
  }
}
