import { useState } from "preact/hooks";
import { ErrorNotice } from "./error-notice.js";
import { signIn, type Session } from "./session.js";

/** The first screen: the static token an administrator issued (`azd_…`), exchanged for an access token. */
export function SignIn(props: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState("");
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await signIn(token));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const field = { id: "static-token", name: "token", autoComplete: "off", spellcheck: false, value: token, onInput: (e: { currentTarget: HTMLInputElement }) => setToken(e.currentTarget.value), placeholder: "azd_…", required: true };
  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">AIZoomDoc</h1>
        <p>Вопросы по комплектам чертежей с доказательствами на листе.</p>
        <label for="static-token">Токен доступа</label>
        <div class="token-row">
          {shown ? <input type="text" {...field} /> : <input type="password" {...field} />}
          <button type="button" onClick={() => setShown(!shown)} aria-pressed={shown}>
            {shown ? "Скрыть" : "Показать"}
          </button>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Вход…" : "Войти"}
        </button>
        {error !== undefined && <ErrorNotice action="Не удалось войти" error={error} />}
        <p class="hint">Токен хранится только в этой вкладке и забывается при её закрытии.</p>
      </form>
    </main>
  );
}
