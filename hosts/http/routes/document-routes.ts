import Router from "@koa/router";
import type { Block } from "../../../core/domain/block.js";
import { blockCaption } from "../../../core/domain/block-caption.js";
import { DomainError } from "../../../core/domain/errors.js";
import { parseWire } from "../wire/parse-wire.js";
import { toWireDocument, type WirePageBlock } from "../wire/wire-document.js";
import { PageTilesParams } from "../wire/wire-tiles.js";
import type { RequestState } from "../http-context.js";

/**
 * `GET /documents`: the caller's documents, so a client can list them, pick some for a question and open their pages;
 * `GET /documents/{id}/pages/{page}/blocks`: a page's blocks with their captions, so a viewer names what it outlines.
 */
export function documentRoutes(): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/documents", async (ctx) => {
    ctx.body = (await ctx.state.app.listDocuments()).map(toWireDocument);
  });
  router.get("/documents/:document_id/pages/:page/blocks", async (ctx) => {
    const { document_id, page } = parseWire(PageTilesParams, ctx.params, "params");
    // another user's document answers 404, a page it has not got 400, where a list of blocks would only be empty
    const document = await ctx.state.app.getDocument(document_id);
    if (page < 1 || page > document.pageCount) throw new DomainError("REGION.INVALID", `page ${page} is outside document ${document.name} (1…${document.pageCount})`);
    ctx.body = toWirePageBlocks(await ctx.state.app.getBlocks(document_id, { page }));
  });
  return router;
}

/** The blocks of one page, each captioned from its neighbours on the page (the heading above it). */
function toWirePageBlocks(blocks: readonly Block[]): WirePageBlock[] {
  return blocks.map((block) => ({ block_id: block.id, kind: block.kind, bbox: block.bboxNorm ? [...block.bboxNorm] : null, caption: blockCaption(block, blocks) ?? null }));
}
