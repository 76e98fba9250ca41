import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class FileList extends BaseCommand {
  static override summary = "List your uploaded files, newest first";
  static override examples = ["<%= config.bin %> file list", "<%= config.bin %> file list -n 5 --json"];
  static override flags = { limit: Flags.integer({ char: "n", min: 1, max: 500, default: 50, description: "how many" }) };

  async run() {
    const { flags } = await this.parse(FileList);
    const files = await (await this.binding()).team.listFiles({ limit: flags.limit });
    if (files.length === 0) this.log("no files yet: `file upload <path>` adds one");
    for (const file of files) this.log(`${file.id}  ${String(file.sizeBytes ?? "?").padStart(10)} B  ${file.filename ?? "(unnamed)"}`);
    return { files };
  }
}
