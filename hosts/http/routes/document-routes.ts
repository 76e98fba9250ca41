import Router from "@koa/router";
import { toWireDocument } from "../wire/wire-document.js";
import type { RequestState } from "../http-context.js";

/** `GET /documents`: the caller's documents, so a client can list them, pick some for a question and open their pages. */
export function documentRoutes(): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get("/documents", async (ctx) => {
    ctx.body = (await ctx.state.app.listDocuments()).map(toWireDocument);
  });
  return router;
}
