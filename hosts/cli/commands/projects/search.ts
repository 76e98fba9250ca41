import { Args, Flags } from "@oclif/core";
import { MAX_SEARCH_LIMIT } from "../../../../core/ports/project-catalog-rules.js";
import { BaseCommand } from "../../base-command.js";

export default class ProjectsSearch extends BaseCommand {
  static override summary = "Find documents of an existing deployment's Projects DB by name or code";
  static override description = "Find documents of an existing deployment's Projects DB by name or code (plain substring, any case)";
  static override examples = ['<%= config.bin %> projects search "АР4"', "<%= config.bin %> projects search КРВ --limit 5 --json"];
  static override args = { query: Args.string({ description: "part of a document name or code", required: true }) };
  static override flags = {
    limit: Flags.integer({ min: 1, max: MAX_SEARCH_LIMIT, default: 20, description: "most documents to list" }),
  };

  async run() {
    const { args, flags } = await this.parse(ProjectsSearch);
    const api = (await this.binding()).team;
    const documents = await api.projectSearch(args.query, { limit: flags.limit });
    for (const d of documents) this.log(`${d.id}  ${d.name}${d.code ? `  [${d.code}]` : ""}`);
    if (documents.length === 0) this.log("no documents found");
    return { documents };
  }
}
