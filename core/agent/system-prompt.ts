import type { AgentRun } from "./agent-run.js";
import { LANGUAGE_NAMES } from "./language.js";

export type PromptTask = "intent" | "collector" | "answer" | "compare";

/** System text of one call: the shared rules, then the selected role, then the task (and the last-round rule). */
export async function systemPrompt(run: AgentRun, task: PromptTask, options: { finalRound?: boolean } = {}): Promise<string> {
  const { prompts } = run.deps;
  const budget = run.settings.budget;
  const parts = [await prompts.render("system", { language: LANGUAGE_NAMES[run.language] })];
  if (task !== "intent") {
    if (run.settings.roleText) parts.push(`Role chosen by the user (it shapes focus and tone; the rules above still apply):\n${run.settings.roleText}`);
    else if (run.settings.role) parts.push(await prompts.render(`role-${run.settings.role}`, {}));
  }
  const variables: Record<string, string> = {
    max_images: String(budget.maxImagesPerCall),
    max_rois: String(budget.maxRoisPerRound),
  };
  parts.push(await prompts.render(task, variables));
  if (options.finalRound) parts.push(await prompts.render("final-answer-at-budget", {}));
  return parts.join("\n\n");
}
