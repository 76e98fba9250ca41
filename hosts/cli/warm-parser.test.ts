import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { invalidInput } from "../../core/domain/errors.js";
import { BaseCommand } from "./base-command.js";
import Ask from "./commands/ask.js";
import DocsAdd from "./commands/docs/add.js";
import DocsList from "./commands/docs/list.js";
import FileUpload from "./commands/file/upload.js";
import Search from "./commands/search.js";
import { runCommand } from "./testing/run-command.js";

describe("the parse workers of a CLI command", () => {
  const original = BaseCommand.openApplication;
  afterEach(() => {
    BaseCommand.openApplication = original;
  });

  /** What the command asked of the application it opened (it stops right there). */
  async function warmParserOf(command: Parameters<typeof runCommand>[0], argv: string[]): Promise<boolean | undefined> {
    let asked: boolean | undefined;
    BaseCommand.openApplication = async (_configuration, options) => {
      asked = options.warmParser;
      throw invalidInput("stopped after opening");
    };
    await runCommand(command, argv).catch(() => undefined);
    return asked;
  }

  it("start as the application opens only for commands that ingest PDFs", async () => {
    const home = mkdtempSync(join(tmpdir(), "aizoomdoc-warm-"));
    const pdf = join(home, "set.pdf");
    writeFileSync(pdf, "%PDF-1.7\n");
    const dataDir = ["--data-dir", home, "--local"];
    expect(await warmParserOf(DocsAdd, [pdf, ...dataDir])).toBe(true);
    expect(await warmParserOf(Ask, [pdf, "Какие перемычки?", ...dataDir])).toBe(true);
    expect(await warmParserOf(FileUpload, [pdf, ...dataDir])).toBe(true);
    // reading commands open the same application without them: they would only cost start-up and memory
    expect(await warmParserOf(DocsList, dataDir)).toBe(false);
    expect(await warmParserOf(Search, ["перемычки", ...dataDir])).toBe(false);
  });
});
