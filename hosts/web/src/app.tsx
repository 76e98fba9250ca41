import { useCallback, useEffect, useState } from "preact/hooks";
import type { DocumentSummary } from "../../../client/index.js";
import type { Chat, PublicSettings } from "./api-types.js";
import { ChatList } from "./chat-list.js";
import { ChatView } from "./chat-view.js";
import { DocumentsPanel, type QuestionScope } from "./documents-panel.js";
import { ErrorNotice } from "./error-notice.js";
import { EvidenceViewer, type ViewerTarget } from "./evidence-viewer.js";
import { resumeSession, signOut, type Session } from "./session.js";
import { SettingsDialog } from "./settings-dialog.js";
import { ProjectTree } from "./project-tree.js";
import { SignIn } from "./sign-in.js";
import { citationTarget, imageTarget, pageTarget } from "./viewer-target.js";

/** The whole UI: sign-in, then chats and documents on the left, the chat in the middle, the evidence viewer on the right. */
export function App() {
  const [session, setSession] = useState<Session | null>();
  useEffect(() => void resumeSession().then((resumed) => setSession(resumed ?? null)), []);
  if (session === undefined) return <p class="loading">Загрузка…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} />;
  return (
    <Workspace
      session={session}
      onSignOut={() => {
        signOut();
        setSession(null);
      }}
    />
  );
}

function Workspace(props: { session: Session; onSignOut: () => void }) {
  const { client, user } = props.session;
  const [chats, setChats] = useState<Chat[]>([]);
  const [activeChat, setActiveChat] = useState<string>();
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const [scope, setScope] = useState<QuestionScope>({ selected: [], compare: { enabled: false } });
  const [settings, setSettings] = useState<PublicSettings>();
  const [showSettings, setShowSettings] = useState(false);
  const [viewer, setViewer] = useState<ViewerTarget>();
  const [tab, setTab] = useState<"chats" | "documents" | "projects">("chats");
  const [error, setError] = useState<{ action: string; error: unknown }>();

  const fail = (action: string) => (caught: unknown) => setError({ action, error: caught });
  const loadChats = useCallback(() => client.listChats({ limit: 100 }).then(setChats, fail("Не удалось загрузить чаты")), [client]);
  const loadDocuments = useCallback(() => client.listDocuments().then(setDocuments, fail("Не удалось загрузить документы")), [client]);
  useEffect(() => {
    void loadChats();
    void loadDocuments();
    client.getSettings().then(setSettings, fail("Не удалось загрузить настройки"));
  }, [client]);

  const documentName = (id: string) => documents.find((d) => d.id === id)?.name ?? id.slice(0, 8);
  const open = (target: ViewerTarget | undefined) => (target ? setViewer(target) : setError({ action: "Не удалось показать источник", error: undefined }));

  return (
    <div class={`workspace${viewer ? " with-viewer" : ""}`}>
      <header class="top">
        <h1>AIZoomDoc</h1>
        <span class="status" aria-label="Пользователь и режим">
          {user.username} · {settings ? (settings.modelProfile === "complex" ? "сложный режим" : "простой режим") : "…"}
          {settings?.role ? ` · роль: ${settings.role}` : ""}
        </span>
        <nav class="top-actions" aria-label="Учётная запись">
          <button type="button" onClick={() => setShowSettings(true)} disabled={!settings}>
            Настройки
          </button>
          <button type="button" onClick={props.onSignOut}>
            Выйти
          </button>
        </nav>
      </header>
      {error && (
        <div class="global-error">
          <ErrorNotice action={error.action} error={error.error} {...(error.error === undefined ? { text: { what: "У источника нет листа в документе.", todo: "Откройте документ из списка." } } : {})} onClose={() => setError(undefined)} />
        </div>
      )}
      <aside class="side">
        <div class="tabs" role="tablist" aria-label="Разделы">
          <button type="button" role="tab" id="tab-chats" aria-controls="panel-chats" aria-selected={tab === "chats"} onClick={() => setTab("chats")}>
            Чаты
          </button>
          <button type="button" role="tab" id="tab-documents" aria-controls="panel-documents" aria-selected={tab === "documents"} onClick={() => setTab("documents")}>
            Документы{scope.compare.enabled ? " (сравнение)" : scope.selected.length ? ` (${scope.selected.length})` : ""}
          </button>
          <button type="button" role="tab" id="tab-projects" aria-controls="panel-projects" aria-selected={tab === "projects"} onClick={() => setTab("projects")}>
            Проекты
          </button>
        </div>
        <div role="tabpanel" id="panel-chats" aria-labelledby="tab-chats" hidden={tab !== "chats"}>
          <ChatList
            chats={chats}
            {...(activeChat ? { activeId: activeChat } : {})}
            onOpen={setActiveChat}
            onNew={() => setActiveChat(undefined)}
            onRename={(id, title) => void client.renameChat(id, title).then(loadChats, fail("Не удалось переименовать чат"))}
            onDelete={(id) =>
              void client.deleteChat(id).then(() => {
                if (id === activeChat) setActiveChat(undefined);
                return loadChats();
              }, fail("Не удалось удалить чат"))
            }
          />
        </div>
        <div role="tabpanel" id="panel-documents" aria-labelledby="tab-documents" hidden={tab !== "documents"}>
          <DocumentsPanel client={client} documents={documents} scope={scope} onScope={setScope} onChanged={() => void loadDocuments()} onOpenPage={(id, page) => setViewer(pageTarget(id, page))} />
        </div>
        <div role="tabpanel" id="panel-projects" aria-labelledby="tab-projects" hidden={tab !== "projects"}>
          {tab === "projects" && (
            <ProjectTree
              client={client}
              onAdd={(document) => {
                void loadDocuments();
                setScope((current) => ({ ...current, selected: current.selected.includes(document.id) ? current.selected : [...current.selected, document.id] }));
              }}
            />
          )}
        </div>
      </aside>
      <main class="center">
        <ChatView
          client={client}
          {...(activeChat ? { chatId: activeChat } : {})}
          scope={scope}
          documentName={documentName}
          onChatCreated={(id) => {
            setActiveChat(id);
            void loadChats();
          }}
          onActivity={() => void loadChats()}
          onCitation={(view, index) => open(citationTarget(view, index))}
          onImage={(view, image) => open(imageTarget(view, image.imageId))}
        />
      </main>
      {viewer && (
        <EvidenceViewer
          client={client}
          target={viewer}
          {...(documents.find((d) => d.id === viewer.documentId) ? { document: documents.find((d) => d.id === viewer.documentId)! } : {})}
          onClose={() => setViewer(undefined)}
          onPage={(page) => setViewer(pageTarget(viewer.documentId, page))}
        />
      )}
      {showSettings && settings && <SettingsDialog client={client} settings={settings} onSaved={setSettings} onClose={() => setShowSettings(false)} />}
    </div>
  );
}
