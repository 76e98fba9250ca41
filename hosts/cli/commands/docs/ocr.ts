import { Args, Flags } from "@oclif/core";
import { invalidInput } from "../../../../core/domain/errors.js";
import { BaseCommand } from "../../base-command.js";

/** `1,3-5` → [1, 3, 4, 5]; anything else is a one-line usage error. */
export function parsePageList(text: string): number[] {
  const pages = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from < 1 || to < from || to - from > 10_000) throw invalidInput(`--pages "${text}": use page numbers and ranges like 1,3-5`);
    for (let n = from; n <= to; n++) pages.add(n);
  }
  return [...pages].sort((a, b) => a - b);
}

export default class DocsOcr extends BaseCommand {
  static override summary = "Read pages without a text layer by OCR";
  static override description = "Read pages without a text layer (scans, CAD text drawn as outlines) by OCR; resumes where an earlier run stopped";
  static override examples = ["<%= config.bin %> docs ocr <doc>", "<%= config.bin %> docs ocr <doc> --pages 1,3-5"];
  static override args = { document: Args.string({ description: "document id", required: true }) };
  static override flags = {
    pages: Flags.string({ description: "pages to read (again), e.g. 1,3-5; default: pages that need OCR and were not read yet" }),
  };

  async run() {
    const { args, flags } = await this.parse(DocsOcr);
    const pages = flags.pages === undefined ? undefined : parsePageList(flags.pages);
    const api = await this.api();
    const result = await api.ocr(args.document, {
      ...(pages ? { pages } : {}),
      onProgress: (p) => p.message && this.logToStderr(p.total > 0 ? `[${p.current}/${p.total}] ${p.message}` : p.message),
    });
    this.log(`${result.pages} pages read by OCR, ${result.blocks} blocks added`);
    return result;
  }
}
