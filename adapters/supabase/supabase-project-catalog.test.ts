import { createServer, type Server } from "node:net";
import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { ProjectCatalog } from "../../core/ports/project-catalog.js";
import { describeProjectCatalogContract } from "../../core/ports/testing/project-catalog.contract.js";
import { fixtureIds, projectsDbFixture, uuid } from "../../core/ports/testing/projects-db-fixture.js";
import { projectCatalogModule } from "./project-catalog.module.js";
import { SupabaseProjectCatalog } from "./supabase-project-catalog.js";
import { startPostgrestFake, type PostgrestFakeServer } from "./testing/postgrest-fake-server.js";

const KEY = "anon-key-for-tests";
const servers: PostgrestFakeServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
});

async function fake(rows = projectsDbFixture()): Promise<PostgrestFakeServer> {
  const server = await startPostgrestFake(rows, { key: KEY });
  servers.push(server);
  return server;
}

describeProjectCatalogContract("SupabaseProjectCatalog on a PostgREST fake", async (rows) => {
  const server = await fake(rows);
  return new SupabaseProjectCatalog({ url: server.url, key: KEY });
});

describe("SupabaseProjectCatalog requests", () => {
  let server: PostgrestFakeServer;
  let catalog: SupabaseProjectCatalog;
  beforeAll(async () => {
    server = await fake();
    catalog = new SupabaseProjectCatalog({ url: server.url, key: KEY });
  });

  it("sends read-only GETs with the key, filters and order PostgREST understands", async () => {
    server.requests.length = 0;
    await catalog.listNodes({ parentId: fixtureIds.project, nodeType: "section" });
    expect(server.requests).toEqual([
      {
        method: "GET",
        table: "tree_nodes",
        params: [
          ["select", "id,parent_id,client_id,node_type,name,code,version,status,attributes,sort_order,created_at,updated_at"],
          ["parent_id", `eq.${fixtureIds.project}`],
          ["node_type", "eq.section"],
          ["order", "sort_order.asc,name.asc,id.asc"],
          ["offset", "0"],
          ["limit", "1000"],
        ],
        apikey: KEY,
        authorization: `Bearer ${KEY}`,
      },
    ]);
  });

  it("reads a document's files in four GETs: node, children, jobs, job files, node files", async () => {
    server.requests.length = 0;
    await catalog.listDocumentFiles(fixtureIds.documentAr4);
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET", "GET", "GET"]);
    expect(server.requests.map((r) => r.table)).toEqual(["tree_nodes", "tree_nodes", "jobs", "job_files", "node_files"]);
    expect(server.requests[2]!.params).toContainEqual(["node_id", `in.(${fixtureIds.documentAr4},${fixtureIds.ocrRun})`]);
  });

  it("quotes search text so PostgREST syntax in it stays data", async () => {
    server.requests.length = 0;
    await catalog.searchDocuments('a"b,c)');
    const or = server.requests[0]!.params.find(([name]) => name === "or");
    expect(or).toEqual(["or", '(name.ilike."%a\\"b,c)%",code.ilike."%a\\"b,c)%")']);
  });

  it("finds marks with a literal star, which PostgREST would read as a wildcard", async () => {
    const rows = projectsDbFixture();
    rows.tree_nodes.push({ ...rows.tree_nodes.find((n) => n.id === fixtureIds.documentKrv)!, id: uuid(50), name: "Перемычки А3-13*", code: null });
    rows.tree_nodes.push({ ...rows.tree_nodes.find((n) => n.id === fixtureIds.documentKrv)!, id: uuid(51), name: "Перемычки А3-130", code: null });
    const starred = new SupabaseProjectCatalog({ url: (await fake(rows)).url, key: KEY });
    expect((await starred.searchDocuments("А3-13*")).map((n) => n.id)).toEqual([uuid(50)]);
  });
});

describe("SupabaseProjectCatalog failures", () => {
  let silent: Server;
  let silentUrl: string;
  beforeAll(async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(() => {
    silent.close();
  });

  it("reports a rejected key as STORAGE.UNAVAILABLE naming the project", async () => {
    const server = await fake();
    const error = await new SupabaseProjectCatalog({ url: server.url, key: "wrong" }).listNodes().catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.UNAVAILABLE");
    expect((error as Error).message).toContain(`Supabase ${new URL(server.url).host} refused the key`);
  });

  it("reports an unreachable or silent project as STORAGE.UNAVAILABLE", async () => {
    const closed = await fake();
    await closed.close();
    for (const url of [closed.url, silentUrl]) {
      const started = Date.now();
      const error = await new SupabaseProjectCatalog({ url, key: KEY, timeoutMs: 300, retry: false }).getNode(fixtureIds.client).catch((e: unknown) => e);
      expect(DomainError.isInstance(error) && error.code, String(error)).toBe("STORAGE.UNAVAILABLE");
      expect((error as Error).message).toContain(new URL(url).host);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it("is bound by its container module", async () => {
    const server = await fake();
    const container = new Container();
    container.load(projectCatalogModule({ kind: "supabase", url: server.url, key: KEY }));
    const catalog = await container.getAsync<ProjectCatalog>(ProjectCatalog);
    expect((await catalog.getNode(fixtureIds.documentKrv)).name).toBe("95/24-ГК-СТ-АР.КРВ");
  });
});
