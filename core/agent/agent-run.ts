import type { Answer } from "../domain/answer.js";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import type { EvidenceImage } from "../domain/evidence.js";
import type { ModelUsage } from "../ports/language-model.js";
import type { AgentDeps } from "./agent-deps.js";
import type { AgentSettings } from "./agent-settings.js";
import { type QuestionLanguage, questionLanguage } from "./language.js";

/** A block offered to the model: the only ids it may cite or ask to render. */
export interface Candidate {
  block: Block;
  documentName: string;
  score: number;
  /** Compare mode: which side the block belongs to. */
  side?: "A" | "B";
  /** A table pulled in because its caption names what the question asks for: all its rows matter. */
  captioned?: boolean;
  /** What the block index says the drawing shows (title — summary): quoted when the block has little text. */
  indexCaption?: string;
}

/** An image rendered in this run, under the short label the model sees (`I1`, `I2`…). */
export interface ShownImage {
  label: string;
  image: EvidenceImage;
  /** Region inside the block (0..1 of the block's overview) it shows; full block for overviews. */
  relativeBBox: readonly [number, number, number, number];
  /** Sector path relative to the block (`B2.A1`) when the region is one. */
  sectorPath?: string;
  reason: string;
  /** Encoded bytes until the image has been sent once; then dropped (later rounds get the index line only). */
  pendingBytes?: Uint8Array;
  /** What the model said it read on the image. */
  observation?: string;
}

/** An earlier turn of the same chat, already compacted by the caller. */
export interface ChatTurn {
  question: string;
  answer: string;
}

export interface AskInput {
  question: string;
  /** Earlier turns of the chat, oldest first, so a follow-up question can lean on them. */
  history?: readonly ChatTurn[];
  documentIds: string[];
  compare?: { a: string[]; b: string[] };
  signal?: AbortSignal;
}

export type RunUsage = NonNullable<Answer["usage"]>;

/** Mutable state of one answer run: candidates, rendered images, usage and timings. */
export class AgentRun {
  readonly language: QuestionLanguage;
  readonly candidates = new Map<string, Candidate>();
  readonly images: ShownImage[] = [];
  /** Summed over the run's model calls; the thinking and cached parts only once a call reports them. */
  readonly usage: RunUsage = { calls: 0, input_tokens: 0, output_tokens: 0, images: 0 };
  readonly timings: Record<string, number> = {};
  /** Time spent waiting for the model; the rest of the wall time is our own. */
  modelMs = 0;
  /** Best answer text so far, kept for the `error` event if a later step fails. */
  partialAnswer = "";
  private readonly renderKeys = new Map<string, ShownImage>();
  private readonly documents = new Map<string, DocumentRecord>();
  private readonly started: number;

  constructor(
    readonly deps: AgentDeps,
    readonly settings: AgentSettings,
    readonly input: AskInput,
  ) {
    this.language = questionLanguage(input.question);
    this.started = this.now();
  }

  now(): number {
    return this.deps.now ? this.deps.now() : performance.now();
  }

  elapsedMs(): number {
    return this.now() - this.started;
  }

  throwIfAborted(): void {
    const signal = this.input.signal;
    // a stop that says why (the server shutting down) keeps its reason; any other is a cancel
    if (signal?.aborted) throw DomainError.isInstance(signal.reason) ? signal.reason : new DomainError("OPERATION.CANCELLED", "the question was cancelled");
  }

  async document(documentId: string): Promise<DocumentRecord> {
    let doc = this.documents.get(documentId);
    if (!doc) {
      doc = await this.deps.documents.getDocument(documentId);
      this.documents.set(documentId, doc);
    }
    return doc;
  }

  addUsage(usage: ModelUsage, elapsedMs: number): void {
    this.usage.calls += 1;
    this.usage.input_tokens += usage.inputTokens;
    this.usage.output_tokens += usage.outputTokens;
    this.usage.images += usage.images;
    if (usage.thinkingTokens) this.usage.thinking_tokens = (this.usage.thinking_tokens ?? 0) + usage.thinkingTokens;
    if (usage.cachedInputTokens) this.usage.cached_input_tokens = (this.usage.cached_input_tokens ?? 0) + usage.cachedInputTokens;
    this.modelMs += elapsedMs;
  }

  imageByKey(key: string): ShownImage | undefined {
    return this.renderKeys.get(key);
  }

  imageByLabel(label: string): ShownImage | undefined {
    const wanted = label.trim().toUpperCase();
    return this.images.find((i) => i.label === wanted || i.image.id === label);
  }

  registerImage(key: string, shown: Omit<ShownImage, "label">): ShownImage {
    const entry: ShownImage = { ...shown, label: `I${this.images.length + 1}` };
    this.images.push(entry);
    this.renderKeys.set(key, entry);
    return entry;
  }

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await work();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + (this.now() - t0);
    }
  }
}
