import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { googleError, textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import { GeminiWireServer, type RecordedWireRequest } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import type { BlockIndexReport } from "../../core/domain/block-index.js";
import DocsAdd from "./commands/docs/add.js";
import DocsIndexBlocks from "./commands/docs/index-blocks.js";
import Search from "./commands/search.js";
import type { SearchHit } from "../../core/ports/block-search.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

const BLOCK_ID = /Block ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}):/g;

/** What the model is asked about: the block ids in the request's text parts. */
function askedIds(request: RecordedWireRequest): string[] {
  const body = request.body as { contents: Array<{ parts: Array<{ text?: string }> }> };
  const text = body.contents.flatMap((c) => c.parts.map((p) => p.text ?? "")).join("\n");
  return [...text.matchAll(BLOCK_ID)].map((m) => m[1]!);
}

describe("aizoomdoc docs index", () => {
  let server: GeminiWireServer;
  let dir: string;
  let pdf: string;
  beforeAll(async () => {
    server = await GeminiWireServer.start();
    dir = mkdtempSync(join(tmpdir(), "aizoomdoc-index-"));
    pdf = join(dir, "АР.pdf");
    writeFileSync(pdf, generateDrawingSet({ sheets: 2, seed: 5 }).pdf);
  });
  afterAll(() => server?.close());
  afterEach(() => vi.unstubAllEnvs());

  it("says that no model is configured and exits non-zero without a key", async () => {
    vi.stubEnv("GEMINI_API_KEY", undefined);
    vi.stubEnv("GOOGLE_API_KEY", undefined);
    const failure = await runCommand(DocsIndexBlocks, ["any-document", "--data-dir", dir]).catch((error: { oclif?: { exit?: number }; stderr?: string }) => error);
    expect(failure).toMatchObject({ oclif: { exit: 69 } });
    // the core says what is missing; the CLI says which variable to set
    expect((failure as { stderr: string }).stderr).toMatch(/language model, and none is configured .*: set GEMINI_API_KEY \[LLM.NOT_CONFIGURED\]/);
  });

  it("indexes the drawings through the configured model, persists the entries, and a rerun skips them", async () => {
    vi.stubEnv("GEMINI_API_KEY", "test-key");
    vi.stubEnv("GEMINI_BASE_URL", server.url);
    const describeAll = (request: RecordedWireRequest) =>
      textReply(JSON.stringify({ blocks: askedIds(request).map((id, i) => ({ block_id: id, title: `План ${i + 1} этажа`, discipline: "АР", keywords: ["перемычки"], system_codes: ["ПР-1"], floor: String(i + 1), scale: "1:100", summary: "" })) }), { usage: { promptTokenCount: 1200, candidatesTokenCount: 90 } });
    server.enqueue(describeAll, describeAll);
    const added = await runCommand(DocsAdd, [pdf, "--data-dir", dir, "--ocr", "never", "--no-index"]);
    const id = added.result.documents[0]!.id;
    expect(server.modelRequests).toHaveLength(0);

    const first = await runCommand(DocsIndexBlocks, [id, "--data-dir", dir]);
    const report = first.result as BlockIndexReport;
    expect(report).toMatchObject({ documentId: id, total: 2, indexed: 2, skipped: 0, failed: [] });
    expect(report.usage).toMatchObject({ calls: 1, inputTokens: 1200, outputTokens: 90 });
    expect(first.stderr).toContain("index: 2/2");
    expect(first.stdout).toContain("2 indexed, 0 already indexed, 0 failed of 2 drawings");
    const calls = server.modelRequests.length;
    expect(askedIds(server.modelRequests.at(-1)!)).toHaveLength(2);

    // a new process on the same data dir: the entries are in the embedded database, nothing is sent again
    await closeApplications();
    const second = await runCommand(DocsIndexBlocks, [id, "--data-dir", dir]);
    expect(second.stdout).toContain("0 indexed, 2 already indexed, 0 failed of 2 drawings");
    expect(server.modelRequests).toHaveLength(calls);
  });

  it("with a key, docs add builds the block index right after storing the document", async () => {
    vi.stubEnv("GEMINI_API_KEY", "test-key");
    vi.stubEnv("GEMINI_BASE_URL", server.url);
    const before = server.modelRequests.length;
    server.enqueue((request: RecordedWireRequest) =>
      textReply(JSON.stringify({ blocks: askedIds(request).map((id) => ({ block_id: id, title: "План этажа", discipline: "АР", keywords: ["перемычки"] })) })),
    );
    const data = join(dir, "auto");
    const added = await runCommand(DocsAdd, [pdf, "--data-dir", data, "--ocr", "never"]);
    expect(added.stderr).toContain("АР.pdf: index 2/2  block index: 2 drawings indexed, 0 already");
    expect(server.modelRequests).toHaveLength(before + 1);
    const rerun = await runCommand(DocsIndexBlocks, [added.result.documents[0]!.id, "--data-dir", data]);
    expect(rerun.stdout).toContain("0 indexed, 2 already indexed, 0 failed of 2 drawings");
    // search finds the drawings through their entries
    const found = await runCommand(Search, ["план этажа", "--kind", "IMAGE", "--data-dir", data]);
    const hits = (found.result as { hits: SearchHit[] }).hits;
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(hit.matched).toContain("index");
    expect(found.stdout).toMatch(/IMAGE {2}score [0-9.]+ {2}\[[a-z, ]*index\]/);
  });

  it("keeps the added document when indexing fails, saying how to retry", async () => {
    vi.stubEnv("GEMINI_API_KEY", "test-key");
    vi.stubEnv("GEMINI_BASE_URL", server.url);
    server.enqueue(googleError(403, "PERMISSION_DENIED", "API key not valid"));
    const data = join(dir, "failing");
    const added = await runCommand(DocsAdd, [pdf, "--data-dir", data, "--ocr", "never"]);
    expect(added.result.documents).toHaveLength(1);
    expect(added.stderr).toMatch(/АР\.pdf: index .*(failed|not built)/);
  });
});
