/**
 * A parse worker: opens the PDF it is given once, then parses the pages it is asked for, one message each.
 * Errors travel back as a DomainError's JSON so the caller rethrows the same one-line error.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DomainError } from "../../core/domain/errors.js";
import { withMupdf } from "./mupdf-errors.js";
import { openPdf } from "./open-pdf.js";
import { parsePage } from "./parse-page.js";

export interface ParseRequest {
  index: number;
}

export type ParseReply = { index: number; page: ReturnType<typeof parsePage> } | { index: number; error: ReturnType<DomainError["toJSON"]> };

const port = parentPort!;
const document = openPdf(workerData.pdf as Uint8Array);
port.on("message", ({ index }: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { index, page: withMupdf(`page ${index + 1} could not be read`, "DOCUMENT.INVALID_FILE", () => parsePage(document, index)) };
  } catch (error) {
    const failure = DomainError.isInstance(error) ? error : new DomainError("INTERNAL", `page ${index + 1}: ${(error as Error).message}`);
    reply = { index, error: failure.toJSON() };
  }
  port.postMessage(reply);
});
port.on("close", () => document.destroy());
