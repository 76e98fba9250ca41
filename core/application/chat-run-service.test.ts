import { describe, expect, it } from "vitest";
import { AnswerSchema } from "../domain/answer.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError, notFound } from "../domain/errors.js";
import type { StreamEvent } from "../domain/stream-event.js";
import { InMemoryChatStore } from "../ports/testing/in-memory-chat-store.js";
import { InMemoryEvidenceImageStore } from "../ports/testing/in-memory-evidence-image-store.js";
import { InMemoryStreamEventStore } from "../ports/testing/in-memory-stream-event-store.js";
import { errorCodeOf } from "../ports/testing/domain-error-of.js";
import { ChatRunRecorder } from "./chat-run-recorder.js";
import { type AnswerJob, type AnswerQueue, ChatRunService } from "./chat-run-service.js";

/** A queue that keeps what it is given (no worker): each run stays waiting until the test ends it. */
class HeldAnswerQueue implements AnswerQueue {
  readonly submitted: AnswerJob[] = [];
  readonly cancelled: string[] = [];
  refuse = false;

  async submit(job: AnswerJob) {
    if (this.refuse) throw new DomainError("QUEUE.FULL", "the queue is full", { retryable: true });
    this.submitted.push(structuredClone(job));
    return { position: 0, estimatedWaitSeconds: 0 };
  }

  async cancel(_ownerId: string, runId: string) {
    this.cancelled.push(runId);
    return "cancelled-waiting" as const;
  }
}

/** Alice's documents, as the store answers for them: any other id (or owner) is not found. */
const documents = {
  getDocument: async (ownerId: string, id: string) => {
    if (ownerId !== "alice" || !["doc-a", "doc-b"].includes(id)) throw notFound("DOCUMENT.NOT_FOUND", `document ${id}`);
    return { id } as DocumentRecord;
  },
};

function world() {
  const chats = new InMemoryChatStore();
  const events = new InMemoryStreamEventStore(chats);
  const answers = new HeldAnswerQueue();
  const runs = new ChatRunService({ ownerId: "alice", chats, documents, events, answers, pollMs: 5 });
  return { chats, events, answers, runs };
}

const compare = { a: ["doc-a"], b: ["doc-b"] };

