import { useEffect, useRef, useState } from "preact/hooks";
import type { AizoomdocWebClient } from "../../../client/index.js";
import type { PublicSettings, PublicSettingsPatch, RoleSummary } from "./api-types.js";
import { ErrorNotice } from "./error-notice.js";

/** A number field's text as a patch value: empty means "the model's default" (null resets it on the server). */
const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text.replace(",", ".")));

/**
 * The settings dialog: all seven fields (mode, role, temperature, top-p, thinking, its budget, media resolution),
 * saved on the server and applied to the next question, and the user's own model key, which can be set or removed
 * but never read back (the server answers only which provider it is for).
 */
export function SettingsDialog(props: { client: AizoomdocWebClient; settings: PublicSettings; onSaved: (settings: PublicSettings) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [roles, setRoles] = useState<RoleSummary[]>([]);
  const s = props.settings;
  const [profile, setProfile] = useState(s.modelProfile);
  const [role, setRole] = useState(s.role ?? "");
  const [temperature, setTemperature] = useState(s.temperature?.toString() ?? "");
  const [topP, setTopP] = useState(s.topP?.toString() ?? "");
  const [thinking, setThinking] = useState(s.thinkingEnabled === undefined ? "" : s.thinkingEnabled ? "on" : "off");
  const [budget, setBudget] = useState(s.thinkingBudget?.toString() ?? "");
  const [media, setMedia] = useState(s.mediaResolution ?? "");
  const [key, setKey] = useState("");
  const [keyState, setKeyState] = useState(s.modelKey);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ action: string; error: unknown }>();

  useEffect(() => {
    dialog.current?.showModal();
    props.client.listRoles().then(setRoles, (caught: unknown) => setError({ action: "Не удалось загрузить список ролей", error: caught }));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const patch: PublicSettingsPatch = {
      modelProfile: profile,
      role: role || null,
      temperature: numberOrNull(temperature),
      topP: numberOrNull(topP),
      thinkingEnabled: thinking === "" ? null : thinking === "on",
      thinkingBudget: numberOrNull(budget),
      mediaResolution: media === "" ? null : (media as "low" | "medium" | "high"),
    };
    try {
      let saved = await props.client.updateSettings(patch);
      if (key.trim()) {
        saved = await props.client.setModelKey({ key: key.trim() });
        setKey("");
      }
      props.onSaved(saved);
      props.onClose();
    } catch (caught) {
      setError({ action: "Не удалось сохранить настройки", error: caught });
    } finally {
      setSaving(false);
    }
  };

  const removeKey = async () => {
    try {
      const saved = await props.client.setModelKey(null);
      setKeyState(saved.modelKey);
      props.onSaved(saved);
    } catch (caught) {
      setError({ action: "Не удалось удалить ключ", error: caught });
    }
  };

  return (
    <dialog ref={dialog} class="settings" aria-labelledby="settings-title" onClose={props.onClose} onCancel={props.onClose}>
      <form onSubmit={save}>
        <h2 id="settings-title">Настройки</h2>
        <div class="field-grid">
          <label for="set-profile">Режим</label>
          <select id="set-profile" value={profile} onChange={(e) => setProfile(e.currentTarget.value as "simple" | "complex")}>
            <option value="simple">Простой (быстрая модель)</option>
            <option value="complex">Сложный (сбор + сильная модель)</option>
          </select>
          <label for="set-role">Роль</label>
          <select id="set-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="">Без роли</option>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
                {r.description ? ` — ${r.description}` : ""}
              </option>
            ))}
            {role && !roles.some((r) => r.name === role) && <option value={role}>{role}</option>}
          </select>
          <label for="set-temperature">Температура (0–2)</label>
          <input id="set-temperature" type="number" min={0} max={2} step={0.1} value={temperature} placeholder="по умолчанию" onInput={(e) => setTemperature(e.currentTarget.value)} />
          <label for="set-top-p">Top-p (0–1)</label>
          <input id="set-top-p" type="number" min={0.05} max={1} step={0.05} value={topP} placeholder="по умолчанию" onInput={(e) => setTopP(e.currentTarget.value)} />
          <label for="set-thinking">Размышления</label>
          <select id="set-thinking" value={thinking} onChange={(e) => setThinking(e.currentTarget.value)}>
            <option value="">По умолчанию модели</option>
            <option value="on">Включены</option>
            <option value="off">Выключены</option>
          </select>
          <label for="set-budget">Бюджет размышлений (токенов, 0 — авто)</label>
          <input id="set-budget" type="number" min={0} max={1000000} step={1024} value={budget} placeholder="по умолчанию" onInput={(e) => setBudget(e.currentTarget.value)} />
          <label for="set-media">Разрешение изображений для модели</label>
          <select id="set-media" value={media} onChange={(e) => setMedia(e.currentTarget.value as typeof media)}>
            <option value="">По умолчанию</option>
            <option value="low">Низкое</option>
            <option value="medium">Среднее</option>
            <option value="high">Высокое</option>
          </select>
        </div>
        <fieldset class="model-key">
          <legend>Свой ключ модели</legend>
          <p class="hint">{keyState ? `Ключ задан (${keyState.provider}). Его нельзя посмотреть — только заменить или удалить.` : "Ключ не задан: ответы идут через ключ сервера."}</p>
          <label for="set-key">Новый ключ</label>
          <input id="set-key" type="password" autoComplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder={keyState ? "оставьте пустым, чтобы не менять" : "вставьте ключ"} />
          {keyState && (
            <button type="button" class="danger" onClick={() => void removeKey()}>
              Удалить ключ
            </button>
          )}
        </fieldset>
        {error && <ErrorNotice action={error.action} error={error.error} />}
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Отмена
          </button>
          <button type="submit" class="primary" disabled={saving}>
            {saving ? "Сохранение…" : "Сохранить"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
