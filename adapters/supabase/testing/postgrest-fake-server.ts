import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { ProjectsDbRows } from "../../../core/ports/testing/projects-db-fixture.js";

/** One request as the fake PostgREST saw it. */
export interface RecordedRequest {
  method: string;
  table: string;
  /** Query parameters in the order sent, e.g. `["parent_id", "is.null"]`. */
  params: Array<[string, string]>;
  apikey?: string;
  authorization?: string;
}

export interface PostgrestFakeServer {
  /** Base URL as a Supabase project URL (`http://127.0.0.1:port`); the REST API is under `/rest/v1`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Row = Record<string, unknown>;
const TIMESTAMP_COLUMNS = new Set(["created_at", "updated_at", "pdf_status_updated_at"]);

/**
 * A loopback stand-in for a Supabase project's PostgREST, for the handful of query forms the catalog sends:
 * `select`, `col=eq.v`, `col=is.null`, `col=in.(…)`, `or=(col.ilike.v,…)`, `order`, `limit`/`offset`.
 * It answers like PostgREST does (timestamps as `+00:00`, JSON error bodies with PGRST codes) and records requests.
 */
export async function startPostgrestFake(rows: ProjectsDbRows, options: { key: string }): Promise<PostgrestFakeServer> {
  const tables: Record<string, Row[]> = rows as unknown as Record<string, Row[]>;
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      reply(response, 400, { code: "PGRST100", message: (error as Error).message, details: null, hint: null });
    }
  });

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", "http://fake");
    const table = url.pathname.replace(/^\/rest\/v1\//, "");
    const params = [...url.searchParams.entries()];
    requests.push({
      method: request.method ?? "",
      table,
      params,
      ...(typeof request.headers.apikey === "string" ? { apikey: request.headers.apikey } : {}),
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    if (request.headers.apikey !== options.key) {
      return reply(response, 401, { code: "PGRST301", message: "Invalid API key", details: null, hint: null });
    }
    if (request.method !== "GET") return reply(response, 405, { code: "PGRST105", message: "read-only fake", details: null, hint: null });
    const source = tables[table];
    if (!source) {
      return reply(response, 404, { code: "PGRST205", message: `Could not find the table 'public.${table}' in the schema cache`, details: null, hint: null });
    }
    let result = source.filter((row) => params.every(([name, value]) => matches(row, name, value)));
    const order = url.searchParams.get("order");
    if (order) result = [...result].sort(comparator(order));
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = url.searchParams.has("limit") ? Number(url.searchParams.get("limit")) : Infinity;
    result = result.slice(offset, offset + limit);
    reply(response, 200, result.map((row) => project(row, url.searchParams.get("select") ?? "*")));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function matches(row: Row, name: string, value: string): boolean {
  if (["select", "order", "limit", "offset"].includes(name)) return true;
  if (name === "or") return splitList(value.replace(/^\(|\)$/g, "")).some((term) => termMatches(row, term));
  return condition(row, name, value);
}

/** `col.op.value` inside `or=(…)`. */
function termMatches(row: Row, term: string): boolean {
  const [column, ...rest] = term.split(".");
  return condition(row, column!, rest.join("."));
}

function condition(row: Row, column: string, expression: string): boolean {
  const dot = expression.indexOf(".");
  const operator = expression.slice(0, dot);
  const operand = unquote(expression.slice(dot + 1));
  const actual = row[column];
  switch (operator) {
    case "eq":
      return actual !== null && actual !== undefined && String(actual) === operand;
    case "is":
      if (operand !== "null") throw new Error(`unsupported is.${operand}`);
      return actual === null || actual === undefined;
    case "in":
      return splitList(operand.replace(/^\(|\)$/g, "")).map(unquote).includes(String(actual));
    case "ilike":
      return typeof actual === "string" && likeToRegExp(operand.replace(/\*/g, "%")).test(actual);
    default:
      throw new Error(`unsupported operator ${operator}`);
  }
}

/** LIKE with `\` as the escape character, case-insensitive. */
function likeToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, "iu");
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Splits on commas outside double quotes (PostgREST list syntax). */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quoted) {
      current += c + (text[++i] ?? "");
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (!(value.startsWith('"') && value.endsWith('"') && value.length >= 2)) return value;
  return value.slice(1, -1).replace(/\\(.)/g, "$1");
}

function comparator(order: string): (a: Row, b: Row) => number {
  const keys = order.split(",").map((part) => {
    const [column, direction] = part.split(".");
    return { column: column!, sign: direction === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { column, sign } of keys) {
      const x = a[column];
      const y = b[column];
      if (x === y) continue;
      if (x === null || x === undefined) return sign;
      if (y === null || y === undefined) return -sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

function project(row: Row, select: string): Row {
  const columns = select === "*" ? Object.keys(row) : select.split(",").map((c) => c.trim());
  const out: Row = {};
  for (const column of columns) {
    const value = row[column];
    // PostgREST renders timestamptz with an explicit offset, not as JavaScript's `Z` form.
    out[column] = TIMESTAMP_COLUMNS.has(column) && typeof value === "string" ? value.replace(/\.000Z$|Z$/, "+00:00") : value;
  }
  return out;
}
