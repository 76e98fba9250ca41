import { DomainError } from "../../domain/errors.js";
import type { DocumentParser, ParseOptions, ParsedPage } from "../document-parser.js";

/** What a scripted PDF holds; `scriptedPdf` writes it into bytes that `ScriptedDocumentParser` reads back. */
export interface PdfScript {
  pages: number;
  /** Every page's ink lacks a text layer. */
  needsOcr?: boolean;
  /** A page the parser cannot read, as MuPDF fails on a damaged page. */
  failAt?: number;
  encrypted?: boolean;
  /** Makes two documents with the same script differ in their bytes. */
  tag?: string;
}

const HEADER = "%PDF-1.7\n";
const TRAILER = "\n%%EOF\n";
const SCRIPT_LINE = /^% script (.*)$/m;

/** Bytes shaped like a PDF (header, one comment line, %%EOF trailer) that carry `script`. */
export function scriptedPdf(script: PdfScript): Uint8Array {
  return new TextEncoder().encode(`${HEADER}% script ${JSON.stringify(script)}${TRAILER}`);
}

/**
 * Verified fake of `DocumentParser` over `scriptedPdf` bytes. Page n of a 2384×1684 pt set holds a note
 * "Примечание. Лист n" in its text layer and a drawing labelled "В2" and "А3-13*". Validates as a PDF reader does:
 * the header, the trailer (a cut file has none), encryption, the page count against `maxPages`.
 */
export class ScriptedDocumentParser implements DocumentParser {
  /** Parses that got past validation. */
  parses = 0;

  constructor(private readonly limits: { maxPages: number } = { maxPages: 2000 }) {}

  async inspect(pdf: Uint8Array): Promise<{ pageCount: number }> {
    return { pageCount: this.read(pdf).pages };
  }

  async *parse(pdf: Uint8Array, options: ParseOptions = {}): AsyncIterable<ParsedPage> {
    const script = this.read(pdf);
    this.parses++;
    for (let n = 1; n <= script.pages; n++) {
      if (options.signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "parsing was cancelled");
      if (n === script.failAt) throw new DomainError("DOCUMENT.INVALID_FILE", `page ${n} could not be read`);
      yield {
        pageCount: script.pages,
        page: { number: n, width: 2384, height: 1684, rotation: 0, needsOcr: script.needsOcr ?? false },
        blocks: [
          { kind: "TEXT", bboxNorm: [0.1, 0.1, 0.3, 0.2], text: `Примечание. Лист ${n}`, source: "text-layer" },
          { kind: "IMAGE", bboxNorm: [0.4, 0.1, 0.9, 0.8], text: "В2\nА3-13*", source: "text-layer", anchor: `image@${n}` },
        ],
      };
    }
  }

  private read(pdf: Uint8Array): PdfScript {
    const text = new TextDecoder().decode(pdf);
    if (!text.startsWith("%PDF-")) throw new DomainError("DOCUMENT.INVALID_FILE", "not a PDF (no %PDF header)");
    if (!text.endsWith(TRAILER)) throw new DomainError("DOCUMENT.INVALID_FILE", "truncated PDF (no %%EOF marker)");
    const line = SCRIPT_LINE.exec(text);
    let script: PdfScript;
    try {
      script = JSON.parse(line?.[1] ?? "") as PdfScript;
    } catch {
      throw new DomainError("DOCUMENT.INVALID_FILE", "corrupt PDF: no script line");
    }
    if (script.encrypted) throw new DomainError("DOCUMENT.ENCRYPTED", "the PDF is encrypted with a password");
    if (script.pages === 0) throw new DomainError("DOCUMENT.EMPTY", "the PDF has no pages");
    if (script.pages > this.limits.maxPages) throw new DomainError("DOCUMENT.TOO_LARGE", `${script.pages} pages is more than the limit of ${this.limits.maxPages}`);
    return script;
  }
}
