import Router from "@koa/router";
import { parseWire } from "../wire/parse-wire.js";
import { toWireDocument } from "../wire/wire-document.js";
import { DocumentParams, SearchQuery, TreeQuery, fromWireSearchQuery, fromWireTreeQuery, toWireDocumentResults, toWireTreeNode } from "../wire/wire-project.js";
import type { RequestState } from "../http-context.js";

/**
 * The read-only Projects DB of an existing deployment (DESIGN §7), with the reference's paths and parameters. Without a
 * Projects DB every route answers `PROJECTS.NOT_CONFIGURED` (503). `client_id` is accepted as the reference's client
 * sends it; like the reference, the tree is not filtered by it. Ours beside them: a document node's newest OCR result
 * imported into the caller's documents (from the deployment's bucket), so a question can be asked about it.
 */
export function projectRoutes(): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/projects/tree", async (ctx) => {
    const { options, includeFiles } = fromWireTreeQuery(parseWire(TreeQuery, ctx.query, "query"));
    const nodes = await ctx.state.app.projectTree({ ...options, ...(includeFiles ? { includeFiles } : {}) });
    ctx.body = nodes.map((node) => toWireTreeNode(node, node.files));
  });
  router.get("/projects/search", async (ctx) => {
    const { text, limit } = fromWireSearchQuery(parseWire(SearchQuery, ctx.query, "query"));
    ctx.body = (await ctx.state.app.projectSearch(text, limit !== undefined ? { limit } : {})).map((node) => toWireTreeNode(node));
  });
  router.get("/projects/documents/:document_id/results", async (ctx) => {
    const { document_id } = parseWire(DocumentParams, ctx.params, "params");
    ctx.body = toWireDocumentResults(document_id, await ctx.state.app.projectDocumentResults(document_id));
  });
  router.post("/projects/documents/:document_id/sync", async (ctx) => {
    const { document_id } = parseWire(DocumentParams, ctx.params, "params");
    const { synced } = await ctx.state.app.projectSync(document_id);
    ctx.body = toWireDocument(synced[0]!.document);
  });
  return router;
}
