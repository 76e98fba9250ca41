import { type Block, BlockIdAllocator, type BlockSource } from "../domain/block.js";
import type { DocumentRecord, Page } from "../domain/document.js";
import { DomainError, invalidInput } from "../domain/errors.js";
import type { BBoxNorm } from "../domain/geometry.js";
import { LABEL_BOXES_META, packLabelBoxes } from "../domain/drawing-labels.js";
import type { LayoutBlock } from "../ocr/layout.js";
import { OcrSettings, type OcrSettingsInput } from "../ocr/ocr-settings.js";
import { readPage } from "../ocr/page-reader.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { PageRenderer } from "../ports/page-renderer.js";
import type { TextRecognizer } from "../ports/text-recognizer.js";
import type { AizoomdocApi, ProgressListener } from "./aizoomdoc-api.js";
import type { OcrStep, OcrStepInput } from "./document-service.js";

export interface OcrServiceDeps {
  ownerId: string;
  store: DocumentStore;
  blobs: BlobStorage;
  renderer: PageRenderer;
  recognizer: TextRecognizer;
  settings?: OcrSettingsInput;
}

export interface OcrOptions {
  /** 1-based pages to read (again); default: the pages that need OCR and have not been read yet. */
  pages?: number[];
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Errors that end one page's OCR but not the document's: the page is reported and skipped. */
const PAGE_LEVEL: ReadonlySet<string> = new Set([
  "OCR.FAILED",
  "RENDER.FAILED",
  "REGION.INVALID",
  "LLM.BAD_RESPONSE",
  "LLM.OUTPUT_TRUNCATED",
  "LLM.EMPTY_RESPONSE",
  "LLM.BLOCKED",
  "LLM.TIMEOUT",
  "LLM.UNAVAILABLE",
  "LLM.RATE_LIMITED",
]);

/**
 * OCR of documents for one owner: during ingestion (the `OcrStep` the document service calls before it saves
 * anything) and later on demand (`ocr`). Each page's OCR blocks are written in one atomic step together with
 * the page's `ocrEngine` mark, so an interrupted run resumes at the first unmarked page with no duplicates.
 * A page that fails (noise, unreadable, a crashed worker) is reported in one line and skipped.
 */
export class OcrService implements Pick<AizoomdocApi, "ocr"> {
  private readonly settings: OcrSettings;

  constructor(private readonly deps: OcrServiceDeps) {
    this.settings = OcrSettings.parse(deps.settings ?? {});
  }

  private get source(): BlockSource {
    return `ocr:${this.deps.recognizer.engine}`;
  }

  async ocr(documentId: string, options: OcrOptions = {}): Promise<{ pages: number; blocks: number }> {
    const { ownerId, store, blobs } = this.deps;
    const document = await store.getDocument(ownerId, documentId);
    if (document.sourceKind !== "pdf" || !document.sourceKey) throw invalidInput(`${document.name}: OCR needs the source PDF, and this document was imported without one`);
    for (const n of options.pages ?? []) {
      if (!Number.isInteger(n) || n < 1 || n > document.pageCount) throw invalidInput(`${document.name}: page ${n} is outside 1…${document.pageCount}`);
    }
    const selected = options.pages
      ? document.pages.filter((p) => options.pages!.includes(p.number))
      : document.pages.filter((p) => p.needsOcr && p.ocrEngine !== this.deps.recognizer.engine);
    if (selected.length === 0) {
      options.onProgress?.({ phase: "ocr", current: 0, total: 0, message: "no page needs OCR (name the pages to read them anyway)" });
      return { pages: 0, blocks: 0 };
    }
    const pdf = await blobs.getBytes(document.sourceKey);
    const existing = await store.getBlocks(ownerId, documentId);
    const numbers = new Set(selected.map((p) => p.number));
    const replaced = (b: Block) => b.source === this.source && numbers.has(b.page);
    const ids = new BlockIdAllocator(document.sourceVersion);
    for (const block of existing) if (!replaced(block)) ids.reserve(block.id);
    let ordinal = Math.max(-1, ...existing.filter((b) => !replaced(b)).map((b) => b.ordinal)) + 1;
    let pages = 0;
    let blocks = 0;
    await this.readPages(document, pdf, selected, existing, options, async (page, layout) => {
      const made = this.toBlocks(document, page.number, layout, ids, ordinal);
      ordinal += made.length;
      // one OCR reading per page: another engine's blocks go first, with the page marked unread, so a run stopped
      // between the two steps leaves a page that the next run reads again, never two readings of it
      const others = new Set(existing.filter((b) => b.page === page.number && b.source.startsWith("ocr:") && b.source !== this.source).map((b) => b.source));
      for (const other of others) {
        const { ocrEngine: _previous, ...unread } = page;
        await store.replacePageBlocks(ownerId, documentId, unread, other, []);
      }
      await store.replacePageBlocks(ownerId, documentId, { ...page, ocrEngine: this.deps.recognizer.engine }, this.source, made);
      pages++;
      blocks += made.length;
    });
    return { pages, blocks };
  }

