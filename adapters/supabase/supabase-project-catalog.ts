import { createClient, type SupabaseClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import WebSocket from "ws";
import { DomainError, invalidInput } from "../../core/domain/errors.js";
import type { ProjectCatalog, ProjectFile, ProjectNode, ProjectNodeQuery } from "../../core/ports/project-catalog.js";
import {
  assertProjectNodeId,
  assertSearchText,
  compareProjectFiles,
  compareProjectNodes,
  escapeLike,
  matchesSearch,
  searchLimitOf,
} from "../../core/ports/project-catalog-rules.js";
import { TREE_NODE_COLUMNS, toJobFile, toNodeFile, toProjectNode } from "./project-catalog-rows.js";
import { SupabaseProjectsConfig } from "./projects-db.config.js";

const NODE_COLUMNS = TREE_NODE_COLUMNS.join(",");
/** Supabase caps responses at 1000 rows by default (`max-rows`); pages stay at or under it. */
const PAGE_SIZE = 1000;
/** Ids per `in.(…)` filter, so URLs stay far below proxy limits. */
const IDS_PER_REQUEST = 100;

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;
type Row = Record<string, unknown>;

/** What every PostgREST call resolves to; rows are validated by the row schemas, not trusted by type. */
interface PostgrestReply {
  data: unknown;
  error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
  status: number;
}

/**
 * The read-only Projects DB of an existing deployment through its Supabase REST API (PostgREST, supabase-js).
 * Only GETs are sent; nodes and files are ordered in code so the result matches the SQL adapter exactly.
 */
export class SupabaseProjectCatalog implements ProjectCatalog {
  private readonly client: SupabaseClient;
  private readonly label: string;

  constructor(config: SupabaseProjectsConfig) {
    const c = SupabaseProjectsConfig.parse(config);
    this.label = `Supabase ${new URL(c.url).host}`;
    this.client = createClient(c.url, c.key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // The client builds a realtime socket factory even though the catalog never subscribes; Node 20 has no
      // global WebSocket, so hand it `ws` (nothing connects until a channel is opened).
      realtime: { transport: WebSocket as unknown as RealtimeTransport },
      db: { timeout: c.timeoutMs, retry: c.retry },
    });
  }

  async listNodes(query: ProjectNodeQuery = {}): Promise<ProjectNode[]> {
    if (query.parentId) assertProjectNodeId(query.parentId);
    const rows = await this.pages("tree_nodes", (from, to) => {
      let q = this.client.from("tree_nodes").select(NODE_COLUMNS);
      if (!query.allNodes) q = query.parentId ? q.eq("parent_id", query.parentId) : q.is("parent_id", null);
      if (query.nodeType) q = q.eq("node_type", query.nodeType);
      if (query.clientId) q = q.eq("client_id", query.clientId);
      return q.order("sort_order").order("name").order("id").range(from, to);
    });
    return rows.map((r) => toProjectNode(r, this.label)).sort(compareProjectNodes);
  }

  async getNode(nodeId: string): Promise<ProjectNode> {
    assertProjectNodeId(nodeId);
    const [row] = await this.rows("tree_nodes", await this.client.from("tree_nodes").select(NODE_COLUMNS).eq("id", nodeId).limit(1));
    if (!row) throw new DomainError("DOCUMENT.NOT_FOUND", `project node ${nodeId} not found in ${this.label}`);
    return toProjectNode(row, this.label);
  }

  async listDocumentFiles(documentNodeId: string): Promise<ProjectFile[]> {
    const document = await this.getNode(documentNodeId);
    if (document.nodeType !== "document") throw invalidInput(`project node ${documentNodeId} is a ${document.nodeType}, not a document`);
    const children = await this.pages("tree_nodes", (from, to) =>
      this.client.from("tree_nodes").select("id").eq("parent_id", documentNodeId).order("id").range(from, to),
    );
    const owners = [documentNodeId, ...children.map((c) => String(c.id))];
    const jobs = await this.byIds("jobs", owners, (ids) => this.client.from("jobs").select("id,node_id,status,created_at").in("node_id", ids).order("id"));
    const jobById = new Map(jobs.map((j) => [String(j.id), j]));
    const jobFiles = await this.byIds("job_files", [...jobById.keys()], (ids) =>
      this.client.from("job_files").select("id,job_id,file_type,r2_key,file_name,file_size,created_at").in("job_id", ids).order("id"),
    );
    const nodeFiles = await this.pages("node_files", (from, to) =>
      this.client
        .from("node_files")
        .select("id,node_id,file_type,r2_key,file_name,file_size,mime_type,metadata,created_at")
        .eq("node_id", documentNodeId)
        .order("id")
        .range(from, to),
    );
    const joined = jobFiles.map((f) => {
      const job = jobById.get(String(f.job_id));
      return { ...f, node_id: job?.node_id, job_status: job?.status, job_created_at: job?.created_at };
    });
    return [...joined.map((r) => toJobFile(r, this.label)), ...nodeFiles.map((r) => toNodeFile(r, this.label))].sort(compareProjectFiles);
  }

  async searchDocuments(text: string, options: { clientId?: string; limit?: number } = {}): Promise<ProjectNode[]> {
    const needle = assertSearchText(text);
    const limit = searchLimitOf(options.limit);
    // PostgREST reads `*` in a like pattern as `%`: a literal `*` becomes `_` here and the exact check below.
    const pattern = quote(`%${escapeLike(needle).replace(/\*/g, "_")}%`);
    let q = this.client.from("tree_nodes").select(NODE_COLUMNS).eq("node_type", "document").or(`name.ilike.${pattern},code.ilike.${pattern}`);
    if (options.clientId) q = q.eq("client_id", options.clientId);
    const rows = await this.rows("tree_nodes", await q.order("sort_order").order("name").order("id").limit(PAGE_SIZE));
    return rows
      .map((r) => toProjectNode(r, this.label))
      .filter((n) => matchesSearch(n, needle))
      .sort(compareProjectNodes)
      .slice(0, limit);
  }

  private async pages(table: string, page: (from: number, to: number) => PromiseLike<PostgrestReply>) {
    const all: Row[] = [];
    for (let from = 0; ; from += PAGE_SIZE) {
      const rows = await this.rows(table, await page(from, from + PAGE_SIZE - 1));
      all.push(...rows);
      if (rows.length < PAGE_SIZE) return all;
    }
  }

  private async byIds(table: string, ids: string[], request: (ids: string[]) => PromiseLike<PostgrestReply>) {
    const all: Row[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) all.push(...(await this.rows(table, await request(ids.slice(i, i + IDS_PER_REQUEST)))));
    return all;
  }

  private rows(table: string, reply: PostgrestReply): Row[] {
    if (!reply.error) {
      if (Array.isArray(reply.data)) return reply.data as Row[];
      throw new DomainError("STORAGE.CORRUPTED", `${this.label} answered ${table} with something other than rows`, { details: { table } });
    }
    const { code, message } = reply.error;
    const details = { source: this.label, table, status: reply.status, ...(code ? { code } : {}) };
    if (reply.status === 401 || reply.status === 403 || code === "PGRST301" || code === "PGRST302") {
      throw new DomainError("STORAGE.UNAVAILABLE", `${this.label} refused the key (${code || reply.status}: ${message})`, { details });
    }
    if (code === "PGRST205" || code === "42P01" || code === "42703" || code === "PGRST204") {
      throw new DomainError("STORAGE.UNAVAILABLE", `${this.label} is not a Projects DB: ${message}`, { details });
    }
    if (reply.status === 0 || reply.status >= 500 || !code) {
      throw new DomainError("STORAGE.UNAVAILABLE", `${this.label} is unreachable: ${message}`, { details, retryable: true });
    }
    throw new DomainError("STORAGE.UNAVAILABLE", `${this.label} failed on ${table}: ${code} ${message}`, { details });
  }
}

/** A PostgREST filter value in double quotes, so `,` `.` `(` `)` `:` in it are data; `\` and `"` are escaped. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
