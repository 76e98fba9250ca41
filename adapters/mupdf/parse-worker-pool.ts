import { Worker } from "node:worker_threads";
import { DomainError } from "../../core/domain/errors.js";
import type { ParsedPage } from "../../core/ports/document-parser.js";

/** A page as a worker parses it; the parser adds the document's page count. */
type PageOfDocument = Omit<ParsedPage, "pageCount">;
import type { ParseReply } from "./mupdf-parse-worker.js";
import { WASM_MODULE_KEY, mupdfWasmModule } from "./mupdf-wasm.js";

// Built code runs the compiled worker; sources (tests, benches) run the TypeScript one with tsx's loader
// registered first (a worker does not inherit the loader its parent was started with).
const compiled = import.meta.url.endsWith(".js");
const WORKER = new URL(`./mupdf-parse-worker.${compiled ? "js" : "ts"}`, import.meta.url);
const startWorker = (workerData: unknown) =>
  compiled
    ? new Worker(WORKER, { workerData })
    : new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`, { eval: true, workerData });

interface Pending {
  resolve: (page: PageOfDocument) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads, each holding the same PDF open in its own MuPDF, parsing pages on request: MuPDF's WASM is
 * single-threaded, so a second core only helps from a second instance. Pages are dealt to the least busy worker.
 */
export class ParseWorkerPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }>;
  private closed = false;

  constructor(pdf: Uint8Array, count: number) {
    this.workers = Array.from({ length: count }, () => {
      // the module this thread compiled: the worker instantiates it instead of reading and compiling 10 MB again
      const worker = startWorker({ pdf, [WASM_MODULE_KEY]: mupdfWasmModule() });
      const entry = { worker, pending: new Map<number, Pending>() };
      worker.on("message", (reply: ParseReply) => {
        const waiting = entry.pending.get(reply.index);
        entry.pending.delete(reply.index);
        if ("error" in reply) waiting?.reject(DomainError.fromJSON(reply.error));
        else waiting?.resolve(reply.page);
      });
      const fail = (error: Error) => {
        for (const waiting of entry.pending.values()) waiting.reject(new DomainError("INTERNAL", `a PDF parse worker stopped: ${error.message}`, { cause: error }));
        entry.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => !this.closed && fail(new Error(`exit code ${code}`)));
      return entry;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  parse(index: number): Promise<PageOfDocument> {
    const entry = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise<PageOfDocument>((resolve, reject) => {
      entry.pending.set(index, { resolve, reject });
      entry.worker.postMessage({ index });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
