import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { locateLanguages } from "../../adapters/tesseract/tessdata-locator.js";
import { SYSTEM_TESSDATA_DIRS } from "../../adapters/tesseract/tesseract.config.js";
import type { Block } from "../../core/domain/block.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { outlineText } from "../../fixtures/ocr-sheets.js";
import DocsAdd from "./commands/docs/add.js";
import DocsOcr from "./commands/docs/ocr.js";
import DocsShow from "./commands/docs/show.js";
import { runCommand } from "./testing/run-command.js";

const hasRus = locateLanguages(["rus"], SYSTEM_TESSDATA_DIRS).missing.length === 0;
if (!hasRus) console.warn("skipping the docs ocr command test: it reads Russian and no rus.traineddata is installed (apt-get install tesseract-ocr-rus)");

describe.skipIf(!hasRus)("docs ocr (local mode, in-process, real store and tesseract)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads an outlined sheet added without OCR, reports progress per page, resumes with nothing to do, re-reads a page without duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-ocr-cli-"));
    const pdf = join(dir, "КР-узлы.pdf");
    writeFileSync(pdf, outlineText(generateDrawingSet({ sheets: [{ kind: "specification" }], seed: "ocr" }).pdf));
    const added = await runCommand(DocsAdd, [pdf, "--data-dir", dir, "--ocr", "never"]);
    const [document] = added.result.documents;
    expect(document!.pages[0]!.needsOcr).toBe(true);

    const first = await runCommand(DocsOcr, [document!.id, "--data-dir", dir]);
    expect(first.result.pages).toBe(1);
    expect(first.stdout).toMatch(/^1 pages read by OCR, \d+ blocks added$/m);
    expect(first.stderr).toMatch(/^\[1\/1\] page 1: \d+ blocks from \d+ words/m);
    const shown = await runCommand(DocsShow, [document!.id, "--data-dir", dir]);
    const blocks = (shown.result as { blocks: Block[] }).blocks;
    expect(blocks.some((b) => b.source === "ocr:tesseract" && b.text.includes("А3-13*"))).toBe(true);
    expect(shown.stdout).toContain("Спецификация заполнения проемов");

    const again = await runCommand(DocsOcr, [document!.id, "--data-dir", dir]);
    expect(again.result).toEqual({ pages: 0, blocks: 0 });
    expect(again.stderr).toContain("no page needs OCR");

    await runCommand(DocsOcr, [document!.id, "--data-dir", dir, "--pages", "1"]);
    const reread = (await runCommand(DocsShow, [document!.id, "--data-dir", dir])).result as { blocks: Block[] };
    expect(reread.blocks.map((b) => b.id).sort()).toEqual(blocks.map((b) => b.id).sort());
  });
});
