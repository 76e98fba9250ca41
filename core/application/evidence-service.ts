import { createHash } from "node:crypto";
import type { Block } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import { DomainError, invalidInput, notFound } from "../domain/errors.js";
import type { EvidenceImage, EvidenceKind } from "../domain/evidence.js";
import { type BBoxNorm, FULL_PAGE, assertBBox, nestBBox, roundBBox } from "../domain/geometry.js";
import { drawingLabels, ocrLines } from "../domain/drawing-labels.js";
import { MAX_RENDER_DPI, legibleDpiFloor } from "../domain/legible-dpi.js";
import { quadrantsOf } from "../domain/quadrants.js";
import { renderCacheKey } from "../domain/render-cache-key.js";
import { sectorPathBBox } from "../domain/sector.js";
import { growToWholeLabels } from "../domain/whole-labels.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { PageRenderer } from "../ports/page-renderer.js";
import type { RenderCache } from "../ports/render-cache.js";
import type { AizoomdocApi, RenderSpec } from "./aizoomdoc-api.js";
import { type PageTile, PageTileService, type PageTiles } from "./page-tile-service.js";

export interface EvidenceServiceDeps {
  ownerId: string;
  store: DocumentStore;
  blobs: BlobStorage;
  renderer: PageRenderer;
  cache: RenderCache;
  /** Pixel cap of one image (default 12 MP). */
  maxPixels?: number;
}

/** DPI of a whole sheet; regions that are smaller get more, up to `MAX_AUTO_DPI`. */
export const MIN_AUTO_DPI = 150;
export const MAX_AUTO_DPI = 800;
/** Long side of the reference sheet (A1, 841 mm) that gets `MIN_AUTO_DPI`. */
const REFERENCE_LONG_SIDE_PT = 2384;
/** DPI for sources whose page size is unknown (crop PDFs of imported documents). */
const UNKNOWN_SIZE_DPI = 200;
const IMAGE_ID = /^img-[0-9a-f]{24}$/;

/**
 * DPI for a region of `widthPt`×`heightPt` points. It grows with the square root of the zoom, so every nesting
 * level adds real detail while images stay a few thousand pixels wide: 150 for a whole A1 sheet, 260 for one of
 * its ninths, 450 for a ninth of a ninth, capped at 800. `legibleFloor` (see `legibleDpiFloor`) raises it to the
 * DPI at which the region's smallest text is legible, past that ceiling; the renderer's pixel cap still bounds the
 * image, and says when it lowered the DPI.
 */
export function chooseDpi(widthPt: number, heightPt: number, legibleFloor?: number): number {
  const longSide = Math.max(widthPt, heightPt);
  const byZoom = longSide > 0 ? Math.min(MAX_AUTO_DPI, Math.max(MIN_AUTO_DPI, Math.round(MIN_AUTO_DPI * Math.sqrt(REFERENCE_LONG_SIDE_PT / longSide)))) : UNKNOWN_SIZE_DPI;
  return legibleFloor === undefined ? byZoom : Math.max(byZoom, legibleFloor);
}

interface StoredEvidence {
  ownerId: string;
  image: EvidenceImage;
}

interface Source {
  key: string;
  version: string;
  page: number;
  /** Region inside the source page. */
  region: BBoxNorm;
  /** Source page size in points, 0 when unknown. */
  width: number;
  height: number;
}

/** Renders evidence images of blocks and page regions, and the deep-zoom tiles of pages, for one owner, through the render cache. */
export class EvidenceService implements Pick<AizoomdocApi, "render" | "getEvidenceImage" | "pageTiles" | "pageTile"> {
  private readonly tiles: PageTileService;

  constructor(private readonly deps: EvidenceServiceDeps) {
    this.tiles = new PageTileService(deps);
  }

  pageTiles(documentId: string, page: number): Promise<PageTiles> {
    return this.tiles.pageTiles(documentId, page);
  }

  pageTile(documentId: string, page: number, level: number, column: number, row: number): Promise<PageTile> {
    return this.tiles.pageTile(documentId, page, level, column, row);
  }

  /** Overview of a block or page (with the grid by default), or an ROI by nested sector path and/or bbox. */
  async render(spec: RenderSpec): Promise<{ image: EvidenceImage; bytes: Uint8Array }> {
    const kind: EvidenceKind = spec.sector || spec.bbox ? "roi" : "overview";
    return this.renderRegion(spec, kind);
  }

