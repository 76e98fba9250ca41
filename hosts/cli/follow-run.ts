import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Answer } from "../../core/domain/answer.js";
import { DomainError } from "../../core/domain/errors.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import type { AskPrinter } from "./ask-printer.js";
import type { CliBinding } from "./cli-binding.js";

/** An evidence image as a run showed it, named for the folder it is saved in. */
interface ShownImage {
  id: string;
  kind: string;
  place: string;
}

export interface FollowedRun {
  answer: Answer;
  images: Array<{ id: string; path: string }>;
}

/**
 * Prints a posted question's run as `ask` does (its events from the run's log, also over a dropped connection) and
 * saves the evidence images it showed into `out`; the run's `error` is thrown, after its partial answer is shown.
 */
export async function followRun(binding: CliBinding, runId: string, printer: AskPrinter, options: { out?: string; signal?: AbortSignal; status: (line: string) => void }): Promise<FollowedRun> {
  let answer: Answer | undefined;
  let failure: Extract<StreamEvent, { type: "error" }> | undefined;
  const shown = new Map<string, ShownImage>();
  for await (const { event } of binding.team.runEvents(runId, options.signal ? { signal: options.signal } : {})) {
    printer.handle(event);
    if (event.type === "image_ready") shown.set(event.image_id, { id: event.image_id, kind: event.kind, place: event.block_id ?? `page${event.page}` });
    if (event.type === "completed" && event.answer) answer = event.answer;
    if (event.type === "error") failure = event;
  }
  const images = options.out ? await saveImages(binding, options.out, [...shown.values()]) : [];
  if (failure) {
    if (failure.partial_answer) options.status(`partial answer:\n${failure.partial_answer}`);
    throw DomainError.fromJSON(failure.error);
  }
  if (!answer) throw new DomainError("INTERNAL", "the answer stream ended without an answer");
  return { answer, images };
}

async function saveImages(binding: CliBinding, dir: string, shown: ShownImage[]): Promise<Array<{ id: string; path: string }>> {
  await mkdir(dir, { recursive: true });
  const saved: Array<{ id: string; path: string }> = [];
  for (const [index, image] of shown.entries()) {
    const { bytes, mimeType } = await binding.imageBytes(image.id);
    const ext = mimeType === "image/jpeg" ? "jpg" : mimeType === "image/webp" ? "webp" : "png";
    // a block id is the server's text: only letters, digits, `.`, `_` and `-` reach the file name
    const path = join(dir, `${String(index + 1).padStart(2, "0")}-${image.kind}-${image.place.replace(/[^\w.-]/g, "_")}.${ext}`);
    await writeFile(path, bytes);
    saved.push({ id: image.id, path });
  }
  return saved;
}
