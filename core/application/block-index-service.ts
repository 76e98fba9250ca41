import { z } from "zod";
import type { Block } from "../domain/block.js";
import {
  canonicalDiscipline,
  type BlockIndexCandidate,
  type BlockIndexEntry,
  type BlockIndexEntryInput,
  type BlockIndexQuery,
  type BlockIndexReport,
} from "../domain/block-index.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { FULL_PAGE } from "../domain/geometry.js";
import type { BlockIndex } from "../ports/block-index.js";
import type { LanguageModel, ModelLimits, ModelPart } from "../ports/language-model.js";
import { CHARS_PER_TOKEN, imageTokensOf } from "../agent/fit-budget-to-model.js";
import type { PromptLibrary } from "../ports/prompt-library.js";
import type { AizoomdocApi, ProgressListener } from "./aizoomdoc-api.js";

export interface BlockIndexBudget {
  /** Blocks described by one model call. */
  blocksPerCall: number;
  /** Encoded image bytes sent in one call; a single larger image still goes alone. */
  imageBytesPerCall: number;
  /** Long side of a block overview in pixels: two Gemini image tiles, enough for titles and codes, cheap to send. */
  overviewLongSide: number;
  /** Characters of a block's own text sent with its picture. */
  textChars: number;
  /** A block that failed this many times is skipped until a forced run. */
  maxAttempts: number;
  maxKeywords: number;
}

export const DEFAULT_BLOCK_INDEX_BUDGET: BlockIndexBudget = {
  blocksPerCall: 4,
  imageBytesPerCall: 8_000_000,
  overviewLongSide: 1536,
  textChars: 1500,
  maxAttempts: 3,
  maxKeywords: 12,
};

export interface BlockIndexServiceDeps {
  ownerId: string;
  documents: Pick<AizoomdocApi, "getDocument" | "getBlocks">;
  evidence: Pick<AizoomdocApi, "render">;
  index: BlockIndex;
  prompts: PromptLibrary;
  /** Without a model nothing is built (`LLM.NOT_CONFIGURED`); search then uses the text layer only. */
  model?: LanguageModel;
  budget?: Partial<BlockIndexBudget>;
}

export interface IndexDocumentOptions {
  onProgress?: ProgressListener;
  /** Re-describe every block, also those indexed for this version and those given up on. */
  force?: boolean;
  signal?: AbortSignal;
}

const PROMPT_ID = "block-index";
/** Unknown page size (imports with crop PDFs): a crop is one block, so a moderate DPI suffices. */
const UNKNOWN_SIZE_DPI = 100;
const MIN_DPI = 24;
const MAX_DPI = 200;
/** Failures that end the run (nothing else would succeed now); completed batches are already stored. */
const FATAL: ReadonlySet<ErrorCode> = new Set([
  "OPERATION.CANCELLED", "LLM.NOT_CONFIGURED", "LLM.RATE_LIMITED", "LLM.UNAVAILABLE",
  "STORAGE.UNAVAILABLE", "STORAGE.LOCKED", "STORAGE.CORRUPTED", "DOCUMENT.NOT_FOUND", "INTERNAL",
]);

const text = (max: number) => z.string().max(max).default("");
export const BlockIndexReplySchema = z.object({
  blocks: z
    .array(
      z.object({
        block_id: z.string(),
        title: z.string().trim().min(1).max(300),
        discipline: text(20),
        keywords: z.array(z.string().max(100)).max(40).default([]),
        system_codes: z.array(z.string().max(60)).max(80).default([]),
        floor: text(60),
        section: text(120),
        scale: text(40),
        summary: text(2000),
      }),
    )
    .max(50),
});
type ReplyItem = z.infer<typeof BlockIndexReplySchema>["blocks"][number];

interface Pending {
  block: Block;
  attempts: number;
  /** An entry usable for search that a failure must not overwrite (written by an older prompt). */
  keepOnFailure: boolean;
  /** Absent when the block cannot be rendered (an import without crop PDFs): its text is described alone. */
  image?: { bytes: Uint8Array; mimeType: string };
}

