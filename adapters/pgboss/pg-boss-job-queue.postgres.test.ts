import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { describeJobQueueContract } from "../../core/ports/testing/job-queue.contract.js";
import { startTestPostgres, type TestPostgresServer } from "../supabase/testing/embedded-postgres-server.js";
import { PgBossJobQueue } from "./pg-boss-job-queue.js";

// One database for the file; each store is a pg-boss queue of its own on it, each instance a pool of its own.
let server: TestPostgresServer;
let url: string;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
});
afterAll(() => server?.stop());

describeJobQueueContract("PgBossJobQueue on Postgres", async (limits) => {
  const queueName = `contract-${randomUUID().slice(0, 8)}`;
  return { open: async () => new PgBossJobQueue({ url, maxConnections: 4 }, { ...limits, queueName }, () => undefined) };
});
