import { z } from "zod";

/** A Postgres server (e.g. a Supabase database) by connection URL. */
export const PostgresConfig = z.object({
  url: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), "must be a postgres:// or postgresql:// URL"),
  /** Pool size; one CLI process needs few, a server more. */
  maxConnections: z.number().int().min(1).max(100).default(10),
  connectTimeoutSeconds: z.number().int().min(1).max(120).default(10),
});

export type PostgresConfig = z.input<typeof PostgresConfig>;
