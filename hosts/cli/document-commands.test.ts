import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { SamplePdf, drawTitleBlock } from "../../adapters/mupdf/testing/sample-pdf.js";
import type { Block } from "../../core/domain/block.js";
import DocsAdd from "./commands/docs/add.js";
import DocsShow from "./commands/docs/show.js";
import Render from "./commands/render.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

function samplePdf(dir: string): string {
  const bytes = new SamplePdf()
    .page(1684, 1190, (p) => {
      p.rect(20, 20, 1664, 1170, 1);
      p.text(60, 60, "Общие данные", 14);
      p.hatch(600, 200, 1000, 500).text(700, 300, "В2", 8);
      drawTitleBlock(p, 1684, 1190, { cipher: "133/23-ГК-АР4", sheet: "1", title: "План 1 этажа" });
    })
    .page(1684, 1190, (p) => p.text(60, 60, "Лист 2", 14))
    .bytes();
  const path = join(dir, "АР.pdf");
  writeFileSync(path, bytes);
  return path;
}

describe("document commands (local mode, in-process)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("adds a PDF with per-page progress, shows its pages and blocks, and renders a sector of a block", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-cli-"));
    const pdf = samplePdf(dir);
    const added = await runCommand(DocsAdd, [pdf, "--data-dir", dir, "--ocr", "never"]);
    expect(added.stderr).toContain("АР.pdf: page 2/2");
    const [document] = added.result.documents;
    expect(document).toMatchObject({ name: "АР.pdf", pageCount: 2 });

    const shown = await runCommand(DocsShow, [document!.id, "--data-dir", dir, "--page", "1"]);
    expect(shown.stdout).toContain("штамп: 133/23-ГК-АР4 · лист 1 · План 1 этажа");
    expect(shown.stdout).not.toContain("page 2 ");
    const image = (shown.result as { blocks: Block[] }).blocks.find((b) => b.kind === "IMAGE");
    expect(image?.text).toContain("В2");
    expect(shown.stdout).toContain(`${image!.id}  IMAGE`);

    const out = join(dir, "roi.png");
    const rendered = await runCommand(Render, [document!.id, image!.id, "--sector", "B2.A1", "--out", out, "--data-dir", dir]);
    expect(rendered.result.image).toMatchObject({ kind: "roi", sector: "B2.A1", blockId: image!.id, page: 1 });
    const meta = await sharp(readFileSync(out)).metadata();
    expect([meta.width, meta.height]).toEqual([rendered.result.image.width, rendered.result.image.height]);
    expect(rendered.stdout).toContain(`→ ${out}`);
  });

  it("rejects a file that is not a PDF with a one-line error naming it and a data-error exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-cli-"));
    const path = join(dir, "notes.pdf");
    writeFileSync(path, "just text");
    const failure = await runCommand(DocsAdd, [path, "--data-dir", dir]).catch((error: { oclif?: { exit?: number }; stderr?: string }) => error);
    expect(failure).toMatchObject({ oclif: { exit: 65 } });
    expect((failure as { stderr: string }).stderr).toBe("error: notes.pdf: not a PDF (no %PDF header) [DOCUMENT.INVALID_FILE]\n");
  });

  it("says in one line which file it could not read, with a usage exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-cli-"));
    const missing = join(dir, "нет.pdf");
    const failure = await runCommand(DocsAdd, [missing, "--data-dir", dir]).catch((error: { oclif?: { exit?: number }; stderr?: string }) => error);
    expect(failure).toMatchObject({ oclif: { exit: 64 } });
    expect((failure as { stderr: string }).stderr).toBe(`error: ${missing}: file not found or unreadable [VALIDATION.INVALID_INPUT]\n`);
  });

  it("refuses render without a block or page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-cli-"));
    const failure = await runCommand(Render, ["some-doc", "--out", join(dir, "x.png"), "--data-dir", dir]).catch((error: { oclif?: { exit?: number } }) => error);
    expect(failure).toMatchObject({ oclif: { exit: 64 } });
  });
});
