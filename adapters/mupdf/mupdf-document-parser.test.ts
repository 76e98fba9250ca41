import { deflateSync } from "node:zlib";
import * as mupdf from "mupdf";
import { describe, expect, it, vi } from "vitest";
import type { BlockDraft, ParsedPage } from "../../core/ports/document-parser.js";
import { type DocumentParserHarness, describeDocumentParserContract } from "../../core/ports/testing/document-parser.contract.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { drawingLabels } from "../../core/domain/drawing-labels.js";
import { MupdfDocumentParser } from "./mupdf-document-parser.js";
import { ParseWorkerPool } from "./parse-worker-pool.js";
import { SamplePdf, drawTitleBlock, handmadePdf } from "./testing/sample-pdf.js";

const parser = new MupdfDocumentParser();

async function parseAll(pdf: Uint8Array, p = parser): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  for await (const page of p.parse(pdf)) pages.push(page);
  return pages;
}

const SPEC = [
  ["Поз.", "Обозначение", "Наименование", "Кол."],
  ["1", "ГОСТ 948-2016", "Перемычка 2ПБ 13-1", "12"],
  ["2", "ГОСТ 948-2016", "Перемычка 2ПБ 19-3", "4"],
];

/** An A2 sheet with a framed layout: notes, a specification table, a hatched detail, a title block. */
function drawingSheet(): Uint8Array {
  return new SamplePdf()
    .page(1684, 1190, (p) => {
      p.rect(20, 20, 1664, 1170, 1);
      p.text(60, 60, "Общие данные. Проект выполнен в соответствии", 12).text(60, 75, "с заданием на проектирование.", 12);
      p.table([60, 100, 250, 450, 500], 120, 18, SPEC);
      p.hatch(700, 200, 1100, 500).text(800, 300, "В2", 8).text(900, 420, "А3-13*", 8);
      drawTitleBlock(p, 1684, 1190, { cipher: "133/23-ГК-АР4", sheet: "3", title: "План 2 этажа на отм. +4,950" });
    })
    .bytes();
}

const inside = (draft: BlockDraft, x: number, y: number) =>
  draft.bboxNorm !== undefined && draft.bboxNorm[0] <= x && x <= draft.bboxNorm[2] && draft.bboxNorm[1] <= y && y <= draft.bboxNorm[3];

/** The contract's documents, built with SamplePdf and MuPDF itself; `parser` decides how many threads parse. */
function harnessFor(parser: MupdfDocumentParser): DocumentParserHarness {
  const sheets = (pages: number) => {
    const pdf = new SamplePdf();
    for (let n = 1; n <= pages; n++) pdf.page(600, 400, (p) => p.text(40, 40, `Лист ${n}`, 14).text(40, 70, "Общие данные по разделу", 10));
    return pdf.bytes();
  };
  return {
    parser,
    sheets,
    drawing: () =>
      new SamplePdf()
        .page(1684, 1190, (p) => {
          p.text(60, 60, "Примечание: размеры даны в миллиметрах", 12).text(60, 75, "и уточняются по месту.", 12);
          p.hatch(700, 200, 1100, 500).text(800, 300, "В2", 8).text(900, 420, "А3-13*", 8);
        })
        .bytes(),
    outlined: () => new SamplePdf().page(600, 400, (p) => p.hatch(50, 50, 550, 350)).bytes(),
    encrypted: () => new mupdf.PDFDocument(sheets(1)).saveToBuffer("encrypt=aes-256,user-password=secret,owner-password=owner").asUint8Array().slice(),
    empty: () => {
      const doc = new mupdf.PDFDocument(sheets(1));
      doc.deletePage(0);
      return doc.saveToBuffer("").asUint8Array().slice();
    },
    tooLarge: () => new SamplePdf().page(20_000, 400, (p) => p.text(60, 60, "x", 14)).bytes(),
  };
}

describeDocumentParserContract("MupdfDocumentParser in the calling thread", async () => harnessFor(new MupdfDocumentParser({ parseWorkers: 1 })));
/** A parser whose worker is running: short test PDFs take a worker only once it was started. */
async function readyParser(config: ConstructorParameters<typeof MupdfDocumentParser>[0]): Promise<MupdfDocumentParser> {
  const parser = new MupdfDocumentParser(config);
  await parser.ready();
  return parser;
}

