import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { WireError } from "./wire-error.js";
import { WIRE_ROUTES, type WireRoute } from "./wire-routes.js";

/** The version the document states; the server's own version is in `/health`. */
const API_VERSION = "1.0.0";

/**
 * The OpenAPI 3.1 document of the server contract, generated from the same zod schemas the routes validate with
 * (`WIRE_ROUTES`), so the document cannot drift from what the server accepts and answers. Served as `/openapi.json`.
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of WIRE_ROUTES) paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "AIZoomDoc",
      version: API_VERSION,
      description:
        "Evidence-first question answering over construction drawing sets. Wire-compatible with the reference server's Python client. " +
        "Every error answers `{error: {code, message, details?}, message}`.",
    },
    paths,
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  }) as unknown as Record<string, unknown>;
}

/** Groups of the docs page: the first path segment, with the user's own settings and prompts together. */
function tagOf(path: string): string {
  const first = path.split("/")[1] ?? "";
  if (first === "" || first === "health") return "service";
  if (first === "me" || first === "settings" || first === "prompts") return "user";
  return first;
}

function operationOf(route: WireRoute): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const types = [response.contentType ?? "application/json"].flat();
    const schema = response.schema;
    responses[status] = { description: response.description, ...(schema ? { content: Object.fromEntries(types.map((type) => [type, { schema }])) } : {}) };
  }
  responses.default = { description: "An error (4xx for every client mistake)", content: { "application/json": { schema: WireError } } };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [tagOf(route.path)],
    ...(route.auth === "bearer" ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(route.params || route.query ? { requestParams: { ...(route.params ? { path: route.params } : {}), ...(route.query ? { query: route.query } : {}) } } : {}),
    ...(route.body ? { requestBody: { required: route.body.required, content: { [route.body.contentType]: { schema: route.body.schema } } } } : {}),
    responses,
  };
}
