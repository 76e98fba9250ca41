import { DomainError } from "../../domain/errors.js";
import { acceptModelOutput } from "../../domain/model-output.js";
import type { FinishReason, GenerateRequest, GenerateResult, LanguageModel, ModelLimits, ModelUsage, StreamPart } from "../language-model.js";

/** One scripted outcome. `object` is serialised to JSON as the model's text; `text` is sent as is. */
export type ScriptedReply =
  | {
      object?: unknown;
      text?: string;
      thinking?: string;
      usage?: Partial<ModelUsage>;
      finishReason?: FinishReason;
      /** Streaming replay: split the text into pieces of this many characters (default 12). */
      chunkSize?: number;
      /** Pause before each streamed piece (and before `generate` resolves), honouring cancellation. */
      delayMs?: number;
    }
  | {
      error: Error;
      /** When streaming, yield this many pieces of `text` (default: all of it) first, then fail mid-stream. */
      afterChunks?: number;
      text?: string;
    };

export type ScriptedStep = ScriptedReply | ((request: GenerateRequest, call: RecordedModelCall) => ScriptedReply | Promise<ScriptedReply>);

/** What the fake saw on one call, with images reduced to their size so assertions stay readable. */
export interface RecordedModelCall {
  index: number;
  method: "generate" | "stream";
  tier: GenerateRequest["tier"];
  system: string;
  messages: Array<{ role: "user" | "model"; text: string; images: Array<{ mimeType: string; bytes: number; label?: string }> }>;
  imageCount: number;
  hasSchema: boolean;
  request: GenerateRequest;
}

