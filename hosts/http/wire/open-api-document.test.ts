import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./open-api-document.js";
import { WIRE_ROUTES, koaPath } from "./wire-routes.js";

type Operation = { operationId: string; security: unknown[]; parameters?: Array<{ in: string; name: string; required?: boolean }>; requestBody?: unknown; responses: Record<string, unknown> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const document = openApiDocument() as unknown as Document;

/** Every `$ref` anywhere in the document. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else refs(inner, found);
    }
  }
  return found;
}

describe("openApiDocument", () => {
  it("is a valid OpenAPI 3.1 document (checked against the specification's JSON schema)", async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    // the check can fail: OpenAPI 3 has no `in: body` parameters
    const broken = structuredClone(document) as unknown as Document;
    broken.paths["/health"]!.get!.parameters = [{ in: "body", name: "x" }];
    expect((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid).toBe(false);
  });

  it("has every route of the contract, each with its method, a unique operation id and an error response", () => {
    expect(WIRE_ROUTES.length).toBeGreaterThanOrEqual(26);
    for (const route of WIRE_ROUTES) {
      const operation = document.paths[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation!.operationId).toBe(route.operationId);
      expect(Object.keys(operation!.responses)).toEqual([...Object.keys(route.responses), "default"]);
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(WIRE_ROUTES.length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it("declares each `{name}` of a path as a required path parameter, and no other", () => {
    for (const route of WIRE_ROUTES) {
      const named = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (document.paths[route.path]![route.method]!.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name), route.path).toEqual(named);
      expect(declared.every((p) => p.required === true)).toBe(true);
    }
  });

  it("documents the reference's query parameters, `q` and `query` of search among them", () => {
    const query = (path: string) => document.paths[path]!.get!.parameters!.filter((p) => p.in === "query").map((p) => p.name);
    expect(query("/projects/search")).toEqual(["query", "q", "client_id", "limit"]);
    expect(query("/chats/{chat_id}/stream")).toEqual(["document_ids", "client_id", "compare_document_ids_a", "compare_document_ids_b", "tree_files", "google_files", "after"]);
    expect(query("/projects/tree")).toEqual(["client_id", "parent_id", "node_type", "all_nodes", "include_files"]);
  });

  it("resolves every reference to a component it defines", () => {
    const schemas = document.components.schemas;
    for (const ref of refs(document)) expect(schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["Error", "Chat", "ChatDetail", "Message", "Settings", "SettingsPatch", "StreamEvent", "TreeNode", "File"]));
  });

  it("asks for the bearer token exactly where the route needs it", () => {
    for (const route of WIRE_ROUTES) {
      const security = document.paths[route.path]![route.method]!.security;
      expect(security, `${route.method} ${route.path}`).toEqual(route.auth === "bearer" ? [{ bearer: [] }] : []);
    }
  });
});

describe("openApiDocument groups", () => {
  it("tags each operation with its resource", () => {
    const tag = (path: string, method: string) => (document.paths[path]![method] as unknown as { tags: string[] }).tags;
    expect(tag("/health", "get")).toEqual(["service"]);
    expect(tag("/me/settings", "patch")).toEqual(["user"]);
    expect(tag("/chats/{chat_id}/stream", "get")).toEqual(["chats"]);
    expect(tag("/projects/search", "get")).toEqual(["projects"]);
    expect(Object.keys((document.paths["/images/{image_id}"]!.get!.responses["200"] as { content: object }).content)).toEqual(["image/png", "image/jpeg", "image/webp"]);
  });
});

describe("koaPath", () => {
  it("turns OpenAPI parameters into Koa's", () => {
    expect(koaPath("/projects/documents/{document_id}/results")).toBe("/projects/documents/:document_id/results");
    expect(koaPath("/health")).toBe("/health");
  });
});
