import { describe, expect, it } from "vitest";
import { phaseLine, progressLine, queueLine, toolLine } from "./progress-lines.js";

/** Latin words on screen would be the server's ids or English notes leaking through ("dpi" is the unit engineers use). */
const latinWords = (line: string) => line.replace(/\d+ dpi/g, "").match(/[A-Za-z]{3,}/g) ?? [];

describe("the run's progress in Russian words", () => {
  it("names the phases while they run and once done, and the queue position as an ordinal", () => {
    expect(phaseLine("retrieve")).toBe("Ищу блоки…");
    expect(phaseLine("retrieve", true)).toBe("Блоки найдены");
    expect(phaseLine("ingest")).toBe("Обрабатываю документ…");
    expect(queueLine(2)).toBe("В очереди: 2-й");
    expect(queueLine(0)).toBe("Начинаю…");
  });

  it("says what a tool call looks for or at: the query, the sheet, the zoom", () => {
    expect(toolLine("search", { query: "перемычки 2 этажа", limit: 20 })).toBe("Ищу «перемычки 2 этажа»…");
    expect(toolLine("block_index", { query: "план 2 этажа" })).toBe("Смотрю каталог чертежей: «план 2 этажа»…");
    expect(toolLine("render", { block_id: "AAAA-BBBB-CCC", page: 3, kind: "roi", dpi: 300 })).toBe("Увеличиваю фрагмент листа 3 (300 dpi)…");
    expect(toolLine("render", { page: 2, kind: "overview", dpi: 100 })).toBe("Открываю чертёж листа 2 целиком…");
    expect(toolLine("render", { page: 2, kind: "quadrant" })).toBe("Смотрю четверть листа 2…");
    expect(toolLine("reject_request", { block_id: "ZZZZ-ZZZZ-ZZZ" })).toBe("Отклоняю запрос блока ZZZZ-ZZZZ-ZZZ: его нет среди найденных");
  });

  it("turns the server's English notes into Russian lines with their counts", () => {
    expect(progressLine({ phase: "ingest", message: "parse: page 3: 14 blocks", current: 3, total: 6 })).toBe("Разбираю листы: 3 из 6");
    expect(progressLine({ phase: "ingest", message: "ocr: page 2", current: 1, total: 2 })).toBe("Распознаю текст на листах: 1 из 2");
    expect(progressLine({ phase: "ingest", message: "index: block index not built: no key [LLM.NOT_CONFIGURED]; the document is added", current: 0, total: 0 })).toBe("Каталог чертежей не составлен — документ добавлен без него");
    expect(progressLine({ phase: "collect", message: "4 blocks selected, 2 image/region request(s)" })).toBe("Отобрано блоков: 4, запрошено изображений: 2");
    expect(progressLine({ phase: "render", message: "image budget reached; skipped roi of AAAA-BBBB-CCC" })).toBe("Лимит изображений исчерпан — остальные фрагменты пропущены");
    expect(progressLine({ phase: "intent", message: "intent call failed (timeout); using the keyword heuristic" })).toBe("Модель не разобрала вопрос — разбираю по ключевым словам");
  });

  it("falls back to a neutral Russian line for what it does not know, never the raw id or note", () => {
    const unknown = [phaseLine("vectorise"), phaseLine("vectorise", true), toolLine("measure_distance", { from: "A", to: "B" }), progressLine({ phase: "vectorise", message: "3 layers merged", current: 1, total: 3 }), progressLine({ phase: "ingest", message: "thumbnails: done" }), progressLine({ phase: "render", message: "warming the cache" })];
    expect(unknown).toEqual(["Выполняю шаг…", "Шаг выполнен", "Выполняю действие…", "Выполняю шаг: 1 из 3", "Обрабатываю документ", "Отрисовываю фрагменты листов…"]);
    for (const line of unknown) expect(latinWords(line)).toEqual([]);
  });
});
