import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ProjectsSync extends BaseCommand {
  static override summary = "Import documents of an existing deployment's Projects DB into yours";
  static override description =
    "Import a document of an existing deployment (its newest document.md with blocks.json and crops, or its ocr.html) into the local documents; with --tree every document below the node";
  static override examples = ["<%= config.bin %> projects sync <document-node-id>", "<%= config.bin %> projects sync <project-node-id> --tree --json"];
  static override args = { nodeId: Args.string({ description: "id of a document node (a node of any type with --tree)", required: true }) };
  static override flags = {
    tree: Flags.boolean({ description: "sync every document below the node; one that fails is reported and the rest go on", default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(ProjectsSync);
    const api = await this.api();
    const result = await api.projectSync(args.nodeId, {
      tree: flags.tree,
      // progress goes to stderr so stdout stays the list of documents
      onProgress: (p) => {
        if (p.current > 0) this.logToStderr(`sync ${p.current}/${p.total}  ${p.message ?? ""}`);
      },
    });
    const synced = [];
    for (const s of result.synced) {
      const blocks = (await api.getBlocks(s.document.id)).length;
      synced.push({ nodeId: s.node.id, documentId: s.document.id, name: s.document.name, pages: s.document.pageCount, blocks, crops: s.cropCount });
      this.log(`${s.document.id}  ${s.document.name}  (${s.document.pageCount} pages, ${blocks} blocks, ${s.cropCount} crops)  from ${s.node.id}`);
    }
    for (const f of result.failed) this.logToStderr(`failed: ${f.error.message} [${f.error.code}]`);
    if (flags.tree) this.log(`synced ${result.synced.length} documents${result.failed.length ? `, ${result.failed.length} failed` : ""}`);
    return { synced, failed: result.failed.map((f) => ({ nodeId: f.node.id, name: f.node.name, error: f.error })) };
  }
}
