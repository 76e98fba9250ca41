import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import DocsExport from "./commands/docs/export.js";
import DocsImport from "./commands/docs/import.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

describe("docs import / docs export (local mode, in-process)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("imports a folder (document.md, blocks.json, crops/) and exports it back with its crops, under the reference's file names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-transfer-"));
    const source = join(dir, "source");
    mkdirSync(join(source, "crops"), { recursive: true });
    writeFileSync(join(source, "x_document.md"), "# П / АР / x.pdf\n\n---\n\n## СТРАНИЦА 1\n\n### BLOCK IMAGE: AAAA-BBBB-001\n**Краткое описание:** План.\n");
    writeFileSync(join(source, "x_blocks.json"), JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "image", crop_url: "https://cdn/c.pdf" }] }));
    writeFileSync(join(source, "crops", "AAAA-BBBB-001.pdf"), "%PDF-1.7\ncrop\n%%EOF\n");
    const imported = await runCommand(DocsImport, [source, "--name", "Кровля", "--data-dir", dir]);
    expect(imported.stdout).toMatch(/ {2}Кровля {2}\(1 pages, 1 blocks, 1 crops, document-md\)/);
    const out = join(dir, "out");
    const exported = await runCommand(DocsExport, [imported.result.document.id, out, "--data-dir", dir]);
    expect(exported.stdout).toBe(`wrote 3 files to ${out}\n`);
    expect(exported.result.files).toEqual([join(out, "Кровля_document.md"), join(out, "Кровля_blocks.json"), join(out, "crops", "AAAA-BBBB-001.pdf")]);
    expect(readFileSync(join(out, "crops", "AAAA-BBBB-001.pdf"), "utf8")).toBe("%PDF-1.7\ncrop\n%%EOF\n");
    expect(readFileSync(join(out, "Кровля_document.md"), "utf8")).toBe("# П / АР / x.pdf\n\n---\n\n## СТРАНИЦА 1\n\n### BLOCK [IMAGE]: AAAA-BBBB-001\n**Краткое описание:** План.\n");
    expect(JSON.parse(readFileSync(join(out, "Кровля_blocks.json"), "utf8")).blocks[0]).toMatchObject({ id: "AAAA-BBBB-001", page_index: 0, crop_url: "https://cdn/c.pdf" });
  });

  it("gives back a folder in the reference's files byte for byte: import, then export", async () => {
    const fixture = fileURLToPath(new URL("../../fixtures/reference-export/", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-transfer-"));
    const imported = await runCommand(DocsImport, [fixture, "--data-dir", dir]);
    const out = join(dir, "out");
    await runCommand(DocsExport, [imported.result.document.id, out, "--data-dir", dir]);
    const files = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
    expect(files(out)).toEqual(files(fixture.replace(/\/$/, "")));
    expect(files(out)).toHaveLength(3);
    for (const name of files(out)) expect(readFileSync(join(out, name)).equals(readFileSync(join(fixture, name)))).toBe(true);
  });

  it("rejects a malformed document.md with a one-line error naming it, a data-error exit code and nothing saved", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-transfer-"));
    const path = join(dir, "bad_document.md");
    writeFileSync(path, "# x\n\n### BLOCK TEXT: AAAA-BBBB-001\nтекст\n");
    const failure = await runCommand(DocsImport, [path, "--data-dir", dir]).catch((error: { oclif?: { exit?: number }; stderr?: string }) => error);
    expect(failure).toMatchObject({ oclif: { exit: 65 } });
    expect((failure as { stderr: string }).stderr).toBe(
      "error: bad_document.md: line 3: block AAAA-BBBB-001 comes before any page header (## СТРАНИЦА N) [DOCUMENT.INVALID_FILE]\n",
    );
    expect(existsSync(join(dir, "blobs", "sources"))).toBe(false);
  });
});
