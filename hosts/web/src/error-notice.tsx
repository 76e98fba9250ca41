import { errorText, type ErrorText } from "./error-text.js";

/** A failure as the user should see it: what failed while doing what, and what to do; announced to screen readers. */
export function ErrorNotice(props: { action: string; error?: unknown; text?: ErrorText; onClose?: () => void }) {
  const text = props.text ?? errorText(props.error);
  return (
    <div class="error-notice" role="alert">
      <strong>{props.action}.</strong> {text.what} <span class="todo">{text.todo}</span>
      {props.onClose && (
        <button type="button" class="link-button" onClick={props.onClose} aria-label="Закрыть сообщение об ошибке">
          ×
        </button>
      )}
    </div>
  );
}
