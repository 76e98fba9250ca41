import { afterAll, beforeAll } from "vitest";
import { describeDocumentStoreContract } from "../../core/ports/testing/document-store.contract.js";
import { describeUserStoreContract } from "../../core/ports/testing/user-store.contract.js";
import { SqlUserStore } from "../supabase/sql-user-store.js";
import { SqlDocumentStore } from "../supabase/sql-document-store.js";
import type { PgliteDriver } from "./pglite-driver.js";
import { openMigratedPglite } from "./testing/pglite-template.js";

// One database for the file; the contracts keep tests apart by giving each its own owners.
let driver: PgliteDriver;
beforeAll(async () => {
  driver = await openMigratedPglite();
});
afterAll(() => driver?.close());

describeDocumentStoreContract("SqlDocumentStore on PGlite", async () => new SqlDocumentStore(driver));
describeUserStoreContract("SqlUserStore on PGlite", async () => new SqlUserStore(driver));
