import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class DocsIndexBlocks extends BaseCommand {
  static override summary = "Build the block index of a document's drawings with the fast model";
  static override description =
    "Build the block index of a document's drawings with the fast model (title, discipline, keywords, system codes, floor, scale); needs GEMINI_API_KEY. Reruns resume and skip indexed blocks";
  static override examples = ["<%= config.bin %> docs index <doc>", "<%= config.bin %> docs index <doc> --force --json"];
  static override aliases = ["docs:index"];
  static override args = { document: Args.string({ description: "document id", required: true }) };
  static override flags = { force: Flags.boolean({ description: "describe every drawing again, also those already indexed", default: false }) };

  async run() {
    const { args, flags } = await this.parse(DocsIndexBlocks);
    const api = await this.api();
    const report = await api.indexDocument(args.document, {
      force: flags.force,
      onProgress: (p) => this.logToStderr(`index: ${p.current}/${p.total}${p.message ? `  ${p.message}` : ""}`),
    });
    const { usage } = report;
    this.log(`${report.documentId}: ${report.indexed} indexed, ${report.skipped} already indexed, ${report.failed.length} failed of ${report.total} drawings`);
    if (usage.calls > 0) this.log(`model ${report.model}: ${usage.calls} calls, ${usage.images} images, ${usage.inputTokens} tokens in, ${usage.outputTokens} out`);
    for (const failure of report.failed) this.logToStderr(`  ${failure.blockId}: ${failure.message} [${failure.code}]`);
    return report;
  }
}
