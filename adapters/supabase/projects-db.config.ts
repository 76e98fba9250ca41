import { z } from "zod";
import { PostgresConfig } from "./postgres.config.js";

/** A deployment's Projects DB through its Supabase REST API: the project URL and an anon or service key. */
export const SupabaseProjectsConfig = z.object({
  url: z.string().url(),
  key: z.string().min(1),
  /** Per request; a hung gateway fails with STORAGE.UNAVAILABLE instead of hanging the sync. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** supabase-js retries GETs on network errors and 503/520 (3 attempts, 1 s/2 s/4 s back-off). */
  retry: z.boolean().default(true),
});
export type SupabaseProjectsConfig = z.input<typeof SupabaseProjectsConfig>;

/** Where a deployment's Projects DB is read from: Supabase REST, or the database itself by Postgres URL. */
export const ProjectsDbConfig = z.discriminatedUnion("kind", [
  SupabaseProjectsConfig.extend({ kind: z.literal("supabase") }),
  PostgresConfig.extend({ kind: z.literal("postgres") }),
]);
export type ProjectsDbConfig = z.input<typeof ProjectsDbConfig>;
