import { describe, expect, it } from "vitest";
import { evaluateSearch } from "./evaluate.js";

const corpus = process.env.AIZOOMDOC_CORPUS;
if (!corpus) throw new Error("the corpus tier needs AIZOOMDOC_CORPUS pointing at the corpus folder (.ci/run sets it)");

/**
 * Floors, measured on this question set when it was written: ours 0.95 / 0.98 recall@5/@10, MRR 0.85; plain
 * FTS with all words 0.48 / 0.52, with any word 0.86 / 0.93. The floors hold the aim (recall@10 ≥ 0.9)
 * and require that the code-aware channel keeps beating plain search, without pinning today's exact numbers.
 */
describe("corpus: search quality on tests/search-eval/questions.json", () => {
  it("finds the answering block in the top 10 for at least 90% of the questions, ahead of plain FTS", async () => {
    const { questions, scores } = await evaluateSearch(corpus);
    const [ours, plainAll, plainAny] = scores;
    expect(questions).toBeGreaterThanOrEqual(30);
    expect(ours!.recallAt10).toBeGreaterThanOrEqual(0.9);
    expect(ours!.recallAt5).toBeGreaterThanOrEqual(0.85);
    expect(ours!.mrr).toBeGreaterThanOrEqual(0.75);
    expect(ours!.recallAt10).toBeGreaterThan(plainAll!.recallAt10);
    expect(ours!.mrr).toBeGreaterThan(plainAny!.mrr);
  });
});
