import { Container } from "inversify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { ProjectCatalog } from "../../core/ports/project-catalog.js";
import { describeProjectCatalogContract } from "../../core/ports/testing/project-catalog.contract.js";
import { fixtureIds, projectsDbFixture } from "../../core/ports/testing/projects-db-fixture.js";
import { projectCatalogModule } from "./project-catalog.module.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlProjectCatalog } from "./sql-project-catalog.js";
import { startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";
import { seedProjectsDb } from "./testing/projects-db-schema.js";

let server: TestPostgresServer;
const drivers: PostgresDriver[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
});

afterAll(async () => {
  for (const driver of drivers) await driver.close();
  await server?.stop();
});

async function connect(): Promise<PostgresDriver> {
  const driver = await PostgresDriver.connect({ url: await server.createDatabase(), maxConnections: 2 });
  drivers.push(driver);
  return driver;
}

describeProjectCatalogContract("SqlProjectCatalog on embedded Postgres", async (rows) => {
  const driver = await connect();
  await seedProjectsDb(driver, rows);
  return new SqlProjectCatalog(driver);
});

describe("SqlProjectCatalog against a database that is not a Projects DB", () => {
  it("says so, naming the database", async () => {
    const driver = await connect();
    const error = await new SqlProjectCatalog(driver).listNodes().catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.UNAVAILABLE");
    expect((error as Error).message).toMatch(/postgres 127\.0\.0\.1:\d+\/test_\w+ is not a Projects DB/);
  });

  it("reports a row of the wrong shape as STORAGE.CORRUPTED instead of passing it on", async () => {
    const driver = await connect();
    // every column the catalog reads exists, but a name is missing and the sort order is text
    await driver.exec(`create table tree_nodes (id uuid primary key, parent_id uuid, client_id text, node_type text, name text, code text,
      version int, status text, attributes jsonb, sort_order text, created_at timestamptz, updated_at timestamptz)`);
    await driver.exec("insert into tree_nodes (id, node_type, name, sort_order) values ('00000000-0000-4000-8000-000000000001', 'client', null, 'first')");
    const error = await new SqlProjectCatalog(driver).listNodes().catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.CORRUPTED");
    expect((error as Error).message).toContain("tree_nodes row");
  });
});

describe("projectCatalogModule with a Postgres URL", () => {
  it("connects on first resolve and reads the tree", async () => {
    const url = await server.createDatabase();
    const seeder = await PostgresDriver.connect({ url, maxConnections: 1 });
    await seedProjectsDb(seeder, projectsDbFixture());
    await seeder.close();
    const container = new Container();
    container.load(projectCatalogModule({ kind: "postgres", url, maxConnections: 1 }));
    const catalog = await container.getAsync<ProjectCatalog>(ProjectCatalog);
    expect((await catalog.getNode(fixtureIds.documentAr4)).code).toBe("AR4-rev7");
    await container.unbindAllAsync();
  });

  it("names the server when it cannot connect", async () => {
    const container = new Container();
    container.load(projectCatalogModule({ kind: "postgres", url: "postgres://u:p@127.0.0.1:1/projects", connectTimeoutSeconds: 2 }));
    const error = await container.getAsync<ProjectCatalog>(ProjectCatalog).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.UNAVAILABLE");
    expect((error as Error).message).toContain("127.0.0.1:1");
  });
});
