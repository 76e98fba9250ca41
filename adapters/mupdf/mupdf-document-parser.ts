import type * as mupdf from "mupdf";
import { DomainError } from "../../core/domain/errors.js";
import type { DocumentParser, ParseOptions, ParsedPage } from "../../core/ports/document-parser.js";
import { MupdfConfig } from "./mupdf.config.js";
import { withMupdf } from "./mupdf-errors.js";
import { inspectPdf, openPdf } from "./open-pdf.js";
import { parsePage } from "./parse-page.js";
import { ParseWorkerPool, type PooledDocument } from "./parse-worker-pool.js";

/**
 * Below this many pages per thread, a started worker costs more than it saves. A started one counts even while it
 * is still starting: the CLI and the server start theirs ahead, their start is paid, and this thread parses the
 * next pages meanwhile (in `docs add` the worker was often a few hundred ms from ready when parsing began, and a
 * 20-sheet set then ran in this thread alone: 3.3 s end to end, 2.9 s with the worker). A worker yet to start (its
 * module graph, MuPDF's instance, code V8 has not optimised yet) costs about as much as 20–30 heavy sheets parsed
 * here (measured on the heavy sets, calling thread alone against a cold worker: 20 sheets 1.35 s / 1.59 s, 50 sheets
 * 2.20 s / 2.45 s, 100 sheets 4.60 s / 3.75 s).
 */
const PAGES_PER_WORKER = 4;
const PAGES_PER_COLD_WORKER = 32;
/** Pages parsed by this thread ahead of the one due next (bounds memory while a worker lags). */
const READ_AHEAD = 8;

/** DocumentParser over MuPDF: structured text, table detection in ruled regions, drawing regions, title blocks. */
export class MupdfDocumentParser implements DocumentParser {
  private readonly config: MupdfConfig;
  /** The worker threads, kept from one document to the next (see ParseWorkerPool). */
  private readonly workers: ParseWorkerPool;

  constructor(config: Partial<MupdfConfig> = {}) {
    this.config = MupdfConfig.parse(config);
    this.workers = new ParseWorkerPool(this.config.parseInCallingThread ? this.config.parseWorkers - 1 : this.config.parseWorkers, this.config.maxStreamBytes);
    if (this.config.warmWorkers) this.workers.warm();
  }

  /** Start the worker threads ahead of a document and settle once they are ready (a short PDF then uses them too). */
  ready(): Promise<void> {
    return this.workers.whenReady();
  }

  /** Stop the worker threads (idle ones stop by themselves; this is for a container's unbind and for tests). */
  close(): Promise<void> {
    return this.workers.close();
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
    let pool: PooledDocument | undefined;
    try {
      // workers start (each loads MuPDF and the file) while this thread validates the whole file
      const counted = withMupdf("corrupt PDF", "DOCUMENT.INVALID_FILE", () => document.countPages());
      const threads = Math.min(this.config.parseWorkers, Math.floor(counted / (this.workers.started ? PAGES_PER_WORKER : PAGES_PER_COLD_WORKER)));
      const inCallingThread = this.config.parseInCallingThread;
      if (counted <= this.config.maxPages) {
        if (!inCallingThread && counted > 0) pool = this.workers.open(pdf, Math.max(1, threads));
        else if (threads >= 2) pool = this.workers.open(pdf, threads - 1);
      }
      // each page's content is checked against the stream cap as it is parsed, inflated once
      const { pageCount } = inspectPdf(document, pdf, this.config, { contentsCheckedWhenRead: true });
      const parseOne = (index: number) => parseAt(document, index, this.config.maxStreamBytes);
      const pages = !pool ? parseHere(parseOne, pageCount, options) : inCallingThread ? parseShared(parseOne, pool, pageCount, options) : parseInWorkers(pool, pageCount, options);
      for await (const page of pages) yield { ...page, pageCount };
    } finally {
      document.destroy();
      pool?.close();
    }
  }
}

