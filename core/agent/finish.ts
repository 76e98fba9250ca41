import type { Answer } from "../domain/answer.js";
import type { ModelUsage } from "../ports/language-model.js";
import type { AgentRun } from "./agent-run.js";
import type { Step } from "./phase.js";

/** The last two events of every successful run: the final answer with summed usage, then `completed`. */
export async function* finish(run: AgentRun, answer: Answer, model: string): Step<void> {
  const { input_tokens, output_tokens, images, thinking_tokens, cached_input_tokens } = run.usage;
  const usage: ModelUsage = {
    inputTokens: input_tokens,
    outputTokens: output_tokens,
    images,
    ...(thinking_tokens !== undefined ? { thinkingTokens: thinking_tokens } : {}),
    ...(cached_input_tokens !== undefined ? { cachedInputTokens: cached_input_tokens } : {}),
  };
  yield { type: "llm_final", content: answer.answer_markdown, model, answer, usage };
  yield { type: "completed", answer };
}