/**
 * Builds block index entries for a document's IMAGE blocks (DESIGN §5): renders a modest overview of each block,
 * sends several blocks per call to the fast model with their text framed as data, validates the reply and stores
 * entries batch by batch. Blocks indexed for the same source and prompt version are skipped, so a rerun resumes;
 * a bad reply or render fails only its blocks.
 */
export class BlockIndexService {
  private readonly budget: BlockIndexBudget;

  constructor(private readonly deps: BlockIndexServiceDeps) {
    this.budget = withinLimits({ ...DEFAULT_BLOCK_INDEX_BUDGET, ...deps.budget }, deps.model?.limits);
  }

  /** Whether a model is configured, i.e. whether `indexDocument` can build anything. */
  get enabled(): boolean {
    return this.deps.model !== undefined;
  }

  async indexDocument(documentId: string, options: IndexDocumentOptions = {}): Promise<BlockIndexReport> {
    const { model } = this.deps;
    if (!model) throw new DomainError("LLM.NOT_CONFIGURED", "the block index needs the deployment's language model, and none is configured (search works on the text layer without it)", { details: { needs: "deployment-model" } });
    const document = await this.deps.documents.getDocument(documentId);
    const blocks = await this.deps.documents.getBlocks(documentId, { kind: "IMAGE" });
    const prompt = await this.deps.prompts.get(PROMPT_ID);
    const system = await this.deps.prompts.render(PROMPT_ID, { max_keywords: String(this.budget.maxKeywords) });
    const previous = new Map((await this.deps.index.list(this.deps.ownerId, { documentIds: [documentId] })).map((e) => [e.blockId, e]));

    const report: BlockIndexReport = { documentId, total: blocks.length, indexed: 0, skipped: 0, failed: [], usage: { calls: 0, inputTokens: 0, outputTokens: 0, images: 0 } };
    const todo: Array<Omit<Pending, "image">> = [];
    for (const block of blocks) {
      const entry = previous.get(block.id);
      const current = entry?.sourceVersion === document.sourceVersion && entry.promptVersion === prompt.version;
      const done = current && (entry.status === "indexed" || entry.attempts >= this.budget.maxAttempts);
      if (done && !options.force) report.skipped++;
      else todo.push({ block, attempts: current && !options.force ? entry.attempts : 0, keepOnFailure: entry?.status === "indexed" });
    }
    const progress = (message: string) =>
      options.onProgress?.({ phase: "index", current: report.skipped + report.indexed + report.failed.length, total: report.total, message });
    progress(`${todo.length} of ${blocks.length} drawing blocks to index`);

    let batch: Pending[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      batchBytes = 0;
      await this.describe(model, system, prompt.version, document, sent, report, options.signal);
      progress(`indexed ${report.indexed}, failed ${report.failed.length}`);
    };
    for (const item of todo) {
      throwIfAborted(options.signal);
      let image: Pending["image"];
      try {
        const rendered = await this.deps.evidence.render({ documentId, blockId: item.block.id, dpi: this.overviewDpi(document, item.block), grid: false });
        image = { bytes: rendered.bytes, mimeType: rendered.image.mimeType };
      } catch (error) {
        // without a picture the block's own text (OCR output of imports) can still be catalogued
        if (!item.block.text.trim() && !item.block.description?.trim()) {
          await this.fail(document, prompt.version, [item], error, report);
          progress(`block ${item.block.id} could not be rendered`);
          continue;
        }
        if (!DomainError.isInstance(error) || FATAL.has(error.code)) throw error;
      }
      const bytes = image?.bytes.byteLength ?? 0;
      if (batch.length > 0 && (batch.length >= this.budget.blocksPerCall || batchBytes + bytes > this.budget.imageBytesPerCall)) await flush();
      batch.push({ ...item, ...(image ? { image } : {}) });
      batchBytes += bytes;
    }
    await flush();
    return report;
  }

