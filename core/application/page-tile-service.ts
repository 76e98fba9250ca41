import { createHash } from "node:crypto";
import type { DocumentRecord, Page } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import { type DeepZoomImage, levelSize, tileRect, tileRegion } from "../domain/deep-zoom.js";
import { renderCacheKey } from "../domain/render-cache-key.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { PageRenderer, RenderedImage } from "../ports/page-renderer.js";
import type { RenderCache } from "../ports/render-cache.js";

export interface PageTileServiceDeps {
  ownerId: string;
  store: DocumentStore;
  blobs: BlobStorage;
  renderer: PageRenderer;
  cache: RenderCache;
}

/** The deepest level's resolution: small print of an A1 sheet stays legible when zoomed all the way in. */
export const TILE_MAX_DPI = 400;
/** Longest side of the full image; an oversized page (up to the PDF limit of 200 in) gets a lower DPI instead. */
export const TILE_MAX_SIDE_PX = 65_536;
export const TILE_SIZE = 256;
/** One shared pixel between neighbours, so a viewer at a fractional zoom shows no hairline seam through a drawing. */
export const TILE_OVERLAP = 1;

/** A page as a deep-zoom image, and the DPI its full resolution is rendered at. */
export interface PageTiles {
  image: DeepZoomImage;
  dpi: number;
}

/** One tile's PNG, and a tag that changes whenever its bytes could (for `ETag`). */
export interface PageTile {
  image: RenderedImage;
  tag: string;
}

/**
 * Tiles of a document's page for a deep-zoom viewer (Deep Zoom / DZI): the page at `TILE_MAX_DPI` cut into a
 * pyramid, each tile rendered alone (the sheet is never rasterised whole) through the render cache. Owner only: another
 * user's document is `DOCUMENT.NOT_FOUND`, a page or tile outside the document `REGION.INVALID`.
 */
export class PageTileService {
  constructor(private readonly deps: PageTileServiceDeps) {}

  async pageTiles(documentId: string, page: number): Promise<PageTiles> {
    const { size } = await this.pageOf(documentId, page);
    return tilesOf(size);
  }

  async pageTile(documentId: string, page: number, level: number, column: number, row: number): Promise<PageTile> {
    const { document, size } = await this.pageOf(documentId, page);
    const { image } = tilesOf(size);
    const rect = tileRect(image, level, column, row);
    const region = tileRegion(image, level, rect);
    // the level's own DPI (from its long side, where rounding errs least), so that all its tiles agree, unless a tile
    // would come out a pixel off its box
    const levelPixels = levelSize(image, level);
    const levelDpi = size.width >= size.height ? (72 * levelPixels.width) / size.width : (72 * levelPixels.height) / size.height;
    const dpi = exactDpi((region[2] - region[0]) * size.width, (region[3] - region[1]) * size.height, rect.width, rect.height, levelDpi);
    // the pixel size is part of the key: an image of the same region and DPI rendered for another purpose is not a tile
    const key = `${renderCacheKey({ sourceVersion: document.sourceVersion, page, region, dpi, grid: false, format: "png" })}#tile-${rect.width}x${rect.height}`;
    const { image: rendered } = await this.deps.cache.getOrSet(key, async () =>
      this.deps.renderer.render(await this.deps.blobs.getBytes(document.sourceKey!), document.sourceVersion, {
        page,
        region,
        dpi,
        // room for a tile a pixel larger than its box, where no DPI gives it exactly (a cap would lower the DPI instead)
        maxPixels: (rect.width + 1) * (rect.height + 1),
        grid: false,
        format: "png",
      }),
    );
    return { image: rendered, tag: createHash("sha256").update(key).digest("base64url").slice(0, 27) };
  }

  private async pageOf(documentId: string, page: number): Promise<{ document: DocumentRecord; size: Page }> {
    const document = await this.deps.store.getDocument(this.deps.ownerId, documentId);
    if (!Number.isInteger(page) || page < 1 || page > document.pageCount) {
      throw new DomainError("REGION.INVALID", `page ${page} is outside document ${document.name} (1…${document.pageCount})`);
    }
    const size = document.pages.find((p) => p.number === page);
    if (document.sourceKind !== "pdf" || !document.sourceKey || !size || !(size.width > 0 && size.height > 0)) {
      throw new DomainError("REGION.INVALID", `page ${page} of document ${document.name} has no source PDF page to show`);
    }
    return { document, size };
  }
}

/** The page's pyramid: `TILE_MAX_DPI`, lowered so the long side fits `TILE_MAX_SIDE_PX`. */
function tilesOf(size: Page): PageTiles {
  const dpi = Math.min(TILE_MAX_DPI, (TILE_MAX_SIDE_PX * 72) / Math.max(size.width, size.height));
  const image: DeepZoomImage = {
    width: Math.max(1, Math.round((size.width * dpi) / 72)),
    height: Math.max(1, Math.round((size.height * dpi) / 72)),
    tileSize: TILE_SIZE,
    overlap: TILE_OVERLAP,
    format: "png",
  };
  return { image, dpi };
}

/**
 * The DPI, `preferred` if it does, at which a region of `widthPt`×`heightPt` renders to exactly `width`×`height`
 * pixels (the renderer rounds each side to whole pixels); else the middle of the range that does; when none does, the
 * DPI that gets the region's longer side exact (the other is then a pixel off, which a viewer stretches). Level sizes round up on each axis alone, so the level's DPI can leave a tile a pixel off its box
 * on one axis; a viewer lays tiles out by the descriptor's geometry.
 */
export function exactDpi(widthPt: number, heightPt: number, width: number, height: number, preferred: number): number {
  const low = Math.max((72 * (width - 0.5)) / widthPt, (72 * (height - 0.5)) / heightPt);
  const high = Math.min((72 * (width + 0.5)) / widthPt, (72 * (height + 0.5)) / heightPt);
  if (preferred >= low && preferred < high) return preferred;
  if (low < high) return (low + high) / 2;
  // only a level that is one tile, the whole page, gets here: its long side is the one a viewer would see off
  return widthPt >= heightPt ? (72 * width) / widthPt : (72 * height) / heightPt;
}
