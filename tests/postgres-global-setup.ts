import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SHARED_TEST_POSTGRES } from "../adapters/supabase/testing/shared-test-postgres.js";

/**
 * One real Postgres server for the whole test run: every file that needs Postgres creates databases of its own on it,
 * instead of running initdb and starting a server per file. Workers inherit the admin URL through the environment.
 * The server lives in a child process (see shared-postgres-process.ts), so it cannot change the run's exit code.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const script = fileURLToPath(new URL("./shared-postgres-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), "line"), once(child, "exit").then(([code]) => {
    throw new Error(`the shared test Postgres did not start (exit ${code})`);
  })])) as [string];
  process.env[SHARED_TEST_POSTGRES] = (JSON.parse(line) as { adminUrl: string }).adminUrl;
  return async () => {
    delete process.env[SHARED_TEST_POSTGRES];
    const exited = once(child, "exit");
    child.stdin!.end();
    await exited;
  };
}
