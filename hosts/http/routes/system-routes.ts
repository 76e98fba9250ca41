import { readFile } from "node:fs/promises";
import Router from "@koa/router";
import { DOCS_ASSET_PREFIX, docsAsset, docsPage } from "../wire/docs-page.js";
import { openApiDocument } from "../wire/open-api-document.js";
import type { HttpAppDeps } from "../http-app.js";
import type { RequestState } from "../http-context.js";

/** What needs no sign-in: health, where things are, the OpenAPI document and its docs page (assets served locally). */
export function systemRoutes(deps: HttpAppDeps): Router<RequestState> {
  const router = new Router<RequestState>();
  const document = openApiDocument();
  router.get("/health", (ctx) => {
    ctx.body = { status: "healthy", version: deps.version, service: "aizoomdoc-server" };
  });
  router.get("/", (ctx) => {
    ctx.body = { service: "AIZoomDoc Server", version: deps.version, docs: "/docs", health: "/health" };
  });
  router.get("/openapi.json", (ctx) => {
    ctx.body = document;
  });
  router.get("/docs", (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = docsPage("/openapi.json");
  });
  router.get(`${DOCS_ASSET_PREFIX}/:name`, async (ctx) => {
    const asset = docsAsset(ctx.params.name ?? "");
    if (!asset) return;
    ctx.type = asset.contentType;
    ctx.set("Cache-Control", "public, max-age=86400");
    ctx.body = "file" in asset ? await readFile(asset.file) : asset.body;
  });
  return router;
}
