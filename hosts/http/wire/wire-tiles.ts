import { z } from "zod";
import { WireId, queryInteger } from "./wire-primitives.js";

/** `{document_id}` and `{page}` (1-based) in a path: one page of one of the caller's documents. */
export const PageTilesParams = z.strictObject({ document_id: WireId, page: queryInteger(0, 1_000_000) });

/**
 * A tile of a page's pyramid: `{level}` and `{tile}` = `{column}_{row}.png`, where OpenSeadragon and other Deep Zoom
 * viewers look for it next to the descriptor (`tiles.dzi` → `tiles_files/{level}/{column}_{row}.png`).
 */
export const PageTileParams = PageTilesParams.extend({
  level: queryInteger(0, 64),
  tile: z
    .string()
    .regex(/^\d{1,9}_\d{1,9}\.png$/, "must be {column}_{row}.png")
    .transform((tile) => {
      const [column, row] = tile.slice(0, -".png".length).split("_").map(Number);
      return { column: column!, row: row! };
    }),
});

/** The Deep Zoom descriptor, as the DZI XML schema writes it. */
export const WireDeepZoomXml = z.string().meta({
  description: 'DZI XML: `<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" Overlap="1" TileSize="256"><Size Width="…" Height="…"/></Image>`',
});
