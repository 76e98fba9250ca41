import { readFile } from "node:fs/promises";
import Router from "@koa/router";
import { DOCS_ASSET_PREFIX, docsAsset, docsPage } from "../wire/docs-page.js";
import { openApiDocument } from "../wire/open-api-document.js";
import type { HttpAppDeps } from "../http-app.js";
import type { WebAppFiles } from "../web-app-files.js";
import type { RequestState } from "../http-context.js";

/**
 * What needs no sign-in: health, where things are, the OpenAPI document and its docs page (assets served locally),
 * and the web UI. `GET /` is the UI for a browser's navigation (`Accept: text/html`) and the reference's JSON for
 * every other caller (the Python client accepts any type and reads JSON).
 */
export function systemRoutes(deps: HttpAppDeps, web: WebAppFiles | undefined): Router<RequestState> {
  const router = new Router<RequestState>();
  const document = openApiDocument();
  router.get("/health", (ctx) => {
    ctx.body = { status: "healthy", version: deps.version, service: "aizoomdoc-server" };
  });
  router.get("/", async (ctx) => {
    ctx.vary("Accept");
    if (web && ctx.accepts("json", "html") === "html") {
      const index = await web.index();
      ctx.type = index.contentType;
      ctx.set("Cache-Control", index.cacheControl);
      ctx.body = index.body;
      return;
    }
    ctx.body = { service: "AIZoomDoc Server", version: deps.version, docs: "/docs", health: "/health" };
  });
  router.get("/assets/:name", async (ctx) => {
    const asset = await web?.asset(ctx.params.name ?? "");
    if (!asset) return;
    ctx.type = asset.contentType;
    ctx.set("Cache-Control", asset.cacheControl);
    ctx.body = asset.body;
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
