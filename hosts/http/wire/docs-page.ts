import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Where the docs page loads its assets from; the host serves `docsAsset(name)` under it. */
export const DOCS_ASSET_PREFIX = "/docs/assets";

/** The script that starts Swagger UI: served as a file, not inlined, so the page works under `script-src 'self'`. */
const INIT_SCRIPT = `window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

/** The only files served under the prefix: Swagger UI's bundle and stylesheet (swagger-ui-dist), its icon, our starter. */
const PACKAGE_FILES: Record<string, string> = {
  "swagger-ui-bundle.js": "application/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

export type DocsAsset = { name: string; contentType: string } & ({ file: string } | { body: string });

/**
 * A docs asset by its name under `DOCS_ASSET_PREFIX`, or `undefined` (a 404) for any other name, so a request can
 * never reach another file. Package files are given as absolute paths to stream, the starter as text.
 */
export function docsAsset(name: string): DocsAsset | undefined {
  if (name === "docs-init.js") return { name, contentType: "application/javascript; charset=utf-8", body: INIT_SCRIPT };
  const contentType = Object.hasOwn(PACKAGE_FILES, name) ? PACKAGE_FILES[name] : undefined;
  return contentType ? { name, contentType, file: join(packageDirectory(), name) } : undefined;
}

let directory: string | undefined;

function packageDirectory(): string {
  directory ??= dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return directory;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The `/docs` page: Swagger UI over the OpenAPI document at `openApiUrl`, every asset from this server (no CDN). */
export function docsPage(openApiUrl: string, assetPrefix = DOCS_ASSET_PREFIX): string {
  const asset = (name: string) => escapeHtml(`${assetPrefix}/${name}`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>AIZoomDoc API</title>
    <link rel="stylesheet" href="${asset("swagger-ui.css")}">
    <link rel="icon" type="image/png" href="${asset("favicon-32x32.png")}">
  </head>
  <body>
    <div id="swagger-ui" data-openapi-url="${escapeHtml(openApiUrl)}"></div>
    <script src="${asset("swagger-ui-bundle.js")}"></script>
    <script src="${asset("docs-init.js")}"></script>
  </body>
</html>
`;
}
