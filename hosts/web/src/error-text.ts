import { DomainError, type ErrorCode } from "../../../client/index.js";

/** An error as a person reads it: what failed, and what to do about it. Never a stack. */
export interface ErrorText {
  what: string;
  todo: string;
}

const TEXTS: Partial<Record<ErrorCode, ErrorText>> = {
  "AUTH.UNAUTHORIZED": { what: "Сервер не принял токен доступа.", todo: "Проверьте токен (его выдаёт администратор) и войдите снова." },
  "AUTH.FORBIDDEN": { what: "Учётная запись не активна или доступ запрещён.", todo: "Обратитесь к администратору." },
  "SERVER.UNREACHABLE": { what: "Сервер не отвечает.", todo: "Проверьте сеть и повторите через минуту." },
  "REQUEST.RATE_LIMITED": { what: "Слишком много запросов подряд.", todo: "Подождите минуту и повторите." },
  "QUEUE.FULL": { what: "Очередь вопросов переполнена.", todo: "Повторите вопрос через несколько минут." },
  "DOCUMENT.UNSUPPORTED_FORMAT": { what: "Этот формат файла не поддерживается.", todo: "Загрузите PDF или выгрузку OCR (Markdown, HTML)." },
  "DOCUMENT.TOO_LARGE": { what: "Файл больше допустимого размера.", todo: "Разделите комплект на части или попросите администратора поднять лимит." },
  "DOCUMENT.INVALID_FILE": { what: "Файл повреждён или не дочитан.", todo: "Сохраните файл заново и загрузите ещё раз." },
  "DOCUMENT.ENCRYPTED": { what: "PDF защищён паролем.", todo: "Снимите защиту и загрузите снова." },
  "DOCUMENT.EMPTY": { what: "Файл пустой.", todo: "Выберите другой файл." },
  "DOCUMENT.NOT_FOUND": { what: "Документ не найден.", todo: "Возможно, он удалён: обновите список документов." },
  "CHAT.NOT_FOUND": { what: "Чат не найден.", todo: "Возможно, он удалён: выберите другой чат." },
  "ROLE.NOT_FOUND": { what: "Такой роли нет.", todo: "Выберите роль из списка." },
  "VALIDATION.INVALID_INPUT": { what: "Сервер не принял введённые данные.", todo: "Проверьте поля и повторите." },
  "LLM.NOT_CONFIGURED": { what: "Языковая модель не настроена.", todo: "Укажите свой ключ модели в настройках или спросите администратора." },
  "LLM.RATE_LIMITED": { what: "Модель временно ограничила запросы.", todo: "Повторите вопрос через минуту." },
  "LLM.UNAVAILABLE": { what: "Модель сейчас недоступна.", todo: "Повторите позже." },
  "LLM.TIMEOUT": { what: "Модель не ответила вовремя.", todo: "Повторите вопрос или сузьте его." },
  "LLM.BLOCKED": { what: "Модель отказалась отвечать на этот вопрос.", todo: "Переформулируйте вопрос." },
  "LLM.OUTPUT_TRUNCATED": { what: "Ответ модели оборвался.", todo: "Сузьте вопрос или увеличьте бюджет размышлений в настройках." },
  "LLM.BAD_RESPONSE": { what: "Модель вернула непригодный ответ.", todo: "Повторите вопрос." },
  "LLM.EMPTY_RESPONSE": { what: "Модель ничего не ответила.", todo: "Повторите вопрос." },
  "OPERATION.CANCELLED": { what: "Операция отменена.", todo: "Задайте вопрос снова, если нужно." },
  "RENDER.FAILED": { what: "Не удалось отрисовать лист.", todo: "Повторите; если ошибка повторится, сообщите администратору." },
  "REGION.INVALID": { what: "Такой страницы или области в документе нет.", todo: "Выберите другую страницу." },
  "OCR.UNAVAILABLE": { what: "Распознавание текста недоступно на сервере.", todo: "Сообщите администратору." },
  "PROJECTS.NOT_CONFIGURED": { what: "База проектов не подключена.", todo: "Сообщите администратору." },
};

/** What went wrong while doing `action` (e.g. «Не удалось загрузить файл»), in words a user can act on. */
export function errorText(error: unknown): ErrorText {
  if (DomainError.isInstance(error)) return TEXTS[error.code] ?? { what: `Сервер сообщил об ошибке (${error.code}).`, todo: "Повторите; если ошибка повторится, сообщите администратору код ошибки." };
  if (error instanceof DOMException && error.name === "AbortError") return { what: "Операция прервана.", todo: "Повторите, если нужно." };
  return { what: "Что-то пошло не так в браузере.", todo: "Обновите страницу и повторите." };
}

/** The same for an error a run's stream reported (`error` event): its code, maybe without a class around it. */
export function runErrorText(code: string): ErrorText {
  return TEXTS[code as ErrorCode] ?? { what: `Ответ не получен (${code}).`, todo: "Повторите вопрос; если ошибка повторится, сообщите администратору код ошибки." };
}
