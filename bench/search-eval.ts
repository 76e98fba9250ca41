/**
 * Retrieval quality on the corpus question set (tests/search-eval/questions.json): recall@5, recall@10 and MRR
 * of our search against plain `russian` full-text search over the same imported blocks.
 *
 *   AIZOOMDOC_CORPUS=../shared/corpus npx tsx bench/search-eval.ts [--misses]
 */
import { evaluateSearch } from "../tests/search-eval/evaluate.js";

const corpus = process.env.AIZOOMDOC_CORPUS;
if (!corpus) {
  console.error("set AIZOOMDOC_CORPUS to the corpus folder");
  process.exit(64);
}
const evaluation = await evaluateSearch(corpus);
console.log(`\n${evaluation.questions} questions over ${evaluation.blocks} imported blocks, top 10\n`);
console.log("| system | recall@5 | recall@10 | MRR |");
console.log("|---|---:|---:|---:|");
for (const s of evaluation.scores) console.log(`| ${s.system} | ${s.recallAt5.toFixed(3)} | ${s.recallAt10.toFixed(3)} | ${s.mrr.toFixed(3)} |`);
if (process.argv.includes("--misses")) {
  for (const s of evaluation.scores) {
    const misses = Object.entries(s.ranks).filter(([, r]) => r === null || r > 5);
    console.log(`\n${s.system}: not in top 5: ${misses.map(([id, r]) => `${id}${r ? `@${r}` : ""}`).join(" ") || "none"}`);
  }
}
