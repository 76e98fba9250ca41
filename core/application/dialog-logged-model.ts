import { DomainError } from "../domain/errors.js";
import type { DialogLog, DialogLogEntry } from "../ports/dialog-log.js";
import type { GenerateRequest, GenerateResult, LanguageModel, StreamPart } from "../ports/language-model.js";
import { redactSecrets } from "./redact-secrets.js";

export interface DialogLogTarget {
  log: DialogLog;
  chatId: string;
  runId: string;
  /** Values never to be written (a user's API key); common secret shapes are redacted anyway. */
  secrets?: ReadonlyArray<string | undefined>;
  now?: () => number;
}

/**
 * The model with every call written to the chat's dialog log (prompt, images by size, parameters, reply, usage,
 * timing), redacted. A log that cannot be written never fails the answer.
 */
export function dialogLogged(model: LanguageModel, target: DialogLogTarget): LanguageModel {
  const now = target.now ?? (() => performance.now());
  const redact = (text: string) => redactSecrets(text, target.secrets ?? []);
  let calls = 0;
  const write = (entry: DialogLogEntry) => target.log.append(target.chatId, entry).catch(() => undefined);
  const base = (method: DialogLogEntry["method"], request: GenerateRequest<unknown>) => ({
    at: new Date().toISOString(),
    runId: target.runId,
    call: ++calls,
    method,
    tier: request.tier,
    request: {
      system: redact(request.system),
      messages: request.messages.map((m) => ({
        role: m.role,
        text: redact(m.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n")),
        images: m.parts.flatMap((p) => (p.type === "image" ? [{ mimeType: p.mimeType, bytes: p.data.byteLength, ...(p.label ? { label: p.label } : {}) }] : [])),
      })),
      parameters: parameters(request),
      structured: request.schema !== undefined,
    },
  });
  const response = (result: GenerateResult<unknown>) => ({
    model: result.model,
    text: redact(result.text),
    usage: { ...result.usage },
    finishReason: result.finishReason.unified,
  });
  const failure = (error: unknown, partialText?: string) => ({
    code: DomainError.isInstance(error) ? error.code : "INTERNAL",
    message: redact(error instanceof Error ? error.message : String(error)),
    ...(partialText ? { partialText: redact(partialText) } : {}),
  });

  return {
    name: model.name,
    ...(model.limits ? { limits: model.limits } : {}),
    async generate<T>(request: GenerateRequest<T>): Promise<GenerateResult<T>> {
      const entry = base("generate", request);
      const t0 = now();
      try {
        const result = await model.generate(request);
        await write({ ...entry, response: response(result), elapsedMs: Math.round(now() - t0) });
        return result;
      } catch (error) {
        await write({ ...entry, error: failure(error), elapsedMs: Math.round(now() - t0) });
        throw error;
      }
    },
    async *stream<T>(request: GenerateRequest<T>): AsyncIterable<StreamPart<T>> {
      const entry = base("stream", request);
      const t0 = now();
      let text = "";
      try {
        for await (const part of model.stream(request)) {
          if (part.type === "text-delta") text += part.delta;
          if (part.type === "finish") await write({ ...entry, response: response(part.result), elapsedMs: Math.round(now() - t0) });
          yield part;
        }
      } catch (error) {
        await write({ ...entry, error: failure(error, text), elapsedMs: Math.round(now() - t0) });
        throw error;
      }
    },
  };
}

/** The request's sampling and budget parameters; the API key is left out, not redacted. */
function parameters(request: GenerateRequest<unknown>): Record<string, unknown> {
  const { temperature, topP, thinking, mediaResolution, maxOutputTokens, timeoutMs } = request;
  return Object.fromEntries(Object.entries({ temperature, topP, thinking, mediaResolution, maxOutputTokens, timeoutMs }).filter(([, v]) => v !== undefined));
}