  /** The four quadrants (2×2) of a block or page, for large sheets shown before zooming into sectors. */
  async renderQuadrants(spec: Omit<RenderSpec, "sector" | "bbox">): Promise<Array<{ image: EvidenceImage; bytes: Uint8Array }>> {
    const images = [];
    for (const bbox of quadrantsOf()) images.push(await this.renderRegion({ ...spec, bbox }, "quadrant"));
    return images;
  }

  async getEvidenceImage(imageId: string): Promise<{ image: EvidenceImage; bytes: Uint8Array }> {
    const missing = () => notFound("STORAGE.NOT_FOUND", `evidence image ${imageId}`);
    if (!IMAGE_ID.test(imageId)) throw missing();
    let stored: StoredEvidence;
    try {
      stored = JSON.parse(new TextDecoder().decode(await this.deps.blobs.getBytes(`evidence/${imageId}.json`))) as StoredEvidence;
    } catch (error) {
      if (DomainError.isInstance(error) && error.code === "STORAGE.NOT_FOUND") throw missing();
      throw error;
    }
    if (stored.ownerId !== this.deps.ownerId) throw missing();
    return { image: stored.image, bytes: await this.deps.blobs.getBytes(stored.image.storageKey!) };
  }

  private async renderRegion(spec: RenderSpec, kind: EvidenceKind): Promise<{ image: EvidenceImage; bytes: Uint8Array }> {
    const { ownerId, store, blobs, renderer, cache } = this.deps;
    const document = await store.getDocument(ownerId, spec.documentId);
    const block = spec.blockId ? await store.getBlock(ownerId, spec.documentId, spec.blockId) : undefined;
    const page = block?.page ?? spec.page;
    if (page === undefined) throw invalidInput("render needs a block id or a page number");
    if (block && spec.page !== undefined && spec.page !== block.page) {
      throw invalidInput(`block ${block.id} is on page ${block.page}, not page ${spec.page}`);
    }
    if (!Number.isInteger(page) || page < 1 || page > document.pageCount) {
      throw new DomainError("REGION.INVALID", `page ${page} is outside document ${document.name} (1…${document.pageCount})`);
    }
    // zoom nests: block (or page) → bbox inside it → sector path inside that
    let region: BBoxNorm = block?.bboxNorm ?? FULL_PAGE;
    if (spec.bbox) region = nestBBox(region, assertBBox(spec.bbox));
    if (spec.sector) region = sectorPathBBox(spec.sector, region);
    const asked = roundBBox(region);
    if (kind !== "overview" && block?.kind !== "TEXT" && block?.kind !== "TABLE") region = growToWholeLabels(region, await this.labelsOn(document, page, block));
    region = roundBBox(region);
    if (!(region[0] < region[2] && region[1] < region[3])) throw new DomainError("REGION.INVALID", "the requested region is too small to render");

    const source = this.sourceOf(document, block, page, region);
    const dpi =
      spec.dpi ??
      chooseDpi((source.region[2] - source.region[0]) * source.width, (source.region[3] - source.region[1]) * source.height, legibleDpiFloor(block, kind));
    if (!(dpi > 0 && dpi <= MAX_RENDER_DPI)) throw invalidInput(`dpi must be between 1 and ${MAX_RENDER_DPI}, got ${dpi}`);
    const grid = gridFor(spec, kind, block);
    // the next zoom names a sector of the region asked for, not of the labels' margin it grew by
    const gridSectors = grid ? sectorsWithin(asked, region) : undefined;
    const key = renderCacheKey({ sourceVersion: source.version, page: source.page, region: source.region, dpi, grid, ...(gridSectors ? { gridSectors } : {}), format: "png" });
    const { image: rendered } = await cache.getOrSet(key, async () =>
      renderer.render(await blobs.getBytes(source.key), source.version, {
        page: source.page,
        region: source.region,
        dpi,
        maxPixels: this.deps.maxPixels ?? 12_000_000,
        grid,
        ...(gridSectors ? { gridSectors } : {}),
        format: "png",
      }),
    );

    const id = `img-${createHash("sha256").update([ownerId, document.id, block?.id ?? "", kind, key].join("\u0001")).digest("hex").slice(0, 24)}`;
    const image: EvidenceImage = {
      id,
      documentId: document.id,
      ...(block ? { blockId: block.id } : {}),
      page,
      kind,
      bboxNorm: region,
      ...(spec.sector ? { sector: spec.sector.toUpperCase() } : {}),
      // a capped render's DPI is fractional; evidence stores keep whole DPI, and rounding down never overstates detail
      dpi: Math.max(1, Math.floor(rendered.dpi)),
      width: rendered.width,
      height: rendered.height,
      mimeType: rendered.mimeType,
      storageKey: `evidence/${id}.png`,
      ...(rendered.capped ? { capped: true } : {}),
      ...(rendered.margin ? { margin: rendered.margin } : {}),
    };
    if (!(await exists(blobs, `evidence/${id}.json`))) {
      // image first, record second: a record always points at a stored image
      await blobs.put(image.storageKey!, rendered.bytes, { contentType: rendered.mimeType });
      const record: StoredEvidence = { ownerId, image };
      await blobs.put(`evidence/${id}.json`, new TextEncoder().encode(JSON.stringify(record)), { contentType: "application/json" });
    }
    return { image, bytes: rendered.bytes };
  }

