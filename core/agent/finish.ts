import type { Answer } from "../domain/answer.js";
import type { AgentRun } from "./agent-run.js";
import type { Step } from "./phase.js";

/** The last two events of every successful run: the final answer with summed usage, then `completed`. */
export async function* finish(run: AgentRun, answer: Answer, model: string): Step<void> {
  const usage = { inputTokens: run.usage.input_tokens, outputTokens: run.usage.output_tokens, images: run.usage.images };
  yield { type: "llm_final", content: answer.answer_markdown, model, answer, usage };
  yield { type: "completed", answer };
}
