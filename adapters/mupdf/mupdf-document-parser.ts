import { DomainError } from "../../core/domain/errors.js";
import type { DocumentParser, ParseOptions, ParsedPage } from "../../core/ports/document-parser.js";
import { MupdfConfig } from "./mupdf.config.js";
import { withMupdf } from "./mupdf-errors.js";
import { inspectPdf, openPdf } from "./open-pdf.js";
import { parsePage } from "./parse-page.js";
import { ParseWorkerPool } from "./parse-worker-pool.js";

/** Below this many pages per worker, starting a worker's MuPDF costs more than it saves. */
const PAGES_PER_WORKER = 4;

/** DocumentParser over MuPDF: structured text, table detection in ruled regions, drawing regions, title blocks. */
export class MupdfDocumentParser implements DocumentParser {
  private readonly config: MupdfConfig;

  constructor(config: Partial<MupdfConfig> = {}) {
    this.config = MupdfConfig.parse(config);
  }

  async inspect(pdf: Uint8Array): Promise<{ pageCount: number }> {
    const document = openPdf(pdf);
    try {
      return inspectPdf(document, pdf, this.config);
    } finally {
      document.destroy();
    }
  }

  async *parse(pdf: Uint8Array, options: ParseOptions = {}): AsyncIterable<ParsedPage> {
    const document = openPdf(pdf);
    let pool: ParseWorkerPool | undefined;
    let pageCount: number;
    try {
      // workers start (each loads MuPDF and the file) while this thread validates the whole file
      const counted = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => document.countPages());
      const workers = Math.min(this.config.parseWorkers, Math.floor(counted / PAGES_PER_WORKER));
      if (workers >= 2 && counted <= this.config.maxPages) pool = new ParseWorkerPool(pdf, workers);
      ({ pageCount } = inspectPdf(document, pdf, this.config));
    } catch (error) {
      document.destroy();
      await pool?.close();
      throw error;
    }
    if (pool) {
      document.destroy();
      yield* this.parseInWorkers(pool, pageCount, options);
      return;
    }
    try {
      for (let index = 0; index < pageCount; index++) {
        if (options.signal?.aborted) throw cancelled();
        yield withMupdf(`page ${index + 1} could not be read`, "DOCUMENT.INVALID_FILE", () => parsePage(document, index));
        // let progress output and cancellation through between pages of a long set
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      document.destroy();
    }
  }

  /** Pages parsed by a worker pool, yielded in order; at most two pages per worker are read ahead of the consumer. */
  private async *parseInWorkers(pool: ParseWorkerPool, pageCount: number, options: ParseOptions): AsyncIterable<ParsedPage> {
    const ahead = new Map<number, Promise<ParsedPage>>();
    let next = 0;
    try {
      for (let index = 0; index < pageCount; index++) {
        if (options.signal?.aborted) throw cancelled();
        for (; next < pageCount && ahead.size < 2 * pool.size; next++) {
          const page = pool.parse(next);
          page.catch(() => undefined); // awaited in order below; a later page's failure must not go unhandled meanwhile
          ahead.set(next, page);
        }
        const page = await ahead.get(index)!;
        ahead.delete(index);
        yield page;
      }
    } finally {
      await pool.close();
    }
  }
}


const cancelled = () => new DomainError("OPERATION.CANCELLED", "parsing was cancelled");