describe("ChatRunService.compareLatestQuestion (compare mode named on the stream, as the Python client does)", () => {
  it("asks the question under way again as a comparison and ends the replaced run, naming its replacement", async () => {
    const { chats, events, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "версии" });
    const posted = await runs.postMessage(chat.id, { content: "Что изменилось?", documentIds: ["doc-a", "doc-b"] });

    const followed = await runs.compareLatestQuestion(chat.id, compare);
    expect(followed).not.toBe(posted.runId);
    expect(answers.submitted.map((job) => [job.runId, job.compare])).toEqual([
      [posted.runId, undefined],
      [followed, compare],
    ]);
    expect(answers.cancelled).toEqual([posted.runId]);
    const replaced = (await events.listAfter("alice", posted.runId, 0)).map(({ event }) => event);
    expect(replaced.at(-1)).toMatchObject({ type: "error", error: { code: "OPERATION.CANCELLED", details: { replacedBy: followed } } });
    expect(await runs.latestRun(chat.id)).toBe(followed);
    // the chat holds the question once, now with its two sides
    const { messages } = await chats.listMessages("alice", chat.id);
    expect(messages.map((m) => [m.role, m.content, m.compare])).toEqual([["user", "Что изменилось?", compare]]);
    expect(messages[0]!.attachedDocumentIds).toEqual(["doc-a", "doc-b"]);

    // the stream opened again with the same sides follows the comparison; it is not replaced twice
    expect(await runs.compareLatestQuestion(chat.id, { a: ["doc-a"], b: ["doc-b"] })).toBe(followed);
    expect(answers.submitted).toHaveLength(2);
  });

  it("takes back a plain answer given before the stream named the sides, and asks the question again as a comparison", async () => {
    const { chats, events, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "готово" });
    const answered = await runs.postMessage(chat.id, { content: "Что изменилось?", documentIds: ["doc-a", "doc-b"] });
    await events.append("alice", answered.runId, { type: "error", error: { code: "LLM.UNAVAILABLE", message: "the model is down" } }, { chatId: chat.id });
    await chats.appendMessage("alice", chat.id, { role: "assistant", content: "", status: "error", error: { code: "LLM.UNAVAILABLE", message: "the model is down" } });
    const followed = await runs.compareLatestQuestion(chat.id, compare);
    expect(followed).not.toBe(answered.runId);
    expect(answers.submitted.at(-1)).toMatchObject({ runId: followed, compare });
    // nothing to cancel: the first run had ended
    expect(answers.cancelled).toEqual([]);
    expect((await chats.listMessages("alice", chat.id)).messages.map((m) => [m.role, m.compare])).toEqual([["user", compare]]);
  });

  it("leaves a question posted as a comparison as it is", async () => {
    const { chats, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "сразу сравнение" });
    const posted = await runs.postMessage(chat.id, { content: "Сравни", compare });
    expect(await runs.compareLatestQuestion(chat.id, { a: ["doc-a"], b: ["doc-b"] })).toBe(posted.runId);
    expect(answers.submitted).toHaveLength(1);
    expect(answers.cancelled).toEqual([]);
  });

  it("keeps the question when the queue refuses the comparison, and says why the run stopped", async () => {
    const { chats, events, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "очередь" });
    const posted = await runs.postMessage(chat.id, { content: "Что изменилось?" });
    answers.refuse = true;
    expect(await errorCodeOf(runs.compareLatestQuestion(chat.id, compare))).toBe("QUEUE.FULL");
    expect((await chats.listMessages("alice", chat.id)).messages.map((m) => [m.role, m.content])).toEqual([["user", "Что изменилось?"]]);
    expect((await events.listAfter("alice", posted.runId, 0)).at(-1)?.event).toMatchObject({ type: "error", error: { code: "QUEUE.FULL" } });
  });

  it("is CHAT.NOT_FOUND for another user's chat, and changes nothing of it", async () => {
    const { chats, answers } = world();
    const chat = await chats.createChat("alice", { title: "чужой" });
    const alice = new ChatRunService({ ownerId: "alice", chats, documents, events: new InMemoryStreamEventStore(chats), answers });
    await alice.postMessage(chat.id, { content: "вопрос" });
    const bob = new ChatRunService({ ownerId: "bob", chats, documents, events: new InMemoryStreamEventStore(chats), answers });
    expect(await errorCodeOf(bob.compareLatestQuestion(chat.id, compare))).toBe("CHAT.NOT_FOUND");
    expect(answers.submitted).toHaveLength(1);
  });
});

describe("ChatRunService.postMessage", () => {
  it("refuses a document that is not the poster's before it stores or queues anything", async () => {
    const { chats, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "чужой документ" });
    expect(await errorCodeOf(runs.postMessage(chat.id, { content: "вопрос", documentIds: ["doc-a", "bobs-doc"] }))).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(runs.postMessage(chat.id, { content: "вопрос", compare: { a: ["doc-a"], b: ["bobs-doc"] } }))).toBe("DOCUMENT.NOT_FOUND");
    expect((await chats.listMessages("alice", chat.id)).messages).toEqual([]);
    expect(answers.submitted).toEqual([]);
  });
});

describe("a replaced run's worker", () => {
  it("stores no answer of its own: the replacement answers the question", async () => {
    const { chats, events, runs } = world();
    const chat = await chats.createChat("alice", { title: "замена" });
    const posted = await runs.postMessage(chat.id, { content: "Что изменилось?" });
    // the worker had started the first run when the stream asked for a comparison
    const recorder = await ChatRunRecorder.open({ chats, events, images: new InMemoryEvidenceImageStore(chats) }, { ownerId: "alice", question: "Что изменилось?", documentIds: [], chatId: chat.id, messageId: posted.message.id, runId: posted.runId });
    await recorder.record({ type: "phase_started", phase: "retrieve", description: "ищу" });
    await runs.compareLatestQuestion(chat.id, compare);
    await recorder.record({ type: "llm_token", token: "Изменения", accumulated: "Изменения", model: "flash" });
    expect(await recorder.finish()).toBeUndefined();
    expect((await chats.listMessages("alice", chat.id)).messages.map((m) => m.role)).toEqual(["user"]);
  });
});

