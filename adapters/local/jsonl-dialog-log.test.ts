import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeDialogLogContract } from "../../core/ports/testing/dialog-log.contract.js";
import { JsonlDialogLog } from "./jsonl-dialog-log.js";

describeDialogLogContract("JsonlDialogLog", async () => new JsonlDialogLog({ dir: join(mkdtempSync(join(tmpdir(), "aizoomdoc-dialog-")), "logs") }));

describe("JsonlDialogLog files", () => {
  it("writes <dir>/<chatId>.jsonl, one JSON object per line, readable only by the user", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "aizoomdoc-dialog-")), "logs");
    const log = new JsonlDialogLog({ dir });
    const entry = { at: "t", runId: "r", call: 1, method: "generate" as const, tier: "fast" as const, request: { system: "s", messages: [], parameters: {}, structured: false }, elapsedMs: 1 };
    await Promise.all([log.append("chat-1", entry), log.append("chat-1", { ...entry, call: 2 })]);
    const lines = readFileSync(join(dir, "chat-1.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { call: number }).call)).toEqual([1, 2]);
    expect(statSync(join(dir, "chat-1.jsonl")).mode & 0o077).toBe(0);
  });
});
