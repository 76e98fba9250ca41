import { useState } from "preact/hooks";
import type { Chat } from "./api-types.js";

/** The user's chats, newest activity first: open one, start a new one, rename or delete. */
export function ChatList(props: {
  chats: Chat[];
  activeId?: string;
  onOpen: (chatId: string) => void;
  onNew: () => void;
  onRename: (chatId: string, title: string) => void;
  onDelete: (chatId: string) => void;
}) {
  const [editing, setEditing] = useState<string>();
  const [title, setTitle] = useState("");
  return (
    <section class="chat-list" aria-labelledby="chats-title">
      <div class="panel-head">
        <h2 id="chats-title">Чаты</h2>
        <button type="button" class="primary" onClick={props.onNew}>
          Новый чат
        </button>
      </div>
      {props.chats.length === 0 && <p class="empty">Чатов пока нет. Задайте вопрос — чат появится сам.</p>}
      <ul>
        {props.chats.map((chat) => (
          <li key={chat.id} class={chat.id === props.activeId ? "active" : ""}>
            {editing === chat.id ? (
              <form
                class="rename"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (title.trim()) props.onRename(chat.id, title.trim());
                  setEditing(undefined);
                }}
              >
                <label class="visually-hidden" for={`rename-${chat.id}`}>
                  Новое название чата
                </label>
                <input id={`rename-${chat.id}`} value={title} onInput={(e) => setTitle(e.currentTarget.value)} onKeyDown={(e) => e.key === "Escape" && setEditing(undefined)} autoFocus />
                <button type="submit">Сохранить</button>
              </form>
            ) : (
              <>
                <button type="button" class="chat-open" aria-current={chat.id === props.activeId ? "true" : undefined} onClick={() => props.onOpen(chat.id)}>
                  <span class="chat-title">{chat.title}</span>
                  <time dateTime={chat.updatedAt}>{new Date(chat.updatedAt).toLocaleString("ru-RU", { dateStyle: "short", timeStyle: "short" })}</time>
                </button>
                <span class="chat-actions">
                  <button
                    type="button"
                    class="icon"
                    aria-label={`Переименовать «${chat.title}»`}
                    title="Переименовать"
                    onClick={() => {
                      setEditing(chat.id);
                      setTitle(chat.title);
                    }}
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    class="icon danger"
                    aria-label={`Удалить «${chat.title}»`}
                    title="Удалить"
                    onClick={() => window.confirm(`Удалить чат «${chat.title}» со всей историей?`) && props.onDelete(chat.id)}
                  >
                    ✕
                  </button>
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
