import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { SearchHit } from "../../core/ports/block-search.js";
import DocsImport from "./commands/docs/import.js";
import Search from "./commands/search.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

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
describe("aizoomdoc search (local mode, in-process)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds imported blocks: floor cue first, exact codes, filters, and errors for bad input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aizoomdoc-search-"));
    const file = join(dir, "133_23-ГК-АР4_document.md");
    writeFileSync(file, DOCUMENT_MD);
    const imported = await runCommand(DocsImport, [file, "--data-dir", dir]);
    const documentId = (imported.result as { document: { id: string } }).document.id;

    const floors = await runCommand(Search, ["перемычки 2-го этажа", "--data-dir", dir]);
    const hits = (floors.result as { hits: SearchHit[] }).hits;
    expect(hits.map((h) => h.block.id)).toEqual(["AAAA-BBBB-002", "AAAA-BBBB-001"]);
    expect(floors.stdout).toMatch(/^1\. 133_23-ГК-АР4.* p\.2 {2}AAAA-BBBB-002 {2}TABLE/m);
    expect(floors.stdout).toContain("«Перемычки»");

    const exact = await runCommand(Search, ["В2", "--data-dir", dir, "--json"]);
    expect(exact.stdout).toContain('"hits": []');
    const filtered = await runCommand(Search, ["перемычки", "--data-dir", dir, "--doc", documentId, "--page", "1", "--kind", "TABLE", "--limit", "5"]);
    expect((filtered.result as { hits: SearchHit[] }).hits.map((h) => h.block.id)).toEqual(["AAAA-BBBB-001"]);

    await expect(runCommand(Search, ["перемычки", "--data-dir", dir, "--doc", "no-such-document"])).rejects.toMatchObject({ oclif: { exit: 66 } });
  });
});