  /**
   * Where the drawing's labels sit on the page: the block's own (text layer) and the page's OCR lines, so a zoomed
   * region can take in whole the labels its edges would cut. An OCR block's lines count one by one: a room's number
   * and area read as one block can be too big a label to take in, though its cut line is not.
   */
  private async labelsOn(document: DocumentRecord, page: number, block: Block | undefined): Promise<BBoxNorm[]> {
    const own = block ? drawingLabels(block).map((l) => l.bbox) : [];
    if (!document.pages.find((p) => p.number === page)?.ocrEngine) return own;
    const ocrBlocks = (await this.deps.store.getBlocks(this.deps.ownerId, document.id, { page })).filter((b) => b.source.startsWith("ocr:"));
    return [...own, ...ocrLines(ocrBlocks).map((l) => l.bbox)];
  }

  /** The PDF to render from: the document's source, or for imported documents the block's crop PDF. */
  private sourceOf(document: DocumentRecord, block: Block | undefined, page: number, region: BBoxNorm): Source {
    if (document.sourceKind === "pdf" && document.sourceKey) {
      const size = document.pages.find((p) => p.number === page);
      return { key: document.sourceKey, version: document.sourceVersion, page, region, width: size?.width ?? 0, height: size?.height ?? 0 };
    }
    const crop = block && document.crops?.[block.id];
    if (crop) {
      // a crop PDF shows exactly the block: map the region from page coordinates into the crop
      const outer = block.bboxNorm ?? FULL_PAGE;
      const w = outer[2] - outer[0];
      const h = outer[3] - outer[1];
      const inner = roundBBox([(region[0] - outer[0]) / w, (region[1] - outer[1]) / h, (region[2] - outer[0]) / w, (region[3] - outer[1]) / h]);
      return { key: crop, version: `${document.sourceVersion}:crop:${block.id}`, page: 1, region: inner, width: 0, height: 0 };
    }
    throw new DomainError("RENDER.FAILED", `document ${document.name} has no source PDF to render${block ? ` block ${block.id} from` : " from"}`);
  }
}

/**
 * Whether an image carries the sector grid: overviews by default, any region when asked, but never a TEXT or TABLE
 * block. Their text is read, not navigated by sector, and a sector's labels are no use to someone citing a row.
 */
/** `asked` in 0..1 of `region` (which holds it), or nothing when they are the same box. */
function sectorsWithin(asked: BBoxNorm, region: BBoxNorm): BBoxNorm | undefined {
  if (asked.every((v, i) => v === region[i])) return undefined;
  const w = region[2] - region[0];
  const h = region[3] - region[1];
  return roundBBox([(asked[0] - region[0]) / w, (asked[1] - region[1]) / h, (asked[2] - region[0]) / w, (asked[3] - region[1]) / h]);
}

function gridFor(spec: RenderSpec, kind: EvidenceKind, block: Block | undefined): boolean {
  if (block?.kind === "TEXT" || block?.kind === "TABLE") return false;
  return spec.grid ?? kind === "overview";
}

async function exists(blobs: BlobStorage, key: string): Promise<boolean> {
  try {
    await blobs.head(key);
    return true;
  } catch (error) {
    if (DomainError.isInstance(error) && error.code === "STORAGE.NOT_FOUND") return false;
    throw error;
  }
}