/** Gemini bills a typical image as 258 tokens; text is estimated at four characters per token. */
const imageTokens = 258;
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Verified fake of `LanguageModel` for the agent's tests: replays queued replies one per call (objects, text,
 * errors, or functions of the request), streams them in pieces, records every call, and validates structured
 * output with the request's schema exactly as a real adapter must. Usage is an estimate (4 chars/token, 258
 * tokens per image) unless the reply states it. A reply scripted with finish reason `length` or without text
 * fails as a real adapter's would (`LLM.OUTPUT_TRUNCATED`, `LLM.EMPTY_RESPONSE`). With `limits`, a request over
 * `maxImagesPerRequest` is refused as an adapter refuses it, and one whose estimated prompt and output budget
 * exceed `contextTokens` as a server refuses it (`VALIDATION.INVALID_INPUT`, reason `context_length_exceeded`);
 * both are recorded as calls. Throws `INTERNAL` when the script runs out.
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly name: string;
  readonly limits?: ModelLimits;
  readonly calls: RecordedModelCall[] = [];
  private readonly script: ScriptedStep[];

  constructor(steps: ScriptedStep[] = [], options: { name?: string; limits?: ModelLimits } = {}) {
    this.script = [...steps];
    this.name = options.name ?? "scripted";
    if (options.limits) this.limits = options.limits;
  }

  /** The same fake (one script, one record of calls) answering as a server with these limits. */
  withLimits(limits: ModelLimits): ScriptedLanguageModel {
    return Object.assign(Object.create(ScriptedLanguageModel.prototype) as ScriptedLanguageModel, this, { limits });
  }

  /** Queues more replies after the ones already scripted. */
  enqueue(...steps: ScriptedStep[]): this {
    this.script.push(...steps);
    return this;
  }

  /** Replies not consumed yet; tests assert 0 to prove the scenario used every step. */
  get remaining(): number {
    return this.script.length;
  }

  async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
    const { reply } = await this.next("generate", request);
    if ("error" in reply) throw reply.error;
    await pause(reply.delayMs, request.signal);
    return this.result(request, reply);
  }

  async *stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>> {
    const { reply } = await this.next("stream", request);
    const text = "error" in reply ? (reply.text ?? "") : replyText(reply);
    const size = "error" in reply ? 12 : (reply.chunkSize ?? 12);
    const pieces = chunk(text, size);
    if ("error" in reply) {
      for (const piece of pieces.slice(0, reply.afterChunks ?? pieces.length)) yield { type: "text-delta", delta: piece };
      throw reply.error;
    }
    if (reply.thinking) yield { type: "thinking-delta", delta: reply.thinking };
    for (const piece of pieces) {
      await pause(reply.delayMs, request.signal);
      yield { type: "text-delta", delta: piece };
    }
    yield { type: "finish", result: this.result(request, reply) };
  }

  private async next(method: RecordedModelCall["method"], request: GenerateRequest): Promise<{ reply: ScriptedReply }> {
    throwIfAborted(request.signal);
    const call = record(this.calls.length, method, request);
    this.calls.push(call);
    this.checkLimits(request, call);
    const step = this.script.shift();
    if (step === undefined) {
      throw new DomainError("INTERNAL", `ScriptedLanguageModel: no scripted reply left for call #${call.index + 1} (${method}, tier ${request.tier})`);
    }
    return { reply: typeof step === "function" ? await step(request, call) : step };
  }

  private checkLimits(request: GenerateRequest, call: RecordedModelCall): void {
    const { maxImagesPerRequest, contextTokens, imageTokens: perImage = imageTokens } = this.limits ?? {};
    if (maxImagesPerRequest !== undefined && call.imageCount > maxImagesPerRequest) {
      throw new DomainError("VALIDATION.INVALID_INPUT", `${call.imageCount} images in one request, but the model server takes at most ${maxImagesPerRequest}`, {
        details: { images: call.imageCount, maxImagesPerRequest },
      });
    }
    const requestedTokens = estimateTokens(request.system + call.messages.map((m) => m.text).join("")) + call.imageCount * perImage + (request.maxOutputTokens ?? 0);
    if (contextTokens !== undefined && requestedTokens > contextTokens) {
      throw new DomainError("VALIDATION.INVALID_INPUT", `the request is longer than the model's context (${requestedTokens} of ${contextTokens} tokens)`, {
        details: { reason: "context_length_exceeded", contextTokens, requestedTokens },
      });
    }
  }

  private result<T>(request: GenerateRequest<T>, reply: Exclude<ScriptedReply, { error: Error }>): GenerateResult<T> {
    const text = replyText(reply);
    const images = request.messages.reduce((sum, message) => sum + message.parts.filter((part) => part.type === "image").length, 0);
    const inputText = request.system + request.messages.flatMap((m) => m.parts.map((p) => (p.type === "text" ? p.text : ""))).join("");
    const usage: ModelUsage = {
      inputTokens: estimateTokens(inputText) + images * imageTokens,
      outputTokens: estimateTokens(text),
      images,
      ...reply.usage,
    };
    const model = `${this.name}-${request.tier}`;
    const finishReason = reply.finishReason ?? { unified: "stop", raw: "STOP" };
    const maxOutputTokens = request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {};
    const object = acceptModelOutput({ text, finishReason, usage, model, ...maxOutputTokens }, request.schema);
    return { text, ...(request.schema ? { object } : {}), usage, finishReason, model };
  }
}

function replyText(reply: { object?: unknown; text?: string }): string {
  return reply.text ?? (reply.object === undefined ? "" : JSON.stringify(reply.object));
}

function record(index: number, method: RecordedModelCall["method"], request: GenerateRequest): RecordedModelCall {
  const messages = request.messages.map((message) => ({
    role: message.role,
    text: message.parts.map((part) => (part.type === "text" ? part.text : "")).join(""),
    images: message.parts.flatMap((part) =>
      part.type === "image" ? [{ mimeType: part.mimeType, bytes: part.data.byteLength, ...(part.label ? { label: part.label } : {}) }] : [],
    ),
  }));
  return {
    index,
    method,
    tier: request.tier,
    system: request.system,
    messages,
    imageCount: messages.reduce((sum, message) => sum + message.images.length, 0),
    hasSchema: request.schema !== undefined,
    request,
  };
}

function chunk(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += Math.max(1, size)) pieces.push(text.slice(index, index + size));
  return pieces;
}

function cancelled(): DomainError {
  return new DomainError("OPERATION.CANCELLED", "the model call was cancelled");
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

async function pause(ms: number | undefined, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  if (!ms) return;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
