import { MupdfDocumentParser } from "../../adapters/mupdf/mupdf-document-parser.js";
import { FilePromptLibrary, bundledPromptsDirectory } from "../../adapters/local/file-prompt-library.js";
import { generateDrawingSet, type DrawingSetOptions, type DrawingSetTruth } from "../../fixtures/drawing-set-generator.js";
import type { AizoomdocApi, RenderSpec } from "../../core/application/aizoomdoc-api.js";
import { DocumentService } from "../../core/application/document-service.js";
import type { Block } from "../../core/domain/block.js";
import type { DocumentRecord } from "../../core/domain/document.js";
import type { EvidenceImage } from "../../core/domain/evidence.js";
import { FULL_PAGE, nestBBox, roundBBox } from "../../core/domain/geometry.js";
import { sectorPathBBox } from "../../core/domain/sector.js";
import type { LanguageModel } from "../../core/ports/language-model.js";
import { InMemoryBlockSearch } from "../../core/ports/testing/in-memory-block-search.js";
import { SearchService } from "../../core/application/search-service.js";
import { InMemoryBlobStorage } from "../../core/ports/testing/in-memory-blob-storage.js";
import { InMemoryDocumentStore } from "../../core/ports/testing/in-memory-document-store.js";
import type { AgentDeps } from "../../core/agent/agent-deps.js";

export const OWNER = "local";

/** A generated drawing set ingested through the real parser into an in-memory store. */
export interface IngestedSet {
  document: DocumentRecord;
  blocks: Block[];
  truth: DrawingSetTruth;
}

export class AgentWorld {
  readonly store = new InMemoryDocumentStore();
  readonly documents = new DocumentService({ ownerId: OWNER, store: this.store, blobs: new InMemoryBlobStorage(), parser: new MupdfDocumentParser() });
  readonly evidence = new RecordingEvidence(this.store);
  readonly prompts = new FilePromptLibrary({ directory: bundledPromptsDirectory() });
  readonly searches: string[] = [];

  async ingest(name: string, options: DrawingSetOptions): Promise<IngestedSet> {
    const set = generateDrawingSet(options);
    const document = await this.documents.addDocument({ name, bytes: set.pdf }, { ocr: "never" });
    return { document, blocks: await this.documents.getBlocks(document.id), truth: set.truth };
  }

  /** H4's verified in-memory BlockSearch behind the real search use case, recording each query. */
  private readonly searchService = new SearchService({ ownerId: OWNER, search: new InMemoryBlockSearch(this.store), store: this.store });
  readonly search: Pick<AizoomdocApi, "search"> = {
    search: async (query, options) => {
      this.searches.push(query);
      return this.searchService.search(query, options);
    },
  };

  deps(model?: LanguageModel): AgentDeps & { ownerId: string } {
    return { ownerId: OWNER, documents: this.documents, search: this.search, evidence: this.evidence, prompts: this.prompts, ...(model ? { model } : {}) };
  }
}

/** Evidence service stand-in: computes the image an evidence service would return and records every spec. */
export class RecordingEvidence implements Pick<AizoomdocApi, "render"> {
  readonly specs: RenderSpec[] = [];
  constructor(private readonly store: InMemoryDocumentStore) {}

  async render(spec: RenderSpec): Promise<{ image: EvidenceImage; bytes: Uint8Array }> {
    const n = this.specs.push(spec);
    const doc = await this.store.getDocument(OWNER, spec.documentId);
    const block = spec.blockId ? await this.store.getBlock(OWNER, spec.documentId, spec.blockId) : undefined;
    const page = block?.page ?? spec.page ?? 1;
    let region = block?.bboxNorm ?? FULL_PAGE;
    if (spec.bbox) region = nestBBox(region, spec.bbox);
    if (spec.sector) region = sectorPathBBox(spec.sector, region);
    const size = doc.pages[page - 1]!;
    const dpi = spec.dpi ?? 150;
    const width = Math.max(1, Math.round(((region[2] - region[0]) * size.width * dpi) / 72));
    const height = Math.max(1, Math.round(((region[3] - region[1]) * size.height * dpi) / 72));
    const image: EvidenceImage = {
      id: `img-${String(n).padStart(24, "0")}`,
      documentId: doc.id,
      ...(block ? { blockId: block.id } : {}),
      page,
      kind: spec.sector || spec.bbox ? "roi" : "overview",
      bboxNorm: roundBBox(region),
      ...(spec.sector ? { sector: spec.sector } : {}),
      dpi,
      width,
      height,
      mimeType: "image/png",
    };
    return { image, bytes: new Uint8Array(64 + n) };
  }
}

/** Collects a run's events. */
export async function collectEvents<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
