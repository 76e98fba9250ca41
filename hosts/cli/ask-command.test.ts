import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDrawingSet } from "../../fixtures/drawing-set-generator.js";
import { GeminiWireServer } from "../../adapters/gemini/testing/gemini-wire-server.js";
import { textReply } from "../../adapters/gemini/testing/gemini-wire-replies.js";
import Ask from "./commands/ask.js";
import { keepApplicationsOpen, runCommand } from "./testing/run-command.js";

// the commands of this file share one open application per data dir (see keepApplicationsOpen)
const closeApplications = keepApplicationsOpen();
afterAll(() => closeApplications());

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** Runs `ask` in-process, capturing stdout (console and direct writes) and stderr. */
const run = (argv: string[]) => runCommand(Ask, argv);

describe("aizoomdoc ask (local mode, no model key)", () => {
  const saved = { gemini: process.env.GEMINI_API_KEY, google: process.env.GOOGLE_API_KEY, base: process.env.GEMINI_BASE_URL };
  let dir: string;
  let pdf: string;
  beforeAll(() => {
    delete process.env.GEMINI_API_KEY;
    delete process.env.GOOGLE_API_KEY;
    delete process.env.GEMINI_BASE_URL;
    dir = mkdtempSync(join(tmpdir(), "aizoomdoc-ask-"));
    pdf = join(dir, "set.pdf");
    writeFileSync(pdf, generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }, { kind: "specification" }], seed: 3 }).pdf);
  });
  afterAll(() => {
    if (saved.gemini !== undefined) process.env.GEMINI_API_KEY = saved.gemini;
    if (saved.google !== undefined) process.env.GOOGLE_API_KEY = saved.google;
    if (saved.base !== undefined) process.env.GEMINI_BASE_URL = saved.base;
  });

  it("ingests the PDF, runs evidence-only, says so, and saves the evidence images to --out", async () => {
    const out = join(dir, "evidence");
    const { result, stdout, stderr } = await run([pdf, "Какие перемычки на 2 этаже и сколько их?", "--data-dir", join(dir, "data"), "--out", out]);
    expect(stderr).toContain("set.pdf: page 2/2");
    expect(stderr).toContain("▸ retrieve");
    expect(stderr).toContain("Evidence-only mode: no language model is configured");
    expect(result.answer.mode).toBe("evidence_only");
    expect(stdout).toContain("Только доказательства — это не ответ языковой модели");
    expect(stdout).toContain("Sources:");
    expect(result.images.length).toBeGreaterThan(0);
    for (const image of result.images) {
      expect(stdout).toContain(image.path);
      expect([...readFileSync(image.path).subarray(0, 4)]).toEqual(PNG);
    }
  });

  it("compares two PDFs with --compare A B and returns the diff as JSON", async () => {
    const other = join(dir, "set-v2.pdf");
    writeFileSync(other, generateDrawingSet({ sheets: [{ kind: "floor-plan", floor: 2 }], seed: 4 }).pdf);
    const { result, stdout } = await run(["--compare", pdf, other, "Что изменилось в перемычках 2 этажа?", "--data-dir", join(dir, "data"), "--json"]);
    expect(result.answer.mode).toBe("evidence_only");
    const changed = result.answer.diff!.filter((d) => d.status === "changed");
    expect(changed.length).toBeGreaterThan(0);
    expect(new Set(changed[0]!.citations.map((c) => c.document_id)).size).toBe(2);
    expect(JSON.parse(stdout).answer.diff.length).toBe(result.answer.diff!.length);
  });

  it("with a key streams the model's answer (against the Gemini wire-format server) and prints its sources", async () => {
    const server = await GeminiWireServer.start();
    const text = "На 2 этаже три марки перемычек: ПР-1, ПР-2, ПР-3.";
    server.enqueue(textReply(JSON.stringify({ intent_type: "element_count", requires_visual_detail: false })), (request) => {
      const table = JSON.stringify(request.body).match(/\[([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})\] «set.pdf» · p.1 · TABLE/)![1]!;
      return textReply(JSON.stringify({ answer_markdown: text, citations: [{ block_id: table, kind: "text_block", page: 1 }] }), { streamPieces: 5 });
    });
    process.env.GEMINI_API_KEY = "test-key";
    process.env.GEMINI_BASE_URL = server.url;
    try {
      const { result, stdout, stderr } = await run([pdf, "Какие перемычки на 2 этаже?", "--data-dir", join(dir, "data")]);
      expect(result.answer.mode).toBe("llm");
      expect(stdout.startsWith(text)).toBe(true);
      expect(stdout).toMatch(/\[1\] text_block [A-Z0-9-]{13} p\.1/);
      expect(stderr).toContain("model calls 2");
      expect(stderr).not.toContain("Evidence-only");
      expect(server.modelRequests).toHaveLength(2);
    } finally {
      delete process.env.GEMINI_API_KEY;
      delete process.env.GEMINI_BASE_URL;
      await server.close();
    }
  });

  it("refuses a missing question or a missing file with a one-line usage error", async () => {
    await expect(run([pdf, "--data-dir", join(dir, "data")])).rejects.toMatchObject({ stderr: expect.stringContaining("ask needs a question") });
    await expect(run([join(dir, "nope.pdf"), "вопрос", "--data-dir", join(dir, "data")])).rejects.toMatchObject({ stderr: expect.stringContaining("nope.pdf: file not found") });
  });
});