  /** Candidate blocks of the owner's index for a question or structured terms (see `BlockIndexQuery`). */
  findCandidates(query: BlockIndexQuery): Promise<BlockIndexCandidate[]> {
    return this.deps.index.findCandidates(this.deps.ownerId, query);
  }

  /**
   * Like `findCandidates`, with each entry's block from the document store: what the agent's retrieve step
   * merges into its candidates (the entry's title and summary make a caption for a drawing without text).
   */
  async candidateBlocks(query: BlockIndexQuery): Promise<Array<BlockIndexCandidate & { block: Block }>> {
    const candidates = await this.findCandidates(query);
    const byDocument = new Map<string, Promise<Block[]>>();
    const found: Array<BlockIndexCandidate & { block: Block }> = [];
    for (const candidate of candidates) {
      const { documentId, blockId } = candidate.entry;
      let blocks = byDocument.get(documentId);
      if (!blocks) byDocument.set(documentId, (blocks = this.deps.documents.getBlocks(documentId, { kind: "IMAGE" })));
      const block = (await blocks).find((b) => b.id === blockId);
      if (block) found.push({ ...candidate, block });
    }
    return found;
  }

  /** Entries of the owner's documents (all, or of `documentIds`). */
  entries(documentIds?: string[]): Promise<BlockIndexEntry[]> {
    return this.deps.index.list(this.deps.ownerId, documentIds ? { documentIds } : {});
  }

  private async describe(model: LanguageModel, system: string, promptVersion: number, document: DocumentRecord, batch: Pending[], report: BlockIndexReport, signal?: AbortSignal): Promise<void> {
    let items: ReplyItem[];
    let modelName: string;
    try {
      const result = await model.generate({
        tier: "fast",
        system,
        messages: [{ role: "user", parts: batch.flatMap((p) => this.parts(document, p)) }],
        schema: BlockIndexReplySchema,
        temperature: 0.1,
        thinking: { enabled: false },
        ...(signal ? { signal } : {}),
      });
      report.usage.calls++;
      report.usage.inputTokens += result.usage.inputTokens;
      report.usage.outputTokens += result.usage.outputTokens;
      report.usage.images += result.usage.images;
      report.model = result.model;
      modelName = result.model;
      items = result.object!.blocks;
    } catch (error) {
      await this.fail(document, promptVersion, batch, error, report);
      return;
    }
    const byId = new Map<string, ReplyItem>();
    for (const item of items) if (!byId.has(item.block_id.trim())) byId.set(item.block_id.trim(), item);
    const entries: BlockIndexEntryInput[] = [];
    const missing: Pending[] = [];
    for (const pending of batch) {
      const item = byId.get(pending.block.id);
      if (!item) {
        missing.push(pending);
        continue;
      }
      entries.push({ ...base(document, promptVersion, pending), status: "indexed", model: modelName, ...catalogue(item) });
    }
    await this.deps.index.upsert(this.deps.ownerId, entries);
    report.indexed += entries.length;
    if (missing.length > 0) await this.fail(document, promptVersion, missing, new DomainError("LLM.BAD_RESPONSE", `${modelName} returned no entry for the block`), report);
  }

  /** Records a failure for each block (unless it has a usable older entry); fatal errors end the run. */
  private async fail(document: DocumentRecord, promptVersion: number, items: Array<Omit<Pending, "image">>, error: unknown, report: BlockIndexReport): Promise<void> {
    if (!DomainError.isInstance(error) || FATAL.has(error.code)) throw error;
    const message = oneLine(error.message);
    const entries = items
      .filter((item) => !item.keepOnFailure)
      .map((item): BlockIndexEntryInput => ({ ...base(document, promptVersion, item), status: "failed", error: `${error.code}: ${message}` }));
    await this.deps.index.upsert(this.deps.ownerId, entries);
    for (const item of items) report.failed.push({ blockId: item.block.id, code: error.code, message });
  }

