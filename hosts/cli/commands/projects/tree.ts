import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ProjectsTree extends BaseCommand {
  static override summary = "Show the project tree of an existing deployment's Projects DB";
  static override description = "Show the project tree of an existing deployment's Projects DB (read only): type, name, code, id";
  static override examples = ["<%= config.bin %> projects tree", "<%= config.bin %> projects tree --parent <node-id> --all", "<%= config.bin %> projects tree --type document --all --json"];
  static override flags = {
    parent: Flags.string({ description: "list below this node (default: the roots)" }),
    type: Flags.string({ description: "only nodes of this type (client, project, section, stage, task, document)" }),
    all: Flags.boolean({ description: "the whole subtree, indented, instead of one level", default: false }),
  };

  async run() {
    const { flags } = await this.parse(ProjectsTree);
    const api = (await this.binding()).team;
    const nodes = await api.projectTree({
      ...(flags.parent ? { parentId: flags.parent } : {}),
      ...(flags.type ? { nodeType: flags.type } : {}),
      all: flags.all,
    });
    for (const n of nodes) this.log(`${"  ".repeat(n.depth)}${n.nodeType}  ${n.name}${n.code ? `  [${n.code}]` : ""}  ${n.id}`);
    if (nodes.length === 0) this.log("no nodes");
    return { nodes };
  }
}
