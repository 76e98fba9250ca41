import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Args, Flags } from "@oclif/core";
import type { InputFile } from "../../../../core/application/aizoomdoc-api.js";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

/** Files a folder export holds; the import tells their formats apart by content. */
const EXPORT_FILE = /\.(md|markdown|txt|html?|json|pdf)$/iu;

export default class DocsImport extends BaseCommand {
  static override summary = "Import existing OCR output (document.md + blocks.json, ocr.html, markdown) as one document";
  static override description =
    "Import existing OCR output as one document: a *_document.md with its *_blocks.json and crop PDFs, an *_ocr.html, or a plain markdown file; or a folder holding them (crops may sit in crops/)";
  static override examples = ["<%= config.bin %> docs import АР_document.md АР_blocks.json", "<%= config.bin %> docs import exported-folder/"];
  static override strict = false;
  static override args = { path: Args.string({ description: "files, or one folder, of a single document", required: true }) };
  static override flags = { name: Flags.string({ description: "document name (default: from the file)" }) };

  async run() {
    const { argv, flags } = await this.parse(DocsImport);
    const files: InputFile[] = [];
    for (const path of argv as string[]) files.push(...(await filesAt(path)));
    const api = await this.api();
    const document = await api.importDocument(files, flags.name ? { name: flags.name } : {});
    const blocks = await api.getBlocks(document.id);
    const crops = Object.keys(document.crops ?? {}).length;
    this.log(`${document.id}  ${document.name}  (${document.pageCount} pages, ${blocks.length} blocks${crops ? `, ${crops} crops` : ""}, ${document.sourceKind})`);
    return { document, blocks: blocks.length };
  }
}

async function filesAt(path: string): Promise<InputFile[]> {
  const info = await stat(path).catch(() => {
    throw invalidInput(`${path}: file or folder not found`);
  });
  if (!info.isDirectory()) return [{ name: basename(path), bytes: await readFile(path) }];
  const inFolder = async (dir: string, prefix: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    return Promise.all(
      entries
        .filter((e) => e.isFile() && !e.name.startsWith(".") && EXPORT_FILE.test(e.name))
        .map(async (e) => ({ name: `${prefix}${e.name}`, bytes: await readFile(join(dir, e.name)) })),
    );
  };
  const files = [...(await inFolder(path, "")), ...(await inFolder(join(path, "crops"), "crops/"))];
  if (files.length === 0) throw invalidInput(`${path}: the folder holds no document.md, blocks.json, ocr.html, markdown or crop files`);
  return files;
}