  private parts(document: DocumentRecord, pending: Pending): ModelPart[] {
    const { block } = pending;
    const stamp = document.pages.find((p) => p.number === block.page)?.stamp;
    // file name and title block are document text too: they go inside the data frame with the block's text
    const context = [
      `document: ${document.name.replace(/\s+/g, " ").slice(0, 200)}`,
      stamp?.cipher && `cipher: ${stamp.cipher}`,
      stamp?.sheet && `sheet: ${stamp.sheet}`,
      stamp?.title && `sheet title: ${stamp.title}`,
    ].filter(Boolean);
    const blockText = [block.text, block.description ?? ""].filter((t) => t.trim()).join("\n");
    const own = blockText.length > this.budget.textChars ? `${blockText.slice(0, this.budget.textChars)}…` : blockText;
    const framed = defuse([...context, "text inside the block:", own || "(none)"].join("\n"));
    const { image } = pending;
    return [
      { type: "text", text: `Block ${block.id}: page ${block.page}.\n<<<block text\n${framed}\nblock text>>>\n${image ? `Picture of block ${block.id}:` : `No picture of block ${block.id} is available; describe it from its text.`}` },
      ...(image ? [{ type: "image" as const, mimeType: image.mimeType, data: image.bytes, label: block.id }] : []),
    ];
  }

  /** DPI that makes the block's overview about `overviewLongSide` pixels on its long side. */
  private overviewDpi(document: DocumentRecord, block: Block): number {
    const page = document.pages.find((p) => p.number === block.page);
    const [x0, y0, x1, y1] = block.bboxNorm ?? FULL_PAGE;
    const longSidePt = page && page.width > 0 ? Math.max((x1 - x0) * page.width, (y1 - y0) * page.height) : 0;
    if (!(longSidePt > 0)) return UNKNOWN_SIZE_DPI;
    return Math.min(MAX_DPI, Math.max(MIN_DPI, Math.round((this.budget.overviewLongSide * 72) / longSidePt)));
  }
}

function base(document: DocumentRecord, promptVersion: number, item: Omit<Pending, "image">) {
  return { documentId: document.id, blockId: item.block.id, sourceVersion: document.sourceVersion, promptVersion, attempts: item.attempts + 1 };
}

function catalogue(item: ReplyItem): Partial<BlockIndexEntryInput> {
  const list = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
  const optional = (key: "discipline" | "floor" | "section" | "scale" | "summary", value: string) => {
    const trimmed = value.trim();
    return trimmed ? { [key]: key === "discipline" ? canonicalDiscipline(trimmed) : trimmed } : {};
  };
  return {
    title: item.title,
    keywords: list(item.keywords),
    systemCodes: list(item.system_codes),
    ...optional("discipline", item.discipline),
    ...optional("floor", item.floor),
    ...optional("section", item.section),
    ...optional("scale", item.scale),
    ...optional("summary", item.summary),
  };
}

/** Document text must not close the data frame it is put in. */
function defuse(value: string): string {
  return value.replace(/<<<|>>>/g, (m) => (m === "<<<" ? "‹‹‹" : "›››"));
}

function oneLine(value: string): string {
  const flat = value.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "block indexing was cancelled");
}

/** Half of a limited context for the blocks of one call: the rest is the prompt's and the reply's. */
const BLOCKS_CONTEXT_SHARE = 0.5;

/** Fewer blocks per call where the model server takes fewer images in one request, or its context holds fewer. */
function withinLimits(budget: BlockIndexBudget, limits: ModelLimits | undefined): BlockIndexBudget {
  let blocksPerCall = Math.min(budget.blocksPerCall, limits?.maxImagesPerRequest ?? Number.POSITIVE_INFINITY);
  if (limits?.contextTokens !== undefined) {
    const long = budget.overviewLongSide;
    const perBlock = imageTokensOf(limits, { overviewPixels: long, roiPixels: long }) + Math.ceil(budget.textChars / CHARS_PER_TOKEN);
    blocksPerCall = Math.min(blocksPerCall, Math.floor((limits.contextTokens * BLOCKS_CONTEXT_SHARE) / perBlock));
  }
  return { ...budget, blocksPerCall: Math.max(1, blocksPerCall) };
}
