import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class DocsExport extends BaseCommand {
  static override summary = "Export a document in the OCR output format the reference reads";
  static override description =
    "Export a document (ingested or imported) in the reference's files: <name>_document.md + <name>_blocks.json (+ crops/<block id>.pdf) in a folder";
  static override examples = ["<%= config.bin %> docs export <doc> out/"];
  static override args = {
    document: Args.string({ description: "document id", required: true }),
    dir: Args.string({ description: "output folder (created if missing)", required: true }),
  };

  async run() {
    const { args } = await this.parse(DocsExport);
    const api = await this.api();
    const exported = await api.exportDocument(args.document);
    await mkdir(args.dir, { recursive: true });
    const written = [join(args.dir, `${exported.stem}_document.md`), join(args.dir, `${exported.stem}_blocks.json`)];
    await writeFile(written[0]!, exported.documentMd);
    await writeFile(written[1]!, exported.blocksJson);
    if (exported.crops?.length) {
      await mkdir(join(args.dir, "crops"), { recursive: true });
      for (const crop of exported.crops) {
        const path = join(args.dir, "crops", `${crop.blockId}.pdf`);
        await writeFile(path, crop.bytes);
        written.push(path);
      }
    }
    this.log(`wrote ${written.length} files to ${args.dir}`);
    return { files: written };
  }
}
