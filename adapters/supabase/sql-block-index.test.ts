import { afterAll, beforeAll } from "vitest";
import { describeBlockIndexContract } from "../../core/ports/testing/block-index.contract.js";
import type { PgliteDriver } from "../local/pglite-driver.js";
import { openMigratedPglite } from "../local/testing/pglite-template.js";
import { readMigrations, runMigrations } from "./migration-runner.js";
import { PostgresDriver } from "./postgres-driver.js";
import { SqlBlockIndex } from "./sql-block-index.js";
import { SqlDocumentStore } from "./sql-document-store.js";
import { startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";

// One database per engine for the file; the contract keeps tests apart by owner.
let pglite: PgliteDriver;
let server: TestPostgresServer;
let postgres: PostgresDriver;
beforeAll(async () => {
  pglite = await openMigratedPglite();
  server = await startTestPostgres();
  postgres = await PostgresDriver.connect({ url: await server.createDatabase() });
  await runMigrations(postgres, readMigrations());
});
afterAll(async () => {
  await pglite?.close();
  await postgres?.close();
  await server?.stop();
});

describeBlockIndexContract("SqlBlockIndex on PGlite", async () => ({ index: new SqlBlockIndex(pglite), store: new SqlDocumentStore(pglite) }));
describeBlockIndexContract("SqlBlockIndex on Postgres", async () => ({ index: new SqlBlockIndex(postgres), store: new SqlDocumentStore(postgres) }));
