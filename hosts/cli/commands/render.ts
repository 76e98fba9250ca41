import { writeFile } from "node:fs/promises";
import { Args, Flags } from "@oclif/core";
import { parseBBox } from "../../../core/domain/geometry.js";
import { invalidInput } from "../../../core/domain/errors.js";
import { BaseCommand } from "../base-command.js";

export default class Render extends BaseCommand {
  static override summary = "Render a block or page region to PNG: an overview with a labelled grid, or a zoomed ROI";
  static override description = "Render a block (or a page) region to PNG: overview with a labelled grid, or a zoomed ROI";
  static override examples = ["<%= config.bin %> render <doc> <block> --out overview.png", "<%= config.bin %> render <doc> <block> --sector B2.A1 --dpi 300 --out roi.png"];
  static override args = {
    document: Args.string({ description: "document id", required: true }),
    block: Args.string({ description: "block id (omit and pass --page for a page region)" }),
  };
  static override flags = {
    sector: Flags.string({ description: "nested grid sector inside the block, e.g. B2 or B2.A1" }),
    bbox: Flags.string({ description: "region inside the block as x1,y1,x2,y2 in 0..1" }),
    dpi: Flags.integer({ min: 1, max: 2400, description: "resolution (default: rises as the region shrinks)" }),
    page: Flags.integer({ min: 1, description: "page number (for a page region without a block)" }),
    grid: Flags.boolean({ allowNo: true, description: "draw the A1…C3 grid (default: on for overviews)" }),
    out: Flags.string({ required: true, description: "PNG file to write" }),
  };

  async run() {
    const { args, flags } = await this.parse(Render);
    if (!args.block && flags.page === undefined) throw invalidInput("render needs a block id or --page");
    const api = await this.api();
    const { image, bytes } = await api.render({
      documentId: args.document,
      ...(args.block ? { blockId: args.block } : {}),
      ...(flags.page !== undefined ? { page: flags.page } : {}),
      ...(flags.sector ? { sector: flags.sector } : {}),
      ...(flags.bbox ? { bbox: parseBBox(flags.bbox) } : {}),
      ...(flags.dpi !== undefined ? { dpi: flags.dpi } : {}),
      ...(flags.grid !== undefined ? { grid: flags.grid } : {}),
    });
    await writeFile(flags.out, bytes);
    const bbox = image.bboxNorm.map((v) => v.toFixed(4)).join(",");
    this.log(
      `${image.id}  ${image.kind}  page ${image.page}${image.blockId ? `  block ${image.blockId}` : ""}  bbox [${bbox}]  ${image.dpi} dpi  ${image.width}×${image.height}${image.capped ? " (capped)" : ""}  → ${flags.out}`,
    );
    return { image, out: flags.out };
  }
}
