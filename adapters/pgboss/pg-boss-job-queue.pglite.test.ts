import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { describeJobQueueContract } from "../../core/ports/testing/job-queue.contract.js";
import type { PgliteDriver } from "../local/pglite-driver.js";
import { openMigratedPglite } from "../local/testing/pglite-template.js";
import { PgBossJobQueue } from "./pg-boss-job-queue.js";

// One migrated database for the file, as the app opens it; each store is a pg-boss queue of its own on it.
let driver: PgliteDriver;
beforeAll(async () => {
  driver = await openMigratedPglite();
});
afterAll(() => driver?.close());

describeJobQueueContract("PgBossJobQueue on PGlite", async (limits) => {
  const queueName = `contract-${randomUUID().slice(0, 8)}`;
  return { open: async () => new PgBossJobQueue({ pglite: driver.pglite }, { ...limits, queueName }, () => undefined) };
});
