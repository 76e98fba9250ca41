import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Args, Flags } from "@oclif/core";
import type { Progress } from "../../../../core/application/aizoomdoc-api.js";
import type { DocumentRecord } from "../../../../core/domain/document.js";
import { DomainError, invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

export default class DocsAdd extends BaseCommand {
  static override summary = "Ingest PDF drawing sets into pages and blocks";
  static override ingests = true;
  static override description = "Ingest PDF drawing sets: pages, text/table/drawing blocks with stable ids, title blocks";
  static override examples = ["<%= config.bin %> docs add АР.pdf", "<%= config.bin %> docs add *.pdf --ocr never --no-index --json"];
  static override strict = false;
  static override args = { pdf: Args.string({ description: "PDF files to add", required: true }) };
  static override flags = {
    ocr: Flags.option({ options: ["auto", "always", "never"] as const, default: "auto", description: "OCR pages without a text layer" })(),
    index: Flags.boolean({ allowNo: true, default: true, description: "with GEMINI_API_KEY, build the block index of the drawings after adding (--no-index: later, with `docs index`)" }),
  };

  async run() {
    const { argv, flags } = await this.parse(DocsAdd);
    const api = await this.api();
    const documents: DocumentRecord[] = [];
    const failures: DomainError[] = [];
    for (const path of argv as string[]) {
      const name = basename(path);
      try {
        const bytes = readPdf(path);
        const document = await api.addDocument(
          { name, bytes },
          { ocr: flags.ocr, index: flags.index, onProgress: (p) => this.progress(name, p) },
        );
        const ocrPages = document.pages.filter((p) => p.needsOcr).length;
        this.log(`${document.id}  ${document.name}  (${document.pageCount} pages${ocrPages ? `, ${ocrPages} without a text layer` : ""})`);
        documents.push(document);
      } catch (error) {
        if (!DomainError.isInstance(error) || argv.length === 1) throw error;
        // every file is added atomically on its own: report this one and go on with the rest
        this.logToStderr(`error: ${error.message} [${error.code}]`);
        failures.push(error);
      }
    }
    const [first] = failures;
    if (first) {
      const message = failures.length === 1 ? first.message : `${failures.length} of ${argv.length} files were not added; first: ${first.message}`;
      throw new DomainError(first.code, message, { details: { failed: failures.map((f) => f.toJSON()) } });
    }
    return { documents };
  }

  /** Parsing reports bare page counts; OCR and indexing add their own phases and messages. */
  private progress(name: string, p: Progress): void {
    if (p.phase === "index") {
      if (p.message) this.logToStderr(`${name}: index ${p.current}/${p.total}  ${p.message}`);
      return;
    }
    if (p.phase !== "ocr") {
      if (p.current > 0) this.logToStderr(`${name}: page ${p.current}/${p.total}`);
      return;
    }
    if (p.current > 0) this.logToStderr(`${name}: OCR ${p.current}/${p.total}${p.message ? ` ${p.message}` : ""}`);
    else if (p.message) this.logToStderr(`${name}: ${p.message}`);
  }
}

/**
 * Read synchronously: at start the parse worker's module loading fills libuv's thread pool, and an asynchronous
 * read queued behind it waited ~200 ms for a file the command needs first.
 */
function readPdf(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw invalidInput(`${path}: file not found or unreadable`);
  }
}
