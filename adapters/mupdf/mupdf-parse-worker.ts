/**
 * A parse worker: holds the PDFs it is given open (one `open` message each) and parses the pages it is asked
 * for, one message each, until the document is closed; it outlives documents, so its MuPDF starts once.
 * Errors travel back as a DomainError's JSON so the caller rethrows the same one-line error.
 */
// before "mupdf": it configures MuPDF's WASM as it loads (here: from the module the parent compiled)
import "./mupdf-wasm.js";
import { parentPort, workerData } from "node:worker_threads";
import * as mupdf from "mupdf";
import { DomainError } from "../../core/domain/errors.js";
import { withMupdf } from "./mupdf-errors.js";
import { openPdf } from "./open-pdf.js";
import { parsePage } from "./parse-page.js";
import { MAX_STREAM_BYTES_KEY, WARM_UP_KEY } from "./parse-worker-pool.js";

export type ParseRequest =
  | { type: "open"; document: number; pdf: Uint8Array }
  | { type: "page"; document: number; index: number }
  | { type: "close"; document: number };

export type ParseReply =
  /** The worker's modules have loaded (MuPDF's among them, which awaits its WASM at top level). */
  | { type: "ready" }
  | { document: number; index: number; page: ReturnType<typeof parsePage> }
  | { document: number; index: number; error: ReturnType<DomainError["toJSON"]> };

/**
 * A worker's first heavy sheet takes 3–5× its later ones (MuPDF's WASM and the layout code run unoptimised until
 * V8 has seen them hot): a worker started ahead of its documents parses a made-up sheet of strokes and labels
 * first, on a core that is otherwise idle while the process starts. Measured on the heavy set: ~0.4 s of warm-up
 * takes ~0.15–0.25 s off the first page.
 */
function warmUp(): void {
  const document = new mupdf.PDFDocument();
  try {
    const font = document.addSimpleFont(new mupdf.Font("Helvetica"));
    const resources = document.addObject({ Font: { F1: font } });
    const content: string[] = [];
    for (let i = 0; i < 4000; i++) content.push(`${(i * 7) % 800}.5 ${(i * 13) % 500}.25 m ${((i * 7) % 800) + 3}.5 ${((i * 13) % 500) + 2}.75 l S`);
    for (let i = 0; i < 300; i++) content.push(`BT /F1 6 Tf ${(i * 37) % 800} ${(i * 17) % 500} Td (A-${i} 12,5) Tj ET`);
    document.insertPage(-1, document.addPage([0, 0, 842, 595], 0, resources, content.join("\n")));
    for (let round = 0; round < 3; round++) parsePage(document, 0, maxStreamBytes);
  } finally {
    document.destroy();
  }
}

const port = parentPort!;
const maxStreamBytes = Number((workerData as Record<string, unknown> | null)?.[MAX_STREAM_BYTES_KEY] ?? Number.MAX_SAFE_INTEGER);
if ((workerData as Record<string, unknown> | null)?.[WARM_UP_KEY] === true) {
  // after this module's evaluation, which the pool waits for before it may stop the worker (see `stopThread`)
  setImmediate(() => {
    try {
      warmUp();
    } catch {
      // only a head start: the first real page warms up instead
    }
  });
}
/** Open documents, or why one could not be opened (its pages answer with that error). */
const documents = new Map<number, mupdf.PDFDocument | DomainError>();

const asDomainError = (error: unknown, context: string) =>
  DomainError.isInstance(error) ? error : new DomainError("INTERNAL", `${context}: ${(error as Error).message}`);

port.on("message", (request: ParseRequest) => {
  if (request.type === "open") {
    try {
      documents.set(request.document, openPdf(request.pdf));
    } catch (error) {
      documents.set(request.document, asDomainError(error, "the PDF could not be opened"));
    }
    return;
  }
  const document = documents.get(request.document);
  if (request.type === "close") {
    if (document && !DomainError.isInstance(document)) document.destroy();
    documents.delete(request.document);
    return;
  }
  const { index } = request;
  let reply: ParseReply;
  try {
    if (!document) throw new DomainError("INTERNAL", `page ${index + 1}: the document is not open in this worker`);
    if (DomainError.isInstance(document)) throw document;
    reply = { document: request.document, index, page: withMupdf(`page ${index + 1} could not be read`, "DOCUMENT.INVALID_FILE", () => parsePage(document, index, maxStreamBytes)) };
  } catch (error) {
    reply = { document: request.document, index, error: asDomainError(error, `page ${index + 1}`).toJSON() };
  }
  port.postMessage(reply);
});
port.on("close", () => {
  for (const document of documents.values()) if (!DomainError.isInstance(document)) document.destroy();
});
port.postMessage({ type: "ready" } satisfies ParseReply);
