import { z } from "zod";

/** How the pg-boss job queue runs on an instance. Limits follow DESIGN §7 (2 running, 50 waiting). */
export const PgBossJobQueueConfig = z.object({
  /** The one pg-boss queue every kind shares, so the concurrency bound and the owners' turns span kinds. */
  queueName: z.string().regex(/^[a-z][a-z0-9_.-]{0,49}$/).default("aizoomdoc"),
  /** The Postgres schema pg-boss installs its tables in (created on first start). */
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default("pgboss"),
  /** Handlers running at once on this instance. */
  concurrency: z.number().int().min(1).max(64).default(2),
  /** Jobs of one owner running at once on this instance. */
  perOwnerConcurrency: z.number().int().min(1).max(64).default(1),
  /** Waiting jobs over all instances before `submit` answers QUEUE.FULL. */
  maxQueued: z.number().int().min(1).max(10_000).default(50),
  /** What QUEUE.FULL tells clients to wait: about how long a slot takes to free up (an answer run's length over the slots). */
  retryAfterSeconds: z.number().int().min(1).max(3_600).default(30),
  /** Runs a job is given again after its instance stopped or died under it, before it ends JOB.INTERRUPTED. */
  retryLimit: z.number().int().min(0).max(10).default(2),
  /** A run longer than this is given up (its signal aborts) and retried: keep it above the longest answer run. */
  expireInSeconds: z.number().int().min(60).max(86_400).default(1_800),
  /** A running job whose instance has not reported for this long is given to another instance (pg-boss: at least 10). */
  heartbeatSeconds: z.number().int().min(10).max(600).default(10),
  /** How often an idle instance looks for jobs; new jobs also wake it at once through LISTEN/NOTIFY. */
  pollingIntervalSeconds: z.number().min(0.5).max(60).default(0.5),
  /** How often lost heartbeats and expired runs are looked for. */
  superviseIntervalSeconds: z.number().int().min(1).max(300).default(2),
  /** How long a finished job's status stays readable. */
  keepFinishedSeconds: z.number().int().min(60).max(30 * 86_400).default(86_400),
});
export type PgBossJobQueueConfig = z.input<typeof PgBossJobQueueConfig>;
