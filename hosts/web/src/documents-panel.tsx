import { useState } from "preact/hooks";
import type { AizoomdocWebClient, DocumentSummary } from "../../../client/index.js";
import { ErrorNotice } from "./error-notice.js";
import { phaseLine, progressLine, queueLine } from "./progress-lines.js";

interface UploadState {
  name: string;
  status: "sending" | "processing" | "done" | "error";
  progress?: string;
  /** 0..1: the share of the file's bytes sent, then of the ingestion done when the server says how far it is. */
  fraction?: number;
  error?: unknown;
  errorCode?: string;
}

/** What a question is about: all documents, the ticked ones, or (compare mode) side A against side B. */
export interface QuestionScope {
  selected: string[];
  compare: { enabled: boolean; a?: string; b?: string };
}

/**
 * Uploads (PDFs and OCR exports) with the ingestion's progress as the server streams it, the user's documents, and
 * the scope of the next question.
 */
export function DocumentsPanel(props: {
  client: AizoomdocWebClient;
  documents: DocumentSummary[];
  scope: QuestionScope;
  onScope: (scope: QuestionScope) => void;
  onChanged: () => void;
  onOpenPage: (documentId: string, page: number) => void;
}) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const update = (index: number, change: Partial<UploadState>) => setUploads((all) => all.map((u, i) => (i === index ? { ...u, ...change } : u)));

  const upload = async (files: FileList | null) => {
    if (!files) return;
    const start = uploads.length;
    const list = [...files];
    setUploads((all) => [...all, ...list.map((file) => ({ name: file.name, status: "sending" as const }))]);
    await Promise.all(
      list.map(async (file, offset) => {
        const index = start + offset;
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const onProgress = (sent: number, total: number) => update(index, { fraction: sent / total, progress: `Отправляю файл: ${Math.floor((100 * sent) / total)} %` });
          const result = await props.client.uploadFile({ filename: file.name, declaredType: file.type || undefined, read: async function* () { yield bytes; } }, { onProgress });
          if (!result.runId) {
            update(index, { status: "done", progress: result.documentId ? "уже загружен" : "файл сохранён" });
            props.onChanged();
            return;
          }
          // the bytes are there; how far the ingestion is comes with its events
          update(index, { status: "processing", fraction: undefined, progress: result.position ? queueLine(result.position) : phaseLine("ingest") });
          for await (const { event } of props.client.runEvents(result.runId)) {
            if (event.type === "phase_progress") {
              const fraction = event.total ? (event.current ?? 0) / event.total : undefined;
              update(index, { progress: progressLine(event), ...(fraction !== undefined ? { fraction } : {}) });
            } else if (event.type === "phase_started") update(index, { progress: phaseLine(event.phase) });
            else if (event.type === "completed") update(index, { status: "done", progress: phaseLine("ingest", true), fraction: 1 });
            else if (event.type === "error") update(index, { status: "error", errorCode: event.error.code });
          }
          props.onChanged();
        } catch (error) {
          update(index, { status: "error", error });
        }
      }),
    );
  };

  const { scope } = props;
  const toggle = (id: string) => props.onScope({ ...scope, selected: scope.selected.includes(id) ? scope.selected.filter((s) => s !== id) : [...scope.selected, id] });
  const setCompare = (change: Partial<QuestionScope["compare"]>) => props.onScope({ ...scope, compare: { ...scope.compare, ...change } });

  return (
    <section class="documents" aria-labelledby="documents-title">
      <div class="panel-head">
        <h2 id="documents-title">Документы</h2>
        <label class="button primary upload-button">
          Загрузить…
          <input type="file" class="visually-hidden" accept=".pdf,.md,.html,.htm,application/pdf" multiple onChange={(e) => void upload(e.currentTarget.files).then(() => (e.currentTarget.value = ""))} aria-label="Загрузить PDF или выгрузку OCR" />
        </label>
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-live="polite">
          {uploads.map((u, i) => (
            <li key={i} class={`upload ${u.status}`}>
              <span class="upload-name">{u.name}</span>
              {u.status === "error" ? (
                <ErrorNotice action={`Не удалось обработать «${u.name}»`} error={u.error} {...(u.errorCode ? { text: { what: `Сервер не смог разобрать файл (${u.errorCode}).`, todo: "Проверьте, что это PDF или выгрузка OCR, и загрузите снова." } } : {})} />
              ) : (
                <>
                  <progress max={1} {...(u.fraction !== undefined ? { value: u.fraction } : {})} aria-label={`Ход обработки «${u.name}»`} />
                  <span class="upload-progress">{u.progress ?? "Отправляю файл…"}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.documents.length === 0 ? (
        <p class="empty">Документов нет. Загрузите PDF комплекта.</p>
      ) : (
        <fieldset class="scope">
          <legend>Искать в (ничего не отмечено — во всех)</legend>
          <ul class="document-list">
            {props.documents.map((doc) => (
              <li key={doc.id}>
                <label>
                  <input type="checkbox" checked={scope.selected.includes(doc.id)} onChange={() => toggle(doc.id)} disabled={scope.compare.enabled} />
                  <span class="doc-name">{doc.name}</span>
                </label>
                <span class="doc-meta">
                  {doc.cipher ? `${doc.cipher}, ` : ""}
                  {doc.pageCount} л.
                </span>
                {/* a document imported from OCR results has no sheet images to open */}
                {doc.pageCount > 0 && doc.hasSheetImages && (
                  <button type="button" class="link-button" onClick={() => props.onOpenPage(doc.id, 1)} aria-label={`Открыть лист 1 документа «${doc.name}»`}>
                    открыть
                  </button>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <fieldset class="compare">
        <legend>Сравнение</legend>
        <label>
          <input type="checkbox" checked={scope.compare.enabled} onChange={(e) => setCompare({ enabled: e.currentTarget.checked })} disabled={props.documents.length < 2} /> Сравнить два документа
        </label>
        {scope.compare.enabled && (
          <div class="compare-sides">
            {(["a", "b"] as const).map((side) => (
              <label key={side}>
                {side === "a" ? "Документ A" : "Документ B"}
                <select value={scope.compare[side] ?? ""} onChange={(e) => setCompare({ [side]: e.currentTarget.value || undefined })}>
                  <option value="">— выберите —</option>
                  {props.documents.map((doc) => (
                    <option key={doc.id} value={doc.id}>
                      {doc.name}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </section>
  );
}
