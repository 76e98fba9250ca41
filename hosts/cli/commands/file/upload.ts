import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { uploadDocument } from "../../upload-document.js";

export default class FileUpload extends BaseCommand {
  static override summary = "Upload a file: a PDF or an OCR export becomes a document you can ask about";
  static override ingests = true;
  static override description =
    "The file's type is read from its bytes. A PDF (or a document.md/blocks.json/ocr.html export) is queued to become a document; the command follows that until it is done unless --no-wait.";
  static override examples = ["<%= config.bin %> file upload АР.pdf", "<%= config.bin %> file upload АР.pdf --no-wait --json"];
  static override args = { path: Args.string({ required: true, description: "the file to upload" }) };
  static override flags = { wait: Flags.boolean({ default: true, allowNo: true, description: "wait until the file has become a document" }) };

  async run() {
    const { args, flags } = await this.parse(FileUpload);
    const progress = (line: string) => !this.jsonEnabled() && this.logToStderr(line);
    const { uploaded, documentId } = await uploadDocument((await this.binding()).team, args.path, { wait: flags.wait, progress });
    this.log(`uploaded ${uploaded.file.filename} as file ${uploaded.file.id} (${uploaded.file.sizeBytes ?? "?"} bytes)`);
    if (documentId) this.log(`document ${documentId}: ask about it with \`chat send --doc ${documentId} "…"\``);
    else if (uploaded.runId) this.log(`becoming a document (run ${uploaded.runId})`);
    return { file: uploaded.file, ...(documentId ? { documentId } : {}), ...(uploaded.runId ? { runId: uploaded.runId } : {}) };
  }
}
