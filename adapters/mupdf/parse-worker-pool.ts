import { Worker } from "node:worker_threads";
import { DomainError } from "../../core/domain/errors.js";
import type { ParsedPage } from "../../core/ports/document-parser.js";
import type { ParseReply, ParseRequest } from "./mupdf-parse-worker.js";
import { MupdfConfig } from "./mupdf.config.js";
import { WASM_MODULE_KEY, mupdfWasmModule } from "./mupdf-wasm.js";

/** A page as a worker parses it; the parser adds the document's page count. */
type PageOfDocument = Omit<ParsedPage, "pageCount">;

// Built code runs the compiled worker; sources (tests, benches) run the TypeScript one with tsx's loader
// registered first (a worker does not inherit the loader its parent was started with).
const compiled = import.meta.url.endsWith(".js");
const WORKER = new URL(`./mupdf-parse-worker.${compiled ? "js" : "ts"}`, import.meta.url);
const startWorker = (workerData: unknown) =>
  compiled
    ? new Worker(WORKER, { workerData })
    : new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`, { eval: true, workerData });

/** workerData key: the worker parses a made-up sheet before its first request (see the worker's `warmUp`). */
export const WARM_UP_KEY = "warmUp";
/** workerData key: the cap on a page's inflated content (MupdfConfig's `maxStreamBytes`). */
export const MAX_STREAM_BYTES_KEY = "maxStreamBytes";

/** Idle workers are stopped after this long without a document (a server keeps no MuPDF heaps it does not use). */
const IDLE_MS = 60_000;

interface Pending {
  resolve: (page: PageOfDocument) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Settles once the worker's modules have loaded, or it has stopped. */
  loaded: Promise<void>;
  /** Whether it has said it is ready (its modules loaded, MuPDF's WASM instantiated). */
  ready: boolean;
  /** Pages asked for and not answered, keyed `document:index`. */
  pending: Map<string, Pending>;
}

/**
 * Stops a worker once its modules have loaded: Node 22 aborts the whole process (a V8 check in
 * `AsyncModuleExecutionFulfilled`) when a worker is terminated while a module's top-level await is pending, as
 * MuPDF's is while its WASM loads. A warmed pool closed right after it started (a short command) did exactly that.
 */
async function stopThread(thread: Thread): Promise<void> {
  // an idle worker is unref'd: held again, or a process with nothing else to do would exit before it hears "ready"
  thread.worker.ref();
  await thread.loaded;
  await thread.worker.terminate();
}

/** One document open in some of the pool's workers. */
export interface PooledDocument {
  readonly size: number;
  parse(index: number): Promise<PageOfDocument>;
  /** Releases the document in its workers (the workers stay, for the next document). */
  close(): void;
}

/**
 * Worker threads, each with its own MuPDF (MuPDF's WASM is single-threaded, so a second core only helps from a
 * second instance), started once and reused for every document: a worker's start-up (its module graph, MuPDF's
 * instance, first-page warm-up) costs about as much as a few heavy pages. `warm()` starts them ahead of the first
 * document, so a CLI's start-up (the store, migrations) overlaps theirs. Workers hold the process open only while
 * a document is open in them, and stop after `IDLE_MS` without one.
 */
export class ParseWorkerPool {
  private readonly threads: Thread[] = [];
  private nextDocument = 0;
  private openDocuments = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly count: number,
    private readonly maxStreamBytes = MupdfConfig.parse({}).maxStreamBytes,
  ) {}

  get capacity(): number {
    return this.count;
  }

  /** Whether every worker is running and ready: a document opened now does not wait for a worker's start. */
  get ready(): boolean {
    return this.threads.length === this.count && this.threads.every((thread) => thread.ready);
  }

  /** Whether every worker has been started (`warm()`), ready or still starting: its start is paid for already. */
  get started(): boolean {
    return this.threads.length === this.count;
  }

  /** Start the workers that are not running, and settle once they are ready. */
  async whenReady(): Promise<void> {
    this.warm();
    await Promise.all(this.threads.map((thread) => thread.loaded));
  }

  /** Start the workers that are not running (a stopped or failed one is replaced). */
  warm(): void {
    if (this.closed) return;
    while (this.threads.length < this.count) this.threads.push(this.startThread(true));
    if (this.openDocuments === 0) this.idle();
  }

  /** Open `pdf` in `count` of the workers (at most the pool's size), which parse its pages on request. */
  open(pdf: Uint8Array, count: number): PooledDocument {
    if (this.closed) throw new DomainError("INTERNAL", "the PDF parse workers were closed");
    while (this.threads.length < this.count) this.threads.push(this.startThread(false));
    clearTimeout(this.idleTimer);
    this.openDocuments++;
    for (const thread of this.threads) thread.worker.ref();
    const document = this.nextDocument++;
    const used = this.threads.slice(0, Math.max(1, Math.min(count, this.threads.length)));
    for (const thread of used) thread.worker.postMessage({ type: "open", document, pdf } satisfies ParseRequest);
    let open = true;
    return {
      size: used.length,
      parse: (index) => {
        // pages are dealt to the least busy worker
        const thread = used.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
        return new Promise<PageOfDocument>((resolve, reject) => {
          if (!this.threads.includes(thread)) return reject(new DomainError("INTERNAL", "a PDF parse worker stopped"));
          thread.pending.set(`${document}:${index}`, { resolve, reject });
          thread.worker.postMessage({ type: "page", document, index } satisfies ParseRequest);
        });
      },
      close: () => {
        if (!open) return;
        open = false;
        for (const thread of used) {
          for (const key of thread.pending.keys()) if (key.startsWith(`${document}:`)) thread.pending.delete(key);
          if (this.threads.includes(thread)) thread.worker.postMessage({ type: "close", document } satisfies ParseRequest);
        }
        if (--this.openDocuments === 0) this.idle();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await Promise.all(this.threads.splice(0).map(stopThread));
  }

  /** No document open: the workers no longer hold the process, and stop if none comes for a while. */
  private idle(): void {
    for (const thread of this.threads) thread.worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      for (const thread of this.threads.splice(0)) void stopThread(thread);
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  /** `warmUp`: started ahead of its documents, so it has time to warm up on a made-up sheet. */
  private startThread(warmUp: boolean): Thread {
    // the module this thread compiled: the worker instantiates it instead of reading and compiling 10 MB again
    const worker = startWorker({ [WASM_MODULE_KEY]: mupdfWasmModule(), [WARM_UP_KEY]: warmUp, [MAX_STREAM_BYTES_KEY]: this.maxStreamBytes });
    let loaded!: () => void;
    const thread: Thread = { worker, pending: new Map(), ready: false, loaded: new Promise<void>((resolve) => (loaded = resolve)) };
    worker.on("message", (reply: ParseReply) => {
      if ("type" in reply) {
        thread.ready = true;
        return loaded();
      }
      const key = `${reply.document}:${reply.index}`;
      const waiting = thread.pending.get(key);
      thread.pending.delete(key);
      if ("error" in reply) waiting?.reject(DomainError.fromJSON(reply.error));
      else waiting?.resolve(reply.page);
    });
    const fail = (error: Error) => {
      loaded();
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const waiting of thread.pending.values()) waiting.reject(new DomainError("INTERNAL", `a PDF parse worker stopped: ${error.message}`, { cause: error }));
      thread.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => this.threads.includes(thread) && fail(new Error(`exit code ${code}`)));
    return thread;
  }
}