describeDocumentParserContract("MupdfDocumentParser with two parse threads", async () => harnessFor(await readyParser({ parseWorkers: 2 })));
describeDocumentParserContract("MupdfDocumentParser in worker threads only", async () => harnessFor(new MupdfDocumentParser({ parseWorkers: 2, parseInCallingThread: false })));

describe("MupdfDocumentParser.parse", () => {
  it("merges lines into paragraphs with page-relative boxes", async () => {
    const [page] = await parseAll(drawingSheet());
    expect(page!.page).toMatchObject({ number: 1, width: 1684, height: 1190, rotation: 0, needsOcr: false });
    const notes = page!.blocks.find((b) => b.text.startsWith("Общие данные"));
    expect(notes).toMatchObject({ kind: "TEXT", source: "text-layer", text: "Общие данные. Проект выполнен в соответствии\nс заданием на проектирование." });
    expect(inside(notes!, 60 / 1684, 55 / 1190)).toBe(true);
    for (const block of page!.blocks) expect(block.bboxNorm!.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("reads a ruled table as markdown rows, without repeating its cells as text blocks", async () => {
    const [page] = await parseAll(drawingSheet());
    const table = page!.blocks.find((b) => b.kind === "TABLE" && b.text.includes("Перемычка"));
    expect(table?.text).toBe(
      [
        "| Поз. | Обозначение | Наименование | Кол. |",
        "| --- | --- | --- | --- |",
        "| 1 | ГОСТ 948-2016 | Перемычка 2ПБ 13-1 | 12 |",
        "| 2 | ГОСТ 948-2016 | Перемычка 2ПБ 19-3 | 4 |",
      ].join("\n"),
    );
    expect(inside(table!, 200 / 1684, 140 / 1190)).toBe(true);
    expect(page!.blocks.filter((b) => b.kind === "TEXT" && b.text.includes("Перемычка"))).toEqual([]);
  });

  it("turns a dense vector drawing into an IMAGE block carrying the labels inside it", async () => {
    const [page] = await parseAll(drawingSheet());
    const images = page!.blocks.filter((b) => b.kind === "IMAGE");
    expect(images).toHaveLength(1);
    expect(images[0]!.text).toBe("В2\nА3-13*");
    expect(inside(images[0]!, 900 / 1684, 350 / 1190)).toBe(true);
    expect(inside(images[0]!, 60 / 1684, 60 / 1190)).toBe(false);
    expect(page!.blocks.some((b) => b.kind === "TEXT" && b.text.includes("В2"))).toBe(false);
    // each label's box on the page, in the order of the lines: «В2» drawn at (800, 300), «А3-13*» at (900, 420)
    const [first, second] = drawingLabels(images[0]!);
    expect(first).toMatchObject({ text: "В2" });
    expect(second).toMatchObject({ text: "А3-13*" });
    const holds = (box: readonly number[], x: number, y: number) => box[0]! <= x && x <= box[2]! && box[1]! <= y && y <= box[3]! + 0.002;
    expect(holds(first!.bbox, 805 / 1684, 298 / 1190)).toBe(true);
    expect(holds(second!.bbox, 905 / 1684, 418 / 1190)).toBe(true);
  });

  it("records each block's smallest text size in points (meta.textSize), whole points as MuPDF prints them", async () => {
    const pdf = new SamplePdf()
      .page(1684, 1190, (p) => {
        p.text(60, 60, "Общие данные. Проект выполнен в соответствии", 12);
        p.table([60, 100, 250, 450, 500], 120, 18, SPEC, 6);
        p.hatch(700, 200, 1100, 500).text(800, 300, "В2", 8).text(900, 420, "+4,950", 3.5);
      })
      .bytes();
    const [page] = await parseAll(pdf);
    const sizeOf = (kind: BlockDraft["kind"]) => page!.blocks.find((b) => b.kind === kind)?.meta?.textSize;
    expect([sizeOf("TEXT"), sizeOf("TABLE"), sizeOf("IMAGE")]).toEqual([12, 6, 3]);
  });

  it("recognises the title block: cipher, sheet and sheet title", async () => {
    const [page] = await parseAll(drawingSheet());
    expect(page!.page.stamp).toEqual({ cipher: "133/23-ГК-АР4", sheet: "3", stage: "Р", title: "План 2 этажа на отм. +4,950" });
    const stampTable = page!.blocks.find((b) => b.meta?.titleBlock === true);
    expect(stampTable?.text).toContain("133/23-ГК-АР4");
  });

  it("makes raster images IMAGE blocks", async () => {
    const pdf = new SamplePdf().page(600, 400, (p) => p.text(40, 40, "Фото фасада", 12).image(100, 100, 400, 300)).bytes();
    const [page] = await parseAll(pdf);
    const image = page!.blocks.find((b) => b.kind === "IMAGE");
    expect(image?.meta).toEqual({ raster: true });
    expect(image!.bboxNorm![0]).toBeCloseTo(100 / 600, 2);
    expect(image!.bboxNorm![3]).toBeCloseTo(300 / 400, 2);
  });

  it("flags pages whose ink has no text layer as needing OCR", async () => {
    const pdf = new SamplePdf()
      .page(600, 400, (p) => p.hatch(50, 50, 550, 350)) // outlined CAD text / vector-only sheet
      .page(600, 400, (p) => p.image(0, 0, 600, 400)) // a scan
      .page(600, 400, (p) => p.text(40, 40, "Примечание: размеры даны в миллиметрах", 12).hatch(100, 100, 300, 300))
      .page(600, 400, (p) => p.text(40, 40, "В2", 8).hatch(50, 50, 550, 350)) // a few labels on a dense drawing
      .page(600, 400, () => undefined) // blank
      .bytes();
    const pages = await parseAll(pdf);
    expect(pages.map((p) => p.page.needsOcr)).toEqual([true, true, false, true, false]);
  });

  it("reports boxes in the rotated page's coordinates", async () => {
    const source = new mupdf.PDFDocument(new SamplePdf().page(600, 400, (p) => p.text(20, 30, "Угол", 12)).bytes());
    source.loadPage(0).getObject().put("Rotate", 90);
    const rotated = source.saveToBuffer("").asUint8Array().slice();
    const [page] = await parseAll(rotated);
    expect(page!.page).toMatchObject({ width: 400, height: 600, rotation: 90 });
    const [block] = page!.blocks;
    // text near the top-left of the unrotated page sits near the top-right once turned 90° clockwise
    expect(block!.bboxNorm![0]).toBeGreaterThan(0.8);
    expect(block!.bboxNorm![1]).toBeLessThan(0.1);
  });
});

describe("MupdfDocumentParser on a generated drawing set", () => {
  it("recovers every sheet's title block and tables, and keeps the floor plan's labels in one drawing block", async () => {
    const set = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: "parser" });
    const pages = await parseAll(set.pdf);
    for (const [i, page] of pages.entries()) {
      const truth = set.truth.sheets[i]!;
      expect(page.page.stamp).toMatchObject({ cipher: truth.stamp.cipher, sheet: truth.stamp.sheet, title: truth.stamp.title });
      const tables = page.blocks.filter((b) => b.kind === "TABLE").map((b) => b.text);
      for (const table of truth.tables) {
        const header = `| ${table.header.join(" | ")} |`;
        expect(tables.some((t) => t.startsWith(header) && t.split("\n").length === table.rows.length + 2)).toBe(true);
      }
    }
    const plan = pages[0]!.blocks.filter((b) => b.kind === "IMAGE");
    expect(plan).toHaveLength(1);
    const lintelMarks = set.truth.sheets[0]!.texts.filter((t) => t.role === "mark").map((t) => t.text);
    for (const mark of lintelMarks) expect(plan[0]!.text).toContain(mark);
  });

  it("reads a CAD-weight sheet (~38k paths, tiled rooms, hatched walls) to its ruled tables and title block alone", async () => {
    // the plan's axes, tiled wet rooms and hatched walls all form ruled grids; hunting tables in them took minutes
    const set = generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 3 }], heavy: true, seed: "parser" });
    const [page] = await parseAll(set.pdf);
    const truth = set.truth.sheets[0]!;
    expect(page!.page.stamp).toMatchObject({ cipher: truth.stamp.cipher, title: truth.stamp.title });
    const tables = page!.blocks.filter((b) => b.kind === "TABLE" && b.meta?.titleBlock !== true).map((b) => b.text);
    expect(tables).toHaveLength(truth.tables.length);
    for (const table of truth.tables) expect(tables.some((t) => t.startsWith(`| ${table.header.join(" | ")} |`) && t.split("\n").length === table.rows.length + 2)).toBe(true);
  });
});

