import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorCode } from "../../domain/errors.js";
import { isValidBBox } from "../../domain/geometry.js";
import type { DocumentParser, ParseOptions, ParsedPage } from "../document-parser.js";
import { domainErrorOf } from "./domain-error-of.js";

/** A parser and the documents the suite feeds it, each built the way this parser's input is. */
export interface DocumentParserHarness {
  parser: DocumentParser;
  /** A valid document of `pages` sheets whose page n carries the text `Лист n` in its text layer and needs no OCR. */
  sheets(pages: number): Uint8Array;
  /** One sheet: a note starting "Примечание" in the text layer beside a dense drawing labelled "В2" and "А3-13*". */
  drawing(): Uint8Array;
  /** One sheet whose ink has no text layer at all (outlined CAD text, vector-only art). */
  outlined(): Uint8Array;
  encrypted(): Uint8Array;
  /** A valid document with zero pages. */
  empty(): Uint8Array;
  /** A document past the parser's limits (an absurd page size, too many pages). */
  tooLarge(): Uint8Array;
}

async function parseAll(parser: DocumentParser, pdf: Uint8Array, options?: ParseOptions): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  for await (const page of parser.parse(pdf, options)) pages.push(page);
  return pages;
}

/** The behaviour every `DocumentParser` adapter must show (core/ports/document-parser.ts), the scripted fake included. */
export function describeDocumentParserContract(name: string, make: () => Promise<DocumentParserHarness>): void {
  describe(`DocumentParser contract: ${name}`, () => {
    let harness: DocumentParserHarness;
    const parser = () => harness.parser;
    beforeAll(async () => {
      harness = await make();
    });

    it("counts the pages with inspect, and parse yields each once, in order, naming the same count", async () => {
      const pdf = harness.sheets(3);
      expect(await parser().inspect(pdf)).toEqual({ pageCount: 3 });
      const pages = await parseAll(parser(), pdf);
      expect(pages.map((p) => [p.page.number, p.pageCount])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      for (const { page, blocks } of pages) {
        expect(page.width).toBeGreaterThan(0);
        expect(page.height).toBeGreaterThan(0);
        expect([0, 90, 180, 270]).toContain(page.rotation);
        expect(page.needsOcr).toBe(false);
        expect(blocks.some((b) => new RegExp(`Лист ${page.number}(?!\\d)`).test(b.text)), `page ${page.number}`).toBe(true);
        for (const block of blocks) {
          expect(["TEXT", "TABLE", "IMAGE"]).toContain(block.kind);
          if (block.bboxNorm !== undefined) expect(isValidBBox(block.bboxNorm), JSON.stringify(block.bboxNorm)).toBe(true);
        }
      }
    });

    it("parses the same bytes to the same pages again", async () => {
      const pdf = harness.sheets(2);
      expect(await parseAll(parser(), pdf)).toEqual(await parseAll(parser(), pdf));
    });

    it("makes a drawing region an IMAGE draft carrying the labels inside it, and keeps them out of the text drafts", async () => {
      const [sheet] = await parseAll(parser(), harness.drawing());
      const images = sheet!.blocks.filter((b) => b.kind === "IMAGE");
      expect(images.some((b) => b.text.includes("В2") && b.text.includes("А3-13*"))).toBe(true);
      const texts = sheet!.blocks.filter((b) => b.kind === "TEXT");
      expect(texts.some((b) => b.text.startsWith("Примечание"))).toBe(true);
      expect(texts.some((b) => b.text.includes("В2"))).toBe(false);
    });

    it("flags a page whose ink has no text layer as needing OCR", async () => {
      const [sheet] = await parseAll(parser(), harness.outlined());
      expect(sheet!.page.needsOcr).toBe(true);
    });

    describe("refuses a bad file with a one-line reason, from inspect and from parse before any page", () => {
      const cases: Array<[string, () => Uint8Array, ErrorCode, RegExp]> = [
        ["bytes that are no PDF", () => new TextEncoder().encode("<html>План 2 этажа</html>"), "DOCUMENT.INVALID_FILE", /not a PDF/],
        ["a PDF cut in half", () => half(harness.sheets(3)), "DOCUMENT.INVALID_FILE", /truncated|corrupt/],
        ["an encrypted PDF", () => harness.encrypted(), "DOCUMENT.ENCRYPTED", /encrypted/],
        ["a PDF with no pages", () => harness.empty(), "DOCUMENT.EMPTY", /no pages/],
        ["a PDF past the limits", () => harness.tooLarge(), "DOCUMENT.TOO_LARGE", /./],
      ];
      it.each(cases)("%s", async (_what, bytes, code, reason) => {
          const inspected = await domainErrorOf(parser().inspect(bytes()));
        expect(inspected.code).toBe(code);
        expect(inspected.message).toMatch(reason);
        expect(inspected.message).not.toContain("\n");
        const yielded: number[] = [];
        const parsing = async () => {
          for await (const page of parser().parse(bytes())) yielded.push(page.page.number);
        };
        expect((await domainErrorOf(parsing)).code).toBe(code);
        expect(yielded).toEqual([]);
      });

      it("a PDF cut short anywhere, even before its first page (never DOCUMENT.EMPTY)", async () => {
        const whole = harness.sheets(3);
        // every 8th byte of the head (where the header, the first objects and the page tree sit), then spread out
        const early = Array.from({ length: 32 }, (_, i) => 8 * (i + 1));
        const spread = Array.from({ length: 15 }, (_, i) => Math.floor((whole.length * (i + 1)) / 16));
        for (const cut of [...early, ...spread].filter((c) => c < whole.length)) {
          const what = `cut at ${cut} of ${whole.length} bytes`;
          const inspected = await domainErrorOf(parser().inspect(whole.slice(0, cut)), what);
          expect(inspected.code, `${what}: ${inspected.message}`).toBe("DOCUMENT.INVALID_FILE");
          expect(inspected.message, what).toMatch(/truncated|corrupt|not a PDF/);
          expect((await domainErrorOf(() => parseAll(parser(), whole.slice(0, cut)), what)).code, what).toBe("DOCUMENT.INVALID_FILE");
        }
      });
    });

    it("stops with OPERATION.CANCELLED between pages once the signal aborts, and before the first if it already has", async () => {
      const pdf = harness.sheets(9);
      const controller = new AbortController();
      const seen: number[] = [];
      const parsing = async () => {
        for await (const page of parser().parse(pdf, { signal: controller.signal })) {
          seen.push(page.page.number);
          if (page.page.number === 2) controller.abort();
        }
      };
      expect((await domainErrorOf(parsing)).code).toBe("OPERATION.CANCELLED");
      expect(seen).toEqual([1, 2]);
      const aborted = domainErrorOf(() => parseAll(parser(), pdf, { signal: AbortSignal.abort() }));
      expect((await aborted).code).toBe("OPERATION.CANCELLED");
    });

    it("lets a caller stop reading early, and parses the next document whole", async () => {
      const pdf = harness.sheets(9);
      for await (const page of parser().parse(pdf)) {
        expect(page.page.number).toBe(1);
        break;
      }
      expect((await parseAll(parser(), pdf)).map((p) => p.page.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });
}

/** The first half of the bytes, as a download cut off midway leaves them. */
function half(bytes: Uint8Array): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length / 2));
}
