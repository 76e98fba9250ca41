import { describe, expect, it } from "vitest";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import type { AgentDeps } from "./agent-deps.js";
import { AgentRun, type Candidate } from "./agent-run.js";
import { AgentSettingsSchema } from "./agent-settings.js";
import { dpiFor, planOverview, planRegion } from "./render-plan.js";

/** One A1 sheet (33.1 in wide): defaults aim a region's long side at 1536 px, between 72 and 600 DPI. */
const sheet: DocumentRecord = {
  id: "doc-1",
  ownerId: "local",
  name: "АР.pdf",
  sourceKind: "pdf",
  sourceVersion: "v1",
  pageCount: 1,
  pages: [{ number: 1, width: 2384, height: 1684, rotation: 0, needsOcr: false }],
  createdAt: "2026-01-01T00:00:00.000Z",
};

function runWith(...blocks: Block[]): { run: AgentRun; candidate: (id: string) => Candidate } {
  const deps = { documents: { getDocument: async () => sheet } } as unknown as AgentDeps;
  const run = new AgentRun(deps, AgentSettingsSchema.parse({}), { question: "?", documentIds: [sheet.id] });
  for (const block of blocks) run.candidates.set(block.id, { block, documentName: sheet.name, score: 1 });
  return { run, candidate: (id) => run.candidates.get(id)! };
}

const block = (id: string, kind: Block["kind"], bboxNorm: Block["bboxNorm"], textSize?: number): Block => ({
  id,
  documentId: sheet.id,
  kind,
  page: 1,
  bboxNorm,
  text: "",
  source: "text-layer",
  ordinal: 0,
  ...(textSize === undefined ? {} : { meta: { textSize } }),
});

describe("dpiFor", () => {
  it("aims a region at the target pixels when its text size is unknown", async () => {
    const { run, candidate } = runWith(block("PLAN-0000-001", "IMAGE", [0, 0, 1, 1]));
    // a ninth of a ninth of the sheet is 3.68 in wide: 1536 px / 3.68 in
    expect(await dpiFor(run, candidate("PLAN-0000-001"), [0, 0, 1 / 9, 1 / 9], 1536, "roi")).toBe(418);
  });

  it("raises a zoomed region of a drawing to where its smallest label is 32 px per em, past the configured ceiling", async () => {
    const { run, candidate } = runWith(block("PLAN-0000-002", "IMAGE", [0, 0, 1, 1], 2));
    expect(await dpiFor(run, candidate("PLAN-0000-002"), [0, 0, 1 / 9, 1 / 9], 1536, "roi")).toBe(1152);
    const plan = await planRegion(run, { block_id: "PLAN-0000-002", sector: "B2.A1", reason: "label" });
    expect(plan).toMatchObject({ kind: "roi", dpi: 1152 });
  });

  it("keeps a drawing's overview at screen size, and reads a table shown whole at its text's legible DPI", async () => {
    const { run, candidate } = runWith(block("PLAN-0000-003", "IMAGE", [0, 0, 1, 1], 5), block("TABL-0000-004", "TABLE", [0.1, 0.1, 0.3, 0.2], 3));
    // 1536 px over 33.1 in is 46 DPI, raised to the configured floor of 72
    expect((await planOverview(run, candidate("PLAN-0000-003"), "overview")).dpi).toBe(72);
    expect((await planOverview(run, candidate("TABL-0000-004"), "schedule")).dpi).toBe(768);
  });
});
