import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Args, Flags } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

export default class FileUpload extends BaseCommand {
  static override summary = "Upload a file: a PDF or an OCR export becomes a document you can ask about";
  static override description =
    "The file's type is read from its bytes. A PDF (or a document.md/blocks.json/ocr.html export) is queued to become a document; the command follows that until it is done unless --no-wait.";
  static override examples = ["<%= config.bin %> file upload АР.pdf", "<%= config.bin %> file upload АР.pdf --no-wait --json"];
  static override args = { path: Args.string({ required: true, description: "the file to upload" }) };
  static override flags = { wait: Flags.boolean({ default: true, allowNo: true, description: "wait until the file has become a document" }) };

  async run() {
    const { args, flags } = await this.parse(FileUpload);
    const info = await stat(args.path).catch(() => undefined);
    if (!info?.isFile()) throw invalidInput(`${args.path}: no such file`);
    const team = (await this.binding()).team;
    const uploaded = await team.uploadFile({ filename: basename(args.path), read: () => createReadStream(args.path) });
    this.log(`uploaded ${uploaded.file.filename} as file ${uploaded.file.id} (${uploaded.file.sizeBytes ?? info.size} bytes)`);
    let documentId = uploaded.documentId;
    if (!documentId && uploaded.runId && flags.wait) {
      for await (const { event } of team.runEvents(uploaded.runId)) {
        if (event.type === "phase_progress" && !this.jsonEnabled()) this.logToStderr(`  · ${event.message}`);
        if (event.type === "completed" && "document_id" in event && event.document_id) documentId = event.document_id;
        if (event.type === "error") throw invalidInput(`${uploaded.file.filename} did not become a document: ${event.error.message} [${event.error.code}]`);
      }
    }
    if (documentId) this.log(`document ${documentId}: ask about it with \`chat send --doc ${documentId} "…"\``);
    else if (uploaded.runId) this.log(`becoming a document (run ${uploaded.runId})`);
    return { file: uploaded.file, ...(documentId ? { documentId } : {}), ...(uploaded.runId ? { runId: uploaded.runId } : {}) };
  }
}
