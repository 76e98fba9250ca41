import { useMemo } from "preact/hooks";
import type { Citation } from "./api-types.js";
import { ErrorNotice } from "./error-notice.js";
import { runErrorText } from "./error-text.js";
import { answerHtml } from "./markdown.js";
import { phaseLine, queueLine } from "./progress-lines.js";
import type { AnswerView, EvidenceImageView } from "./run-state.js";

const KIND_NAMES: Record<string, string> = { text_block: "текст", image_block: "чертёж", roi: "область", overview: "обзор", quadrant: "четверть" };

/**
 * One answer: its steps (collapsible: phases and tool calls), the markdown with numbered citation links, the list of
 * citations, and the evidence images in a strip beside the text. Clicking a citation or an image opens it on its sheet.
 */
export function AnswerCard(props: { view: AnswerView; documentName: (id: string) => string; onCitation: (view: AnswerView, index: number) => void; onImage: (view: AnswerView, image: EvidenceImageView) => void }) {
  const { view } = props;
  const html = useMemo(() => answerHtml(view.markdown, view.citations), [view.markdown, view.citations]);
  const live = view.status === "waiting" || view.status === "running";
  const onClick = (event: MouseEvent) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>("a[data-citation]");
    if (!link) return;
    event.preventDefault();
    props.onCitation(view, Number(link.dataset.citation));
  };
  return (
    <article class={`answer ${view.status}`} aria-busy={live}>
      <header class="answer-head">
        <span class="who">AIZoomDoc</span>
        {view.answer?.mode === "evidence_only" && <span class="badge">только доказательства</span>}
        {view.model && view.answer?.mode !== "evidence_only" && <span class="model">{view.model}</span>}
        {live && <span class="pulse" aria-label="Ответ готовится" />}
      </header>
      {view.queuePosition !== undefined && view.queuePosition > 0 && <p class="queue">{queueLine(view.queuePosition)}</p>}
      {view.steps.length > 0 && (
        <details class="steps" open={live}>
          <summary>
            Ход работы ({view.steps.filter((s) => s.done).length}/{view.steps.length})
          </summary>
          <ol>
            {view.steps.map((step, i) => (
              <li key={i} class={step.done ? "done" : "running"}>
                <span class="step-name">{phaseLine(step.phase, step.done)}</span>
                {step.progress && <span class="step-progress"> — {step.progress}</span>}
                {step.tools.length > 0 && (
                  <ul class="tools">
                    {step.tools.map((tool, j) => (
                      <li key={j}>{tool.summary}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      <div class="answer-body">
        <div class="markdown" onClick={onClick} aria-live={live ? "polite" : undefined} dangerouslySetInnerHTML={{ __html: html || (live ? "<p class='muted'>Готовлю ответ…</p>" : "") }} />
        {view.images.length > 0 && (
          <aside class="evidence-strip" aria-label="Изображения-доказательства">
            {view.images.map((image, i) => (
              <button type="button" key={image.imageId} class="evidence-thumb" onClick={() => props.onImage(view, image)} aria-label={`Изображение И${i + 1}: ${KIND_NAMES[image.kind] ?? image.kind}, лист ${image.page}, ${image.dpi} dpi — показать на листе`}>
                <img src={image.url} alt="" loading="lazy" />
                <span>
                  И{i + 1} · {KIND_NAMES[image.kind] ?? image.kind} · л. {image.page}
                </span>
              </button>
            ))}
          </aside>
        )}
      </div>
      {view.citations.length > 0 && (
        <details class="citations" open>
          <summary>Источники ({view.citations.length})</summary>
          <ol>
            {view.citations.map((citation: Citation, i) => (
              <li key={i}>
                <a href={`#citation-${i + 1}`} class="citation-link" data-citation={i} onClick={(e) => { e.preventDefault(); props.onCitation(view, i); }}>
                  [{i + 1}] {citation.block_id}
                </a>{" "}
                <span class="muted">
                  {citation.document_id ? `«${props.documentName(citation.document_id)}»` : ""}
                  {citation.page ? `, лист ${citation.page}` : ""}, {KIND_NAMES[citation.kind] ?? citation.kind}
                  {citation.note ? ` — ${citation.note}` : ""}
                </span>
              </li>
            ))}
          </ol>
        </details>
      )}
      {view.answer?.diff && view.answer.diff.length > 0 && (
        <table class="diff">
          <caption>Различия A и B</caption>
          <thead>
            <tr>
              <th scope="col">Позиция</th>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">Итог</th>
            </tr>
          </thead>
          <tbody>
            {view.answer.diff.map((row, i) => (
              <tr key={i} class={row.status}>
                <td>{row.item}</td>
                <td>{row.a ?? "—"}</td>
                <td>{row.b ?? "—"}</td>
                <td>{{ same: "совпадает", changed: "изменено", only_a: "только в A", only_b: "только в B" }[row.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.status === "error" && view.error && <ErrorNotice action="Ответ не получен" text={runErrorText(view.error.code)} />}
    </article>
  );
}
