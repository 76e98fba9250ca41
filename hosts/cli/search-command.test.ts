import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SearchHit } from "../../core/ports/block-search.js";
import DocsImport from "./commands/docs/import.js";
import Search from "./commands/search.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const DOCUMENT_MD = [
  "# ЖК Север / Рабочая документация / АР / 133_23-ГК-АР4.pdf",
  "",
  "## СТРАНИЦА 1",
  "### BLOCK [TABLE]: AAAA-BBBB-001",
  "Перемычки 7 этажа",
  "| Марка | Кол. |",
  "| ПР-1 | 22 |",
  "## СТРАНИЦА 2",
  "### BLOCK [TABLE]: AAAA-BBBB-002",
  "Перемычки 2-го этажа",
  "| Марка | Кол. |",
  "| ПР-1 | 14 |",
  "### BLOCK [TEXT]: AAAA-BBBB-003",
  "Окно В21 с подоконником",
].join("\n");

/** Runs a command in-process and captures what it prints. */
async function run<T>(command: { run(argv: string[], root: string): Promise<T> }, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void out.push(`${parts.join(" ")}\n`));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void err.push(`${parts.join(" ")}\n`));
  try {
    return { result: await command.run(argv, root), stdout: out.join(""), stderr: err.join("") };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("aizoomdoc search (local mode, in-process)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds imported blocks: floor cue first, exact codes, filters, and errors for bad input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-search-"));
    const file = join(dir, "133_23-ГК-АР4_document.md");
    writeFileSync(file, DOCUMENT_MD);
    const imported = await run(DocsImport, [file, "--data-dir", dir]);
    const documentId = (imported.result as { document: { id: string } }).document.id;

    const floors = await run(Search, ["перемычки 2-го этажа", "--data-dir", dir]);
    const hits = (floors.result as { hits: SearchHit[] }).hits;
    expect(hits.map((h) => h.block.id)).toEqual(["AAAA-BBBB-002", "AAAA-BBBB-001"]);
    expect(floors.stdout).toMatch(/^1\. 133_23-ГК-АР4.* p\.2 {2}AAAA-BBBB-002 {2}TABLE/m);
    expect(floors.stdout).toContain("«Перемычки»");

    const exact = await run(Search, ["В2", "--data-dir", dir, "--json"]);
    expect(exact.stdout).toContain('"hits": []');
    const filtered = await run(Search, ["перемычки", "--data-dir", dir, "--doc", documentId, "--page", "1", "--kind", "TABLE", "--limit", "5"]);
    expect((filtered.result as { hits: SearchHit[] }).hits.map((h) => h.block.id)).toEqual(["AAAA-BBBB-001"]);

    await expect(run(Search, ["перемычки", "--data-dir", dir, "--doc", "no-such-document"])).rejects.toMatchObject({ oclif: { exit: 66 } });
  });
});
