import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class FileDelete extends BaseCommand {
  static override summary = "Delete an uploaded file (a document made from it stays)";
  static override examples = ["<%= config.bin %> file delete 3f2a…"];
  static override args = { id: Args.string({ required: true, description: "the file's id (`file list`)" }) };

  async run() {
    const { args } = await this.parse(FileDelete);
    await (await this.binding()).team.deleteFile(args.id);
    this.log(`file ${args.id} deleted`);
    return { deleted: args.id };
  }
}
