import { Args, Flags } from "@oclif/core";
import type { BlockKind } from "../../../core/domain/block.js";
import { SEARCH_LIMIT } from "../../../core/domain/search-ranking.js";
import { BaseCommand } from "../base-command.js";

export default class Search extends BaseCommand {
  static override summary = "Search blocks by Russian words and exact construction codes";
  static override description = "Search blocks: Russian words plus exact construction codes (В2 ≠ В21), ranked, with snippets";
  static override examples = ['<%= config.bin %> search "перемычки 2-го этажа"', '<%= config.bin %> search "ДВ5П-1" --doc <id> --kind TABLE --json'];
  static override args = {
    query: Args.string({ description: "what to look for", required: true }),
  };
  static override flags = {
    doc: Flags.string({ description: "only this document (repeatable)", multiple: true }),
    limit: Flags.integer({ min: 1, max: SEARCH_LIMIT.max, default: 10, description: "number of hits" }),
    kind: Flags.string({ description: "only blocks of this kind (repeatable)", options: ["TEXT", "TABLE", "IMAGE"], multiple: true }),
    page: Flags.integer({ min: 1, description: "only this page (repeatable)", multiple: true }),
  };

  async run() {
    const { args, flags } = await this.parse(Search);
    const api = await this.api();
    const hits = await api.search(args.query, {
      ...(flags.doc ? { documentIds: flags.doc } : {}),
      ...(flags.kind ? { kinds: flags.kind as BlockKind[] } : {}),
      ...(flags.page ? { pages: flags.page } : {}),
      limit: flags.limit,
    });
    hits.forEach((hit, i) => {
      const { block } = hit;
      this.log(`${i + 1}. ${hit.documentName}  p.${block.page}  ${block.id}  ${block.kind}  score ${hit.score.toFixed(3)}  [${hit.matched.join(", ")}]`);
      this.log(`   ${hit.snippet}`);
    });
    if (hits.length === 0) this.log("no blocks found");
    return { hits };
  }
}