describe("a run's last event", () => {
  it("is logged once its answer is in the chat, so a follower woken by it finds the answer", async () => {
    const { chats, events, runs } = world();
    const chat = await chats.createChat("alice", { title: "порядок" });
    const lastOfChat: string[] = [];
    // what a follower reading the chat at the moment each run ends would see
    const watched = {
      append: async (ownerId: string, runId: string, event: StreamEvent, options?: { chatId?: string }) => {
        if (event.type === "completed" || event.type === "error") lastOfChat.push((await chats.listMessages(ownerId, chat.id)).messages.at(-1)!.role);
        return events.append(ownerId, runId, event, options);
      },
      listAfter: events.listAfter.bind(events),
      latestRun: events.latestRun.bind(events),
      deleteRun: events.deleteRun.bind(events),
      runOwner: events.runOwner.bind(events),
    };
    const answer = AnswerSchema.parse({ mode: "llm", answer_markdown: "Перемычки ПР-1." });
    const endings: StreamEvent[] = [{ type: "completed", answer }, { type: "error", error: { code: "LLM.UNAVAILABLE", message: "the model did not answer" } }];
    for (const ending of endings) {
      const posted = await runs.postMessage(chat.id, { content: "Какие перемычки?" });
      const recorder = await ChatRunRecorder.open({ chats, events: watched, images: new InMemoryEvidenceImageStore(chats) }, { ownerId: "alice", question: "Какие перемычки?", documentIds: [], chatId: chat.id, messageId: posted.message.id, runId: posted.runId });
      await recorder.record({ type: "llm_token", token: "Перемычки", accumulated: "Перемычки", model: "flash" });
      await recorder.record(ending);
      expect((await events.listAfter("alice", posted.runId, 0)).at(-1)!.event.type).toBe(ending.type);
    }
    expect(lastOfChat).toEqual(["assistant", "assistant"]);
  });
});

describe("ChatRunService.postMessage with the client's key (Idempotency-Key)", () => {
  it("answers a question posted again with its key once: the same message, the same run, nothing queued twice", async () => {
    const { chats, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "повтор" });
    const request = { content: "Сколько перемычек?", clientMessageId: "retry-key-0001" };
    const first = await runs.postMessage(chat.id, request);
    const again = await runs.postMessage(chat.id, request);
    expect(again).toEqual(first);
    expect(answers.submitted.map((job) => job.runId)).toEqual([first.runId]);
    expect((await chats.listMessages("alice", chat.id)).messages.map((m) => m.id)).toEqual([first.message.id]);
    // without a key, the same text is a new question
    expect((await runs.postMessage(chat.id, { content: request.content })).runId).not.toBe(first.runId);
    // the key with another question is the client's mistake, said so
    expect(await errorCodeOf(runs.postMessage(chat.id, { ...request, content: "Другой вопрос" }))).toBe("VALIDATION.INVALID_INPUT");
  });

  it("lets a question the queue refused be posted again with the same key", async () => {
    const { chats, answers, runs } = world();
    const chat = await chats.createChat("alice", { title: "очередь" });
    answers.refuse = true;
    expect(await errorCodeOf(runs.postMessage(chat.id, { content: "Вопрос", clientMessageId: "retry-key-0002" }))).toBe("QUEUE.FULL");
    answers.refuse = false;
    const posted = await runs.postMessage(chat.id, { content: "Вопрос", clientMessageId: "retry-key-0002" });
    expect(answers.submitted.map((job) => job.runId)).toEqual([posted.runId]);
    expect((await chats.listMessages("alice", chat.id)).messages).toHaveLength(1);
  });
});
