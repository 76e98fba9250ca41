/** The answer follows the question's language; evidence-only output uses these labels for the two we know. */
export type QuestionLanguage = "ru" | "en";

export function questionLanguage(question: string): QuestionLanguage {
  const cyrillic = (question.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (question.match(/[A-Za-z]/g) ?? []).length;
  return cyrillic >= latin && cyrillic > 0 ? "ru" : "en";
}

export const LANGUAGE_NAMES: Record<QuestionLanguage, string> = { ru: "Russian", en: "English" };

const LABELS = {
  ru: {
    notLlm:
      "**Только доказательства — это не ответ языковой модели.** Языковая модель не настроена, поэтому ниже — блоки и области документов, лучше всего совпавшие с вопросом. Выводы делайте сами по приведённым источникам.",
    blocks: "Найденные блоки",
    lines: "Ключевые строки",
    images: "Изображения",
    page: "стр.",
    onDrawing: "на чертеже",
    near: "рядом",
    sector: "сектор",
    nothing: "По вопросу ничего не найдено в выбранных документах.",
    diff: "Различия (построчное сравнение, без модели)",
    sideA: "Документ A",
    sideB: "Документ B",
  },
  en: {
    notLlm:
      "**Evidence only — not an LLM answer.** No language model is configured, so below are the document blocks and regions that best match the question. Draw conclusions from the cited sources yourself.",
    blocks: "Matching blocks",
    lines: "Key lines",
    images: "Images",
    page: "p.",
    onDrawing: "on the drawing",
    near: "next to it",
    sector: "sector",
    nothing: "Nothing in the selected documents matches the question.",
    diff: "Differences (line comparison, no model)",
    sideA: "Document A",
    sideB: "Document B",
  },
} as const;

export function labels(language: QuestionLanguage) {
  return LABELS[language];
}