describe("MupdfDocumentParser with parse workers", () => {
  const set = generateDrawingSet({
    sheets: Array.from({ length: 9 }, (_, i) => (i % 3 === 2 ? { kind: "specification" as const } : { kind: "floor-plan" as const, floor: 1 + i })),
    seed: "workers",
  });

  it("parses a long set in two workers to exactly the pages the calling thread reads, in order", async () => {
    const inThread = await parseAll(set.pdf, new MupdfDocumentParser({ parseWorkers: 1 }));
    // nine sheets take a worker only once it is running (a worker yet to start costs more than they do)
    const pooled = await parseAll(set.pdf, await readyParser({ parseWorkers: 2 }));
    expect(pooled.map((p) => p.page.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pooled).toEqual(inThread);
  });

  it("gives a short set to a worker started ahead, ready or not (its start is paid), and keeps it here otherwise", async () => {
    const opened = vi.spyOn(ParseWorkerPool.prototype, "open");
    const inThread = await parseAll(set.pdf, new MupdfDocumentParser({ parseWorkers: 2 }));
    expect(opened).not.toHaveBeenCalled();
    const warming = new MupdfDocumentParser({ parseWorkers: 2, warmWorkers: true });
    try {
      expect(await parseAll(set.pdf, warming)).toEqual(inThread);
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
      await warming.close();
    }
  });

  it("leaves the calling thread's event loop free when told to parse in workers only (a server's requests go on)", async () => {
    const heavy = generateDrawingSet({ sheets: [1, 2, 3, 4].map((floor) => ({ kind: "floor-plan" as const, floor })), heavy: true, seed: "loop" }).pdf;
    // the time the calling thread's event loop was busy (not waiting for I/O or a worker) while the parser ran: the
    // time a server's requests would wait. Busy time, not the longest gap between timer turns: on a loaded 2-core
    // machine a gap also measures the scheduler and the collector, and CI saw a worker-only run's gap exceed a
    // warm in-thread parse's
    // warm, both: measured on the second document, as a server parses. Cold, the workers' start (spawning, opening
    // the file there) weighed as much as a warm in-thread parse on CI (76 ms against 135 ms under Node 24)
    const busyWhile = async (parser: MupdfDocumentParser) => {
      try {
        await parseAll(heavy, parser);
        const before = performance.eventLoopUtilization();
        const pages = await parseAll(heavy, parser);
        return { busy: performance.eventLoopUtilization(before).active, pages };
      } finally {
        await parser.close();
      }
    };
    const inThread = await busyWhile(new MupdfDocumentParser({ parseWorkers: 1 }));
    const offThread = await busyWhile(new MupdfDocumentParser({ parseWorkers: 2, parseInCallingThread: false }));
    expect(offThread.pages).toEqual(inThread.pages);
    expect(offThread.busy).toBeLessThan(inThread.busy / 3);
  });

  it("stops when cancelled, and a page error in a worker arrives as the same one-line error", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const parser = await readyParser({ parseWorkers: 2 });
    const run = async () => {
      for await (const page of parser.parse(set.pdf, { signal: controller.signal })) {
        seen.push(page.page.number);
        if (page.page.number === 3) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: "OPERATION.CANCELLED" });
    expect(seen).toEqual([1, 2, 3]);

    // a page MuPDF cannot read comes back from the worker as the one-line DomainError the calling thread throws
    const pool = new ParseWorkerPool(1);
    try {
      const document = pool.open(set.pdf, 1);
      await expect(document.parse(41)).rejects.toMatchObject({ code: "DOCUMENT.INVALID_FILE", message: expect.stringMatching(/^page 42 could not be read: \S/) });
      expect((await document.parse(0)).page.number).toBe(1);
      document.close();
    } finally {
      await pool.close();
    }
  });

  it("closes a pool right after warming it, with its workers still loading MuPDF, and the process lives on", async () => {
    // Node 22 aborted the whole process when a worker was stopped while its module was still evaluating (the
    // warm-up ran inside it, after MuPDF's top-level await): a short command closed its deployment while the parse
    // workers it had warmed were starting. The stops fall before, in and after a worker's warm-up.
    for (let round = 0; round < 9; round++) {
      const pool = new ParseWorkerPool(2);
      pool.warm();
      await new Promise((resolve) => setTimeout(resolve, round * 110));
      await pool.close();
    }
    const pool = new ParseWorkerPool(1);
    try {
      expect((await pool.open(set.pdf, 1).parse(0)).page.number).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("keeps its workers from one document to the next, each document's pages its own", async () => {
    const other = generateDrawingSet({ sheets: 8, seed: "second" }).pdf;
    const parser = new MupdfDocumentParser({ parseWorkers: 2, parseInCallingThread: false, warmWorkers: true });
    try {
      const alone = async (pdf: Uint8Array) => parseAll(pdf, new MupdfDocumentParser({ parseWorkers: 1 }));
      // two documents at once in the same workers, then one after the other
      const [first, second] = await Promise.all([parseAll(set.pdf, parser), parseAll(other, parser)]);
      expect(first).toEqual(await alone(set.pdf));
      expect(second).toEqual(await alone(other));
      expect(await parseAll(other, parser)).toEqual(second);
    } finally {
      await parser.close();
    }
  });
});

describe("MupdfDocumentParser.inspect rejects bad input with a one-line reason", () => {
  const good = new SamplePdf().page(600, 400, (p) => p.text(60, 60, "Общие данные", 14).hatch(100, 100, 300, 300)).bytes();
  const cases: Array<[string, () => Uint8Array, string, RegExp, MupdfDocumentParser?]> = [
    ["not a PDF", () => new TextEncoder().encode("<html>hello</html>"), "DOCUMENT.INVALID_FILE", /not a PDF/],
    ["a truncated PDF", () => good.slice(0, Math.floor(good.length / 2)), "DOCUMENT.INVALID_FILE", /truncated/],
    ["garbage after a PDF header", () => new TextEncoder().encode("%PDF-1.7\n garbage\n%%EOF"), "DOCUMENT.INVALID_FILE", /corrupt PDF/],
    [
      "an encrypted PDF",
      () => new mupdf.PDFDocument(good).saveToBuffer("encrypt=aes-256,user-password=secret,owner-password=owner").asUint8Array().slice(),
      "DOCUMENT.ENCRYPTED",
      /encrypted/,
    ],
    [
      "a PDF with zero pages",
      () => {
        const doc = new mupdf.PDFDocument(good);
        doc.deletePage(0);
        return doc.saveToBuffer("").asUint8Array().slice();
      },
      "DOCUMENT.EMPTY",
      /no pages/,
    ],
    ["an absurd page size", () => new SamplePdf().page(20_000, 400, (p) => p.text(60, 60, "x", 14)).bytes(), "DOCUMENT.TOO_LARGE", /20000×400 pt/],
    [
      "too many pages",
      () => new SamplePdf().page(100, 100, () => undefined).page(100, 100, () => undefined).page(100, 100, () => undefined).bytes(),
      "DOCUMENT.TOO_LARGE",
      /3 pages is more than the limit of 2/,
      new MupdfDocumentParser({ maxPages: 2 }),
    ],
    [
      "an image bomb (huge declared image, tiny data)",
      () =>
        handmadePdf([
          "<< /Type /Catalog /Pages 2 0 R >>",
          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
          "<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8 /ColorSpace /DeviceGray /Length 3 >>\nstream\nabc\nendstream",
          "<< /Length 30 >>\nstream\nq 600 0 0 400 0 0 cm /Im1 Do Q\nendstream",
        ]),
      "DOCUMENT.TOO_LARGE",
      /100000×100000 px/,
    ],
    [
      "a content-stream bomb (a few KB inflating past the stream cap)",
      () => {
        const content = deflateSync(Buffer.from(`0 0 m 10 10 l S\n${" ".repeat(3 * 2 ** 20)}`)).toString("latin1");
        return handmadePdf([
          "<< /Type /Catalog /Pages 2 0 R >>",
          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Contents 4 0 R >>",
          `<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n${content}\nendstream`,
        ]);
      },
      "DOCUMENT.TOO_LARGE",
      /stream object 4 inflates to more than 1 MB \(\d+ KB compressed\): a decompression bomb/,
      new MupdfDocumentParser({ maxStreamBytes: 2 ** 20 }),
    ],
    [
      "images whose total pixel count is over the cap",
      () => new SamplePdf().page(600, 400, (p) => p.image(0, 0, 300, 400, 400, 400).image(300, 0, 600, 400, 300, 400)).bytes(),
      "DOCUMENT.TOO_LARGE",
      /raster images total/,
      new MupdfDocumentParser({ maxTotalImagePixels: 200_000 }),
    ],
  ];

  it.each(cases)("%s", async (_name, make, code, message, p = parser) => {
    const error = await p.inspect(make()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
    // parse validates the same way before yielding anything
    await expect(parseAll(make(), p)).rejects.toMatchObject({ code });
  });

  it("accepts a good PDF", async () => {
    expect(await parser.inspect(good)).toEqual({ pageCount: 1 });
  });
});
