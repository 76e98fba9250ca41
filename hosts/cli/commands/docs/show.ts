import { Args, Flags } from "@oclif/core";
import type { Page } from "../../../../core/domain/document.js";
import { BaseCommand } from "../../base-command.js";

export default class DocsShow extends BaseCommand {
  static override summary = "Show a document's pages and blocks";
  static override description = "Show a document's pages (with title blocks) and blocks (id, kind, bbox, text excerpt)";
  static override examples = ["<%= config.bin %> docs show <doc>", "<%= config.bin %> docs show <doc> --page 3 --json"];
  static override args = { document: Args.string({ description: "document id", required: true }) };
  static override flags = { page: Flags.integer({ min: 1, description: "only this page" }) };

  async run() {
    const { args, flags } = await this.parse(DocsShow);
    const api = await this.api();
    const document = await api.getDocument(args.document);
    const blocks = await api.getBlocks(document.id, flags.page ? { page: flags.page } : undefined);
    this.log(`${document.id}  ${document.name}  (${document.pageCount} pages, ${document.sourceKind})`);
    for (const page of document.pages.filter((p) => !flags.page || p.number === flags.page)) {
      this.log(pageLine(page));
      for (const b of blocks.filter((b) => b.page === page.number)) {
        const bbox = b.bboxNorm ? `[${b.bboxNorm.map((v) => v.toFixed(3)).join(",")}]` : "[no bbox]";
        this.log(`  ${b.id}  ${b.kind.padEnd(5)}  ${bbox}  ${excerpt(b.text)}`);
      }
    }
    return { document, blocks };
  }
}

function pageLine(page: Page): string {
  const size = page.width ? `${Math.round(page.width)}×${Math.round(page.height)} pt` : "size unknown";
  const stamp = page.stamp
    ? `  штамп: ${[page.stamp.cipher, page.stamp.sheet && `лист ${page.stamp.sheet}`, page.stamp.title].filter(Boolean).join(" · ")}`
    : "";
  return `page ${page.number}  ${size}${page.rotation ? `  rotated ${page.rotation}°` : ""}${page.needsOcr ? "  [needs OCR]" : ""}${stamp}`;
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s*\n\s*/g, " / ").trim();
  return flat.length > 90 ? `${flat.slice(0, 89)}…` : flat;
};
