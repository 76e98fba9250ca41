/**
 * The run's progress in Russian words for the screen. The server names phases and tools by id and writes its
 * progress notes in English for logs; here they become what an engineer reads ("Ищу блоки…", "Увеличиваю фрагмент
 * листа 3…"). Whatever is not known here gets a neutral Russian line, never the raw id or English note.
 */

/** A phase while it runs, and once it is done. */
const PHASES: Record<string, { running: string; done: string }> = {
  intent: { running: "Разбираю вопрос…", done: "Вопрос разобран" },
  retrieve: { running: "Ищу блоки…", done: "Блоки найдены" },
  collect: { running: "Отбираю доказательства…", done: "Доказательства отобраны" },
  render: { running: "Отрисовываю фрагменты листов…", done: "Фрагменты отрисованы" },
  extract: { running: "Выписываю строки и таблицы…", done: "Строки и таблицы выписаны" },
  answer: { running: "Формулирую ответ…", done: "Ответ сформулирован" },
  quality_gate: { running: "Проверяю, подкреплён ли ответ…", done: "Ответ проверен" },
  compare: { running: "Сравниваю документы…", done: "Документы сравнены" },
  ingest: { running: "Обрабатываю документ…", done: "Документ обработан" },
};
const UNKNOWN_PHASE = { running: "Выполняю шаг…", done: "Шаг выполнен" };

export function phaseLine(phase: string, done = false): string {
  const names = PHASES[phase] ?? UNKNOWN_PHASE;
  return done ? names.done : names.running;
}

/** "В очереди: 2-й" — the masculine ordinal (номер) reads right for every position. */
export function queueLine(position: number): string {
  return position > 0 ? `В очереди: ${position}-й` : "Начинаю…";
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
const count = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** One tool call of a run as a line: what is looked for, or which part of which sheet is looked at. */
export function toolLine(tool: string, parameters: Record<string, unknown>): string {
  const query = text(parameters.query);
  const page = count(parameters.page);
  const dpi = count(parameters.dpi);
  const sheet = page !== undefined ? ` листа ${page}` : "";
  switch (tool) {
    case "search":
      return query ? `Ищу «${query}»…` : "Ищу блоки…";
    case "block_index":
      return query ? `Смотрю каталог чертежей: «${query}»…` : "Смотрю каталог чертежей…";
    case "render":
      if (parameters.kind === "overview") return `Открываю чертёж${sheet} целиком…`;
      if (parameters.kind === "quadrant") return `Смотрю четверть${sheet}…`;
      return `Увеличиваю фрагмент${sheet}${dpi !== undefined ? ` (${dpi} dpi)` : ""}…`;
    case "reject_request":
      return text(parameters.block_id) ? `Отклоняю запрос блока ${text(parameters.block_id)}: его нет среди найденных` : "Отклоняю запрос: такого блока нет среди найденных";
    default:
      return "Выполняю действие…";
  }
}

/** A progress note of a phase as a line; the counts the server sends, where it sends them. */
export function progressLine(event: { phase: string; message: string; current?: number; total?: number }): string {
  const { phase, message, current, total } = event;
  const of = current !== undefined && total ? `: ${current} из ${total}` : "";
  switch (phase) {
    case "ingest":
      return ingestLine(message, of);
    case "retrieve":
      return current !== undefined ? `Найдено блоков-кандидатов: ${current}` : phaseLine(phase);
    case "collect": {
      const picked = /(\d+) blocks selected, (\d+)/.exec(message);
      if (picked) return `Отобрано блоков: ${picked[1]}, запрошено изображений: ${picked[2]}`;
      return /rejected/.test(message) ? "Отклонён блок, которого нет среди найденных" : phaseLine(phase);
    }
    case "render":
      if (/not rendered again/.test(message)) return "Этот фрагмент уже отрисован — беру готовый";
      if (/budget/.test(message)) return "Лимит изображений исчерпан — остальные фрагменты пропущены";
      if (/could not render/.test(message)) return "Не удалось отрисовать фрагмент — продолжаю без него";
      return /skipped/.test(message) ? "Фрагмент пропущен" : phaseLine(phase);
    case "quality_gate":
      if (/budget/.test(message)) return "Лимит увеличений на этот круг исчерпан";
      if (/asked for/.test(message)) return "Модель просит ещё фрагменты — дорисовываю";
      if (/needs drawing detail/.test(message)) return "Ответу не хватает увеличенных фрагментов — дорисовываю";
      return /rejected/.test(message) ? "Запрос фрагмента отклонён" : phaseLine(phase);
    case "intent":
      return /failed/.test(message) ? "Модель не разобрала вопрос — разбираю по ключевым словам" : phaseLine(phase);
    case "answer":
      if (/dropped citations/.test(message)) return "Убраны ссылки на блоки, которых нет в документах";
      return /asking again/.test(message) ? "Ответ модели не прочитан — спрашиваю ещё раз" : phaseLine(phase);
    default:
      return `${phaseLine(phase).replace(/…$/, "")}${of}`;
  }
}

/** Ingestion notes are `<step>: <note>` (parse, ocr, index), with the pages or drawings done so far. */
function ingestLine(message: string, of: string): string {
  const step = /^(\w+)/.exec(message)?.[1];
  switch (step) {
    case "parse":
      return `Разбираю листы${of}`;
    case "ocr":
      return `Распознаю текст на листах${of}`;
    case "index":
      return /not built/.test(message) ? "Каталог чертежей не составлен — документ добавлен без него" : `Составляю каталог чертежей${of}`;
    default:
      return `Обрабатываю документ${of}`;
  }
}
