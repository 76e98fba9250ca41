import { DomainError } from "../../core/domain/errors.js";
import { acceptModelOutput } from "../../core/domain/model-output.js";
import type { GenerateRequest, GenerateResult } from "../../core/ports/language-model.js";
import { convertOpenAiUsage, type OpenAiUsage } from "./convert-openai-usage.js";
import { mapOpenAiFinishReason } from "./map-openai-finish-reason.js";
import { fromFailedResponse, parseErrorBody } from "./openai-error.js";

/** What a choice may carry: `message` in a completion, `delta` in a stream chunk. */
interface Turn {
  content?: string | null;
  /** The thinking of reasoning models as vLLM, DeepSeek and llama.cpp send it (`reasoning` in newer vLLM). */
  reasoning_content?: string | null;
  reasoning?: string | null;
  /** OpenAI's structured-output refusal: the model declined instead of answering. */
  refusal?: string | null;
}

interface Completion {
  model?: string;
  choices?: Array<{ message?: Turn; delta?: Turn; finish_reason?: string | null }> | null;
  usage?: OpenAiUsage | null;
}

/**
 * Reads a chat completion (one body for `generate`, many chunks for a stream) into text and thinking deltas and
 * at the end into the port's result. Chunks may have no choices (Azure's prompt-filter chunk, the usage-only last
 * chunk), usage may come on the finish chunk (llama.cpp) or after it, or never (servers that ignore
 * `include_usage`); the last usage seen is kept.
 */
export class OpenAiResponseReader {
  private text = "";
  private finishRaw: string | undefined;
  private usage: OpenAiUsage | undefined;
  private modelVersion: string | undefined;

  constructor(private readonly model: string) {}

  /** One parsed body or chunk; an `{"error": …}` event in the middle of a stream throws as a failed response would. */
  read(json: string): { text: string; thinking: string } {
    const error = parseErrorBody(json);
    if (error && !json.includes('"choices"')) {
      const status = typeof error.code === "number" ? error.code : 500;
      throw fromFailedResponse({ status, body: json, headers: new Headers() }, this.model);
    }
    let completion: Completion;
    try {
      completion = JSON.parse(json) as Completion;
    } catch (cause) {
      throw new DomainError("LLM.BAD_RESPONSE", `${this.model} sent a response that is not valid JSON`, { cause, details: { model: this.model } });
    }
    if (completion.usage) this.usage = completion.usage;
    if (completion.model) this.modelVersion = completion.model;
    const choice = completion.choices?.[0];
    const turn = choice?.message ?? choice?.delta;
    const text = turn?.content ?? "";
    const thinking = turn?.reasoning_content ?? turn?.reasoning ?? "";
    this.text += text;
    if (turn?.refusal) {
      throw new DomainError("LLM.BLOCKED", `${this.model} refused to answer (${turn.refusal})`, { details: { model: this.model, reason: "refusal", message: turn.refusal } });
    }
    if (choice?.finish_reason) {
      this.finishRaw = choice.finish_reason;
      if (this.finishRaw === "content_filter") {
        throw new DomainError("LLM.BLOCKED", `${this.model} stopped its answer (content_filter)`, { details: { model: this.model, reason: this.finishRaw, partialText: this.text } });
      }
    }
    return { text, thinking };
  }

  /**
   * The whole result, read from the finish reason first (see `acceptModelOutput`). A stream that ended with
   * `[DONE]` but never named a finish reason (some servers omit it) finished normally; one that just stopped
   * was cut off.
   */
  finish<T>(request: GenerateRequest<T>, images: number, end: "complete" | "done" | "cut"): GenerateResult<T> {
    if (this.finishRaw === undefined && end !== "done") {
      throw end === "cut"
        ? new DomainError("LLM.UNAVAILABLE", `${this.model} stream ended before the answer was complete`, { retryable: true, details: { model: this.model } })
        : new DomainError("LLM.BAD_RESPONSE", `${this.model} returned no choice`, { details: { model: this.model } });
    }
    const finishReason = this.finishRaw === undefined ? { unified: "stop" as const } : mapOpenAiFinishReason(this.finishRaw);
    const output = {
      text: this.text,
      finishReason,
      usage: convertOpenAiUsage(this.usage, images),
      model: this.modelVersion ?? this.model,
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    };
    const object = acceptModelOutput(output, request.schema);
    return { text: output.text, ...(request.schema ? { object } : {}), usage: output.usage, finishReason, model: output.model };
  }
}
