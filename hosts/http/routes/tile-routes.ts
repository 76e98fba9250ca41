import Router from "@koa/router";
import { deepZoomXml } from "../../../core/domain/deep-zoom.js";
import { parseWire } from "../wire/parse-wire.js";
import { PageTileParams, PageTilesParams } from "../wire/wire-tiles.js";
import type { RequestState } from "../http-context.js";

/**
 * `GET /documents/{id}/pages/{page}/tiles.dzi` and `…/tiles_files/{level}/{column}_{row}.png`: a page of the caller's
 * document for a Deep Zoom viewer. A document's source never changes under its id (new bytes are a new document),
 * so a tile's URL always names the same pixels: immutable for a day, with an ETag for revalidation after that.
 */
export function tileRoutes(): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/documents/:document_id/pages/:page/tiles.dzi", async (ctx) => {
    const { document_id, page } = parseWire(PageTilesParams, ctx.params, "params");
    const { image } = await ctx.state.app.pageTiles(document_id, page);
    ctx.type = "application/xml";
    ctx.set("Cache-Control", "private, max-age=3600");
    ctx.body = deepZoomXml(image);
  });
  router.get("/documents/:document_id/pages/:page/tiles_files/:level/:tile", async (ctx) => {
    const { document_id, page, level, tile } = parseWire(PageTileParams, ctx.params, "params");
    const { image, tag } = await ctx.state.app.pageTile(document_id, page, level, tile.column, tile.row);
    ctx.set("Cache-Control", "private, max-age=86400, immutable");
    ctx.etag = tag;
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.type = image.mimeType;
    ctx.body = Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  });
  return router;
}
