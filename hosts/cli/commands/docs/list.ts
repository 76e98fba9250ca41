import { BaseCommand } from "../../base-command.js";

export default class DocsList extends BaseCommand {
  static override summary = "List your documents";
  static override description = "List the documents in the local store";
  static override examples = ["<%= config.bin %> docs list", "<%= config.bin %> docs list --json"];

  async run() {
    const api = await this.api();
    const documents = await api.listDocuments();
    for (const d of documents) this.log(`${d.id}  ${d.name}  (${d.pageCount} pages, ${d.sourceKind})`);
    if (documents.length === 0) this.log("no documents yet: add one with `aizoomdoc docs add <pdf>`");
    return { documents };
  }
}
