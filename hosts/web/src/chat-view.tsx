import { useEffect, useRef, useState } from "preact/hooks";
import type { AizoomdocWebClient, MessageImage } from "../../../client/index.js";
import type { ChatMessage } from "./api-types.js";
import { AnswerCard } from "./answer-card.js";
import type { QuestionScope } from "./documents-panel.js";
import { ErrorNotice } from "./error-notice.js";
import { emptyAnswer, foldEvent, type AnswerView, type EvidenceImageView } from "./run-state.js";

type Entry = { kind: "question"; id: string; text: string; compare?: boolean } | { kind: "answer"; id: string; view: AnswerView };

function fromImage(image: MessageImage): EvidenceImageView {
  return { imageId: image.imageId, kind: image.kind, url: image.url, documentId: image.documentId, page: image.page, dpi: image.dpi, bbox: image.bbox, ...(image.blockId ? { blockId: image.blockId } : {}) };
}

/** A stored message as the screen shows it. */
function entryOf(message: ChatMessage & { images: MessageImage[] }): Entry {
  if (message.role === "user") return { kind: "question", id: message.id, text: message.content, ...(message.compare ? { compare: true } : {}) };
  const answer = message.answer;
  const view: AnswerView = {
    ...emptyAnswer(),
    status: message.status === "error" ? "error" : "complete",
    markdown: answer?.answer_markdown ?? message.content,
    citations: answer?.citations ?? [],
    images: message.images.map(fromImage),
    ...(answer ? { answer } : {}),
    ...(message.model ? { model: message.model } : {}),
    ...(message.error ? { error: { code: message.error.code, message: message.error.message } } : {}),
  };
  return { kind: "answer", id: message.id, view };
}

/** The open chat: its history, the answer streaming in, and the message box. A chat is made on the first question. */
export function ChatView(props: {
  client: AizoomdocWebClient;
  chatId?: string;
  scope: QuestionScope;
  documentName: (id: string) => string;
  onChatCreated: (chatId: string) => void;
  onActivity: () => void;
  onCitation: (view: AnswerView, index: number) => void;
  onImage: (view: AnswerView, image: EvidenceImageView) => void;
}) {
  const { client } = props;
  const [entries, setEntries] = useState<Entry[]>([]);
  const [text, setText] = useState("");
  const [running, setRunning] = useState<AbortController>();
  const [error, setError] = useState<{ action: string; error: unknown }>();
  const [title, setTitle] = useState<string>();
  const chatRef = useRef<string | undefined>(props.chatId);
  /** The chat this view made for its first question: its answer is already on screen, its history would only repeat it. */
  const createdHere = useRef<string | undefined>(undefined);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    chatRef.current = props.chatId;
    if (props.chatId !== undefined && props.chatId === createdHere.current) return;
    createdHere.current = undefined;
    running?.abort();
    setError(undefined);
    if (!props.chatId) {
      setEntries([]);
      setTitle(undefined);
      return;
    }
    const abort = new AbortController();
    client
      .chatHistory(props.chatId, { signal: abort.signal })
      .then(({ chat, messages }) => {
        setTitle(chat.title);
        setEntries(messages.map(entryOf));
      })
      .catch((caught: unknown) => !abort.signal.aborted && setError({ action: "Не удалось открыть чат", error: caught }));
    return () => abort.abort();
  }, [props.chatId]);

  useEffect(() => endRef.current?.scrollIntoView({ block: "end" }), [entries]);

  const { compare } = props.scope;
  const compareReady = !compare.enabled || (compare.a && compare.b && compare.a !== compare.b);

  const send = async () => {
    const question = text.trim();
    if (!question || running || !compareReady) return;
    const abort = new AbortController();
    setRunning(abort);
    setError(undefined);
    const answerId = `live-${Date.now()}`;
    try {
      let chatId = chatRef.current;
      if (!chatId) {
        const chat = await client.createChat({ title: question.slice(0, 100) });
        chatId = chat.id;
        chatRef.current = chatId;
        createdHere.current = chatId;
        setTitle(chat.title);
        props.onChatCreated(chatId);
      }
      const request = compare.enabled ? { content: question, compare: { a: [compare.a!], b: [compare.b!] } } : { content: question, ...(props.scope.selected.length ? { documentIds: props.scope.selected } : {}) };
      const posted = await client.postMessage(chatId, request, { signal: abort.signal });
      setText("");
      let view: AnswerView = { ...emptyAnswer(), queuePosition: posted.position };
      setEntries((all) => [...all, { kind: "question", id: posted.message.id, text: question, ...(compare.enabled ? { compare: true } : {}) }, { kind: "answer", id: answerId, view }]);
      for await (const { event } of client.runEvents(posted.runId, { signal: abort.signal })) {
        view = foldEvent(view, event);
        const shown = view;
        setEntries((all) => all.map((entry) => (entry.id === answerId ? { ...entry, view: shown } : entry)));
      }
      props.onActivity();
    } catch (caught) {
      if (!abort.signal.aborted) setError({ action: "Не удалось получить ответ", error: caught });
    } finally {
      setRunning(undefined);
    }
  };

  const cancel = async () => {
    const chatId = chatRef.current;
    running?.abort();
    if (chatId) await client.cancelRun(chatId).catch(() => undefined);
  };

  return (
    <section class="chat" aria-labelledby="chat-title">
      <h2 id="chat-title" class="chat-heading">
        {title ?? "Новый чат"}
      </h2>
      <div class="messages" role="log" aria-label="История чата">
        {entries.length === 0 && !error && <p class="empty">Спросите о комплекте, например: «Какие перемычки на 2 этаже и сколько их?»</p>}
        {entries.map((entry) =>
          entry.kind === "question" ? (
            <div key={entry.id} class="question">
              {entry.compare && <span class="badge">сравнение</span>}
              <p>{entry.text}</p>
            </div>
          ) : (
            <AnswerCard key={entry.id} view={entry.view} documentName={props.documentName} onCitation={props.onCitation} onImage={props.onImage} />
          ),
        )}
        {error && <ErrorNotice action={error.action} error={error.error} onClose={() => setError(undefined)} />}
        <div ref={endRef} />
      </div>
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label for="question" class="visually-hidden">
          Вопрос
        </label>
        <textarea
          id="question"
          rows={3}
          value={text}
          placeholder={compare.enabled ? "Что сравнить в документах A и B?" : "Вопрос по документам… (Ctrl+Enter — отправить)"}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <div class="composer-actions">
          <span class="scope-note">
            {compare.enabled ? (compareReady ? "Режим сравнения: A против B" : "Выберите два разных документа для сравнения") : props.scope.selected.length ? `Документов выбрано: ${props.scope.selected.length}` : "Поиск во всех документах"}
          </span>
          {running ? (
            <button type="button" onClick={() => void cancel()}>
              Остановить
            </button>
          ) : (
            <button type="submit" class="primary" disabled={!text.trim() || !compareReady}>
              Отправить
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
