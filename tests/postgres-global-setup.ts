import { SHARED_TEST_POSTGRES, startPostgresServer } from "../adapters/supabase/testing/embedded-postgres-server.js";

/**
 * One real Postgres server for the whole test run: every file that needs Postgres creates databases of its own on it,
 * instead of running initdb and starting a server per file. Workers inherit the admin URL through the environment.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  process.env[SHARED_TEST_POSTGRES] = server.adminUrl;
  return async () => {
    delete process.env[SHARED_TEST_POSTGRES];
    await server.stop();
  };
}