type PageOfDocument = Omit<ParsedPage, "pageCount">;

type ParseOne = (index: number) => PageOfDocument;

function parseAt(document: mupdf.PDFDocument, index: number, maxStreamBytes: number): PageOfDocument {
  return withMupdf(`page ${index + 1} could not be read`, "DOCUMENT.INVALID_FILE", () => parsePage(document, index, maxStreamBytes));
}

async function* parseHere(parseOne: ParseOne, pageCount: number, options: ParseOptions): AsyncIterable<PageOfDocument> {
  for (let index = 0; index < pageCount; index++) {
    if (options.signal?.aborted) throw cancelled();
    yield parseOne(index);
    // let progress output and cancellation through between pages of a long set
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Pages parsed by this thread and the pool together, yielded in order. The pool always has the lowest unclaimed
 * pages queued (two in progress per worker); while the page due next is still in a worker, this thread parses the
 * next unclaimed page itself instead of waiting. At most `READ_AHEAD` pages parsed here, and as many as the
 * workers are given, wait to be yielded.
 */
async function* parseShared(parseOne: ParseOne, pool: PooledDocument, pageCount: number, options: ParseOptions): AsyncIterable<PageOfDocument> {
  const parsed = new Map<number, PageOfDocument>();
  const inWorkers = new Map<number, { promise: Promise<PageOfDocument>; settled: boolean }>();
  let unclaimed = 0;
  for (let index = 0; index < pageCount; index++) {
    for (;;) {
      if (options.signal?.aborted) throw cancelled();
      // a worker is fed as soon as one of its pages is done, not when that page's turn to be yielded comes: this
      // thread runs ahead on later pages meanwhile, and a worker waiting for it would idle (measured: two threads
      // no faster than one on the heavy set)
      const busy = () => [...inWorkers.values()].filter((job) => !job.settled).length;
      for (; unclaimed < pageCount && busy() < 2 * pool.size && parsed.size + inWorkers.size < READ_AHEAD + 2 * pool.size; unclaimed++) {
        const job = { promise: pool.parse(unclaimed), settled: false };
        // awaited in order below; a failure of a later page must not go unhandled meanwhile
        job.promise.then(() => (job.settled = true), () => (job.settled = true));
        inWorkers.set(unclaimed, job);
      }
      if (parsed.has(index)) break;
      const job = inWorkers.get(index);
      if (!job || job.settled || unclaimed >= pageCount || parsed.size >= READ_AHEAD) {
        if (!job) parsed.set(index, parseOne(index));
        else {
          parsed.set(index, await job.promise);
          inWorkers.delete(index);
        }
        break;
      }
      parsed.set(unclaimed, parseOne(unclaimed));
      unclaimed++;
      // let the workers' replies in before deciding again
      await new Promise((resolve) => setImmediate(resolve));
    }
    const page = parsed.get(index)!;
    parsed.delete(index);
    yield page;
  }
}

/** Pages parsed by the pool alone, yielded in order, with two per worker in flight (bounds memory as READ_AHEAD does). */
async function* parseInWorkers(pool: PooledDocument, pageCount: number, options: ParseOptions): AsyncIterable<PageOfDocument> {
  const inFlight = new Map<number, Promise<PageOfDocument>>();
  let unclaimed = 0;
  for (let index = 0; index < pageCount; index++) {
    if (options.signal?.aborted) throw cancelled();
    for (; unclaimed < pageCount && inFlight.size < 2 * pool.size; unclaimed++) {
      const job = pool.parse(unclaimed);
      // awaited in order below; a failure of a later page must not go unhandled meanwhile
      job.catch(() => undefined);
      inFlight.set(unclaimed, job);
    }
    const page = await inFlight.get(index)!;
    inFlight.delete(index);
    yield page;
  }
}

const cancelled = () => new DomainError("OPERATION.CANCELLED", "parsing was cancelled");
