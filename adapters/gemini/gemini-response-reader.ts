import type { GenerateContentResponse, GenerateContentResponseUsageMetadata } from "@google/genai";
import { DomainError } from "../../core/domain/errors.js";
import { acceptModelOutput } from "../../core/domain/model-output.js";
import type { GenerateRequest, GenerateResult } from "../../core/ports/language-model.js";
import { convertGeminiUsage } from "./convert-gemini-usage.js";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";

/**
 * Reads Gemini responses (one for `generateContent`, many for a stream) into text and thinking deltas, and
 * at the end into the port's result. Safety refusals become `LLM.BLOCKED` as soon as they are seen.
 */
export class GeminiResponseReader {
  private text = "";
  private finishRaw: string | undefined;
  private usage: GenerateContentResponseUsageMetadata | undefined;
  private modelVersion: string | undefined;

  constructor(private readonly model: string) {}

  read(response: GenerateContentResponse): { text: string; thinking: string } {
    const blockReason = response.promptFeedback?.blockReason;
    if (blockReason) {
      throw new DomainError("LLM.BLOCKED", `${this.model} refused the prompt (${blockReason})`, {
        details: { model: this.model, reason: blockReason, ...(response.promptFeedback?.blockReasonMessage ? { message: response.promptFeedback.blockReasonMessage } : {}) },
      });
    }
    if (response.usageMetadata) this.usage = response.usageMetadata;
    if (response.modelVersion) this.modelVersion = response.modelVersion;
    const candidate = response.candidates?.[0];
    let text = "";
    let thinking = "";
    for (const part of candidate?.content?.parts ?? []) {
      if (typeof part.text !== "string") continue;
      if (part.thought) thinking += part.text;
      else text += part.text;
    }
    this.text += text;
    if (candidate?.finishReason) {
      this.finishRaw = candidate.finishReason;
      if (mapGeminiFinishReason(this.finishRaw).unified === "content-filter") {
        throw new DomainError("LLM.BLOCKED", `${this.model} stopped its answer (${this.finishRaw})`, {
          details: { model: this.model, reason: this.finishRaw, partialText: this.text },
        });
      }
    }
    return { text, thinking };
  }

  /**
   * The whole result, read from the finish reason first (see `acceptModelOutput`); a stream that never reported
   * a finish reason was cut off. Usage is the last response's: stream chunks carry running totals.
   */
  finish<T>(request: GenerateRequest<T>, images: number, streamed: boolean): GenerateResult<T> {
    if (this.finishRaw === undefined) {
      throw streamed
        ? new DomainError("LLM.UNAVAILABLE", `${this.model} stream ended before the answer was complete`, { retryable: true, details: { model: this.model } })
        : new DomainError("LLM.BAD_RESPONSE", `${this.model} returned no candidate`, { details: { model: this.model } });
    }
    const output = {
      text: this.text,
      finishReason: mapGeminiFinishReason(this.finishRaw),
      usage: convertGeminiUsage(this.usage, images),
      model: this.modelVersion ?? this.model,
      ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    };
    const object = acceptModelOutput(output, request.schema);
    return {
      text: output.text,
      ...(request.schema ? { object } : {}),
      usage: output.usage,
      finishReason: output.finishReason,
      model: output.model,
    };
  }
}
