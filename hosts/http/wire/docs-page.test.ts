import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCS_ASSET_PREFIX, docsAsset, docsPage } from "./docs-page.js";

const page = docsPage("/openapi.json");
const assetNames = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

describe("docsPage", () => {
  it("loads nothing from another host: every asset is under the local prefix", () => {
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(assetNames.length).toBe(4);
    for (const name of assetNames) expect(name.startsWith(`${DOCS_ASSET_PREFIX}/`), name).toBe(true);
  });

  it("has no inline script, so a strict content security policy can serve it", () => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("points Swagger UI at the document, escaped", () => {
    expect(page).toContain('data-openapi-url="/openapi.json"');
    expect(docsPage('/x"><script>alert(1)</script>')).toContain('data-openapi-url="/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(docsPage("/openapi.json", "/static/docs")).toContain('src="/static/docs/swagger-ui-bundle.js"');
  });
});

describe("docsAsset", () => {
  it("serves every asset the page names, from the installed package or as our starter", () => {
    for (const url of assetNames) {
      const asset = docsAsset(url.slice(DOCS_ASSET_PREFIX.length + 1));
      expect(asset, url).toBeDefined();
      if ("file" in asset!) expect(statSync(asset.file).size, asset.file).toBeGreaterThan(0);
      else expect(asset!.body).toContain("SwaggerUIBundle");
    }
    const bundle = docsAsset("swagger-ui-bundle.js")!;
    expect(bundle.contentType).toMatch(/^application\/javascript/);
    expect(readFileSync((bundle as { file: string }).file, "utf8").slice(0, 200_000)).toContain("SwaggerUIBundle");
  });

  it("the starter reads the document URL from the page and turns the remote validator off", () => {
    const starter = docsAsset("docs-init.js") as { body: string };
    expect(starter.body).toContain("dataset.openapiUrl");
    expect(starter.body).toContain("validatorUrl: null");
  });

  it("refuses any other name, so no request reaches another file", () => {
    for (const name of ["package.json", "../package.json", "index.html", "swagger-ui.js.map", "constructor", "__proto__", ""]) expect(docsAsset(name), name).toBeUndefined();
  });
});
