import { z } from "zod";
import type { GenerateRequest, StreamPart } from "../../../core/ports/language-model.js";

/** Not a picture, but bytes with a PNG's signature: what the model adapters send as an image part in their tests. */
export const TINY_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);

/** The structured reply the adapters' tests ask for. */
export const CountAnswer = z.object({ answer_markdown: z.string(), count: z.number().int().default(0) });

/** A fast-tier question about one image, with `extra` on top. */
export function modelRequest<T>(extra: Partial<GenerateRequest<T>> = {}): GenerateRequest<T> {
  return {
    tier: "fast",
    system: "Answer from the evidence only.",
    messages: [{ role: "user", parts: [{ type: "text", text: "Сколько перемычек?" }, { type: "image", mimeType: "image/png", data: TINY_PNG }] }],
    ...extra,
  };
}

/** Every part of a stream, in order. */
export async function collectParts<T>(parts: AsyncIterable<StreamPart<T>>): Promise<StreamPart<T>[]> {
  const seen: StreamPart<T>[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}
