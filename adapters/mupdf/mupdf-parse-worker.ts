/**
 * A parse worker: holds the PDFs it is given open (one `open` message each) and parses the pages it is asked
 * for, one message each, until the document is closed; it outlives documents, so its MuPDF starts once.
 * Errors travel back as a DomainError's JSON so the caller rethrows the same one-line error.
 */
import { parentPort } from "node:worker_threads";
import type * as mupdf from "mupdf";
import { DomainError } from "../../core/domain/errors.js";
import { withMupdf } from "./mupdf-errors.js";
import { openPdf } from "./open-pdf.js";
import { parsePage } from "./parse-page.js";

export type ParseRequest =
  | { type: "open"; document: number; pdf: Uint8Array }
  | { type: "page"; document: number; index: number }
  | { type: "close"; document: number };

export type ParseReply =
  | { document: number; index: number; page: ReturnType<typeof parsePage> }
  | { document: number; index: number; error: ReturnType<DomainError["toJSON"]> };

const port = parentPort!;
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
    reply = { document: request.document, index, page: withMupdf(`page ${index + 1} could not be read`, "DOCUMENT.INVALID_FILE", () => parsePage(document, index)) };
  } catch (error) {
    reply = { document: request.document, index, error: asDomainError(error, `page ${index + 1}`).toJSON() };
  }
  port.postMessage(reply);
});
port.on("close", () => {
  for (const document of documents.values()) if (!DomainError.isInstance(document)) document.destroy();
});
