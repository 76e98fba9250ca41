import { DomainError } from "../domain/errors.js";
import type { ModelMessage } from "../ports/language-model.js";
import type { AgentRun } from "./agent-run.js";
import { outputRoom, retryRoom, runRoom, streamObject } from "./model-call.js";
import { type ModelAnswer, ModelAnswerSchema } from "./model-schemas.js";
import { phase, progress, type Step } from "./phase.js";

export interface RoundCall {
  tier: "fast" | "strong";
  system: string;
  message: ModelMessage;
}

/** The round's answer, or the `LLM.OUTPUT_TRUNCATED` that ended it even after a retry with more room. */
export type RoundOutcome = { answer: ModelAnswer; model: string } | { cutOff: DomainError };

/**
 * One answer round, streamed as an `answer` phase. An answer that ran out of its output budget, or came back
 * empty, is streamed once more as a new `answer` phase with the room `retryRoom` gives it (so a client starts
 * the answer text afresh); a second cut-off ends the round with `cutOff`, for the loop to say so in the answer.
 */
export async function* answerRound(run: AgentRun, call: RoundCall, description: string): Step<RoundOutcome> {
  const spec = { tier: call.tier, system: call.system, messages: [call.message], schema: ModelAnswerSchema };
  let room = runRoom(run);
  for (let attempt = 1; ; attempt++) {
    try {
      const { object, model } = yield* phase(run, "answer", attempt === 1 ? description : `${description}, again with ${room.maxOutputTokens} output tokens`, () =>
        streamObject(run, spec, "answer_markdown", room),
      );
      return { answer: object, model };
    } catch (error) {
      const more = attempt === 1 && !run.input.signal?.aborted ? retryRoom(room, error, outputRoom(run, spec)) : undefined;
      if (more) {
        yield progress("answer", `${error instanceof Error ? error.message : String(error)}; asking again`);
        room = more;
        continue;
      }
      if (DomainError.isInstance(error) && error.code === "LLM.OUTPUT_TRUNCATED") return { cutOff: error };
      throw error;
    }
  }
}

/** The unverified line of an answer the output budget cut off, with what to change. */
export function cutOffNote(error: DomainError, round: number): string {
  const spent = Number(error.details?.outputTokens ?? 0);
  const thinking = Number(error.details?.thinkingTokens ?? 0);
  return `round ${round}'s answer was cut off at the output budget (${spent} tokens${thinking ? `, ${thinking} of them thinking` : ""}): raise budget.maxOutputTokens or lower the thinking budget`;
}