  /** The hook `DocumentService.addDocument` runs for OCR `auto` or `always` before it saves the document. */
  readonly ingestionStep: OcrStep = async (input: OcrStepInput) => {
    const { document, blocks, pdf, mode, ids, onProgress } = input;
    const selected = document.pages.filter((p) => mode === "always" || p.needsOcr);
    const read = new Map<number, Block[]>();
    try {
      await this.readPages(document, pdf, selected, blocks, { onProgress }, async (page, layout) => {
        read.set(page.number, this.toBlocks(document, page.number, layout, ids, 0));
      });
    } catch (error) {
      // without any language data the document is still worth having: ingest it with its text layer only
      if (!(DomainError.isInstance(error) && error.code === "OCR.UNAVAILABLE")) throw error;
      onProgress?.({ phase: "ocr", current: 0, total: selected.length, message: `OCR skipped: ${error.message}` });
    }
    const pages = document.pages.map((p) => (read.has(p.number) ? { ...p, ocrEngine: this.deps.recognizer.engine } : p));
    const ordered = document.pages.flatMap((p) => [...blocks.filter((b) => b.page === p.number).sort((a, b) => a.ordinal - b.ordinal), ...(read.get(p.number) ?? [])]);
    return { pages, blocks: ordered.map((b, i) => ({ ...b, ordinal: i })) };
  };

  private async readPages(
    document: DocumentRecord,
    pdf: Uint8Array,
    selected: Page[],
    existing: readonly Block[],
    options: Pick<OcrOptions, "onProgress" | "signal">,
    save: (page: Page, layout: LayoutBlock[]) => Promise<void>,
  ): Promise<void> {
    const total = selected.length;
    options.onProgress?.({ phase: "ocr", current: 0, total });
    for (const [i, page] of selected.entries()) {
      if (options.signal?.aborted) throw new DomainError("OPERATION.CANCELLED", "OCR was cancelled");
      const textLayer = existing.filter((b) => b.page === page.number && !b.source.startsWith("ocr:"));
      let message: string;
      try {
        const reading = await readPage(
          { renderer: this.deps.renderer, recognizer: this.deps.recognizer, settings: this.settings },
          { pdf, sourceVersion: document.sourceVersion },
          page,
          textLayer,
          options.signal,
        );
        await save(page, reading.blocks);
        const second = reading.smallTextRead ? `, ${reading.smallTextFound} of ${reading.smallTextRead} small texts read on a second look` : "";
        message = `page ${page.number}: ${reading.blocks.length} blocks from ${reading.wordsKept} words (${reading.tilesRead} of ${reading.tiles} tiles read${second})`;
      } catch (error) {
        if (!DomainError.isInstance(error) || !PAGE_LEVEL.has(error.code)) throw error;
        message = `page ${page.number} skipped: ${error.message}`;
      }
      options.onProgress?.({ phase: "ocr", current: i + 1, total, message });
    }
  }

  private toBlocks(document: DocumentRecord, page: number, layout: LayoutBlock[], ids: BlockIdAllocator, firstOrdinal: number): Block[] {
    return layout.map((item, i) => ({
      id: ids.next(page, item.kind, `${this.source}@${anchorOf(item.bbox)}:${item.text}`),
      documentId: document.id,
      kind: item.kind,
      page,
      bboxNorm: item.bbox,
      text: item.text,
      source: this.source,
      confidence: Math.round(item.confidence * 1000) / 1000,
      ordinal: firstOrdinal + i,
      meta: {
        ocr: { engine: this.deps.recognizer.engine, dpi: this.settings.dpi, words: item.words, ...(item.table ?? {}) },
        ...(item.lineBoxes ? { [LABEL_BOXES_META]: packLabelBoxes(item.lineBoxes) } : {}),
      },
    }));
  }
}

const anchorOf = (b: BBoxNorm) => b.map((v) => v.toFixed(3)).join(",");
