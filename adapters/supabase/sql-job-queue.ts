import type { DomainErrorJson } from "../../core/domain/errors.js";
import { validateJob, type Job, type JobStatus, type NewJob } from "../../core/domain/job.js";
import { JOB_LIMITS, type ClaimOptions, type JobQueue } from "../../core/ports/job-queue.js";
import type { SqlDriver } from "./sql-driver.js";

interface JobRow {
  id: string;
  owner_id: string;
  kind: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: DomainErrorJson | null;
  progress: number | null;
  attempts: number;
  run_after: Date;
  locked_by: string | null;
  document_id: string | null;
  chat_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const JOB_COLUMNS =
  "id, owner_id, kind, status, payload, result, error, progress, attempts, run_after, locked_by, document_id, chat_id, created_at, updated_at";
/** Only the worker holding a running job may report on it. */
const HELD = "id = $1 and locked_by = $2 and status = 'running'";

/** `JobQueue` over the `jobs` table: claims use `for update skip locked`, so racing workers never share a job. */
export class SqlJobQueue implements JobQueue {
  constructor(private readonly db: SqlDriver) {}

  async enqueue(ownerId: string, job: NewJob): Promise<Job> {
    validateJob.newJob(job);
    const [row] = await this.db.query<JobRow>(
      `insert into jobs (owner_id, kind, payload, run_after, document_id, chat_id)
       values ($1, $2, $3::jsonb, coalesce($4::timestamptz, now()), $5, $6) returning ${JOB_COLUMNS}`,
      [ownerId, job.kind, JSON.stringify(job.payload ?? {}), job.runAfter ?? null, job.documentId ?? null, job.chatId ?? null],
    );
    return toJob(row!);
  }

  async getJob(ownerId: string, jobId: string): Promise<Job | undefined> {
    const [row] = await this.db.query<JobRow>(`select ${JOB_COLUMNS} from jobs where id = $1 and owner_id = $2`, [jobId, ownerId]);
    return row && toJob(row);
  }

  async listJobs(ownerId: string, filter: { status?: JobStatus; kind?: string; limit?: number } = {}): Promise<Job[]> {
    const limit = validateJob.limit(filter.limit, JOB_LIMITS.list.max, JOB_LIMITS.list.default);
    const rows = await this.db.query<JobRow>(
      `select ${JOB_COLUMNS} from jobs where owner_id = $1 and ($2::text is null or status = $2) and ($3::text is null or kind = $3)
       order by created_at desc, id collate "C" limit $4`,
      [ownerId, filter.status ?? null, filter.kind ?? null, limit],
    );
    return rows.map(toJob);
  }

  async claim(workerId: string, kinds: string[], options: ClaimOptions = {}): Promise<Job | undefined> {
    validateJob.kinds(kinds);
    const [row] = await this.db.query<JobRow>(
      `update jobs set status = 'running', locked_by = $1, locked_at = now(), attempts = attempts + 1, updated_at = now()
       where id = (
         select id from jobs
         where kind in (select jsonb_array_elements_text($2::jsonb))
           and ((status = 'queued' and run_after <= now())
             or (status = 'running' and locked_at < now() - $3::int * interval '1 millisecond'))
         order by run_after, created_at, id collate "C"
         limit 1 for update skip locked)
       returning ${JOB_COLUMNS}`,
      [workerId, JSON.stringify(kinds), options.leaseMs ?? JOB_LIMITS.leaseMs],
    );
    return row && toJob(row);
  }

  async heartbeat(jobId: string, workerId: string, progress?: number): Promise<boolean> {
    validateJob.progress(progress);
    return this.held(`locked_at = now(), progress = coalesce($3, progress)`, [jobId, workerId, progress ?? null]);
  }

  async complete(jobId: string, workerId: string, result?: Record<string, unknown>): Promise<boolean> {
    return this.held(`status = 'succeeded', result = $3::jsonb, progress = 1, locked_by = null, locked_at = null`, [jobId, workerId, result ? JSON.stringify(result) : null]);
  }

  async fail(jobId: string, workerId: string, error: DomainErrorJson, retryAt?: Date): Promise<boolean> {
    return this.held(
      `status = case when $4::timestamptz is null then 'failed' else 'queued' end, run_after = coalesce($4, run_after),
       error = $3::jsonb, locked_by = null, locked_at = null`,
      [jobId, workerId, JSON.stringify(error), retryAt ?? null],
    );
  }

  async cancel(ownerId: string, jobId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update jobs set status = 'cancelled', locked_by = null, locked_at = null, updated_at = now()
       where id = $1 and owner_id = $2 and status in ('queued', 'running') returning id`,
      [jobId, ownerId],
    );
    return rows.length > 0;
  }

  private async held(assignments: string, params: Array<string | number | Date | null>): Promise<boolean> {
    const rows = await this.db.query(`update jobs set ${assignments}, updated_at = now() where ${HELD} returning id`, params);
    return rows.length > 0;
  }
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    status: row.status,
    payload: row.payload,
    ...(row.result !== null ? { result: row.result } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.progress !== null ? { progress: row.progress } : {}),
    attempts: row.attempts,
    runAfter: row.run_after.toISOString(),
    ...(row.locked_by !== null ? { lockedBy: row.locked_by } : {}),
    ...(row.document_id !== null ? { documentId: row.document_id } : {}),
    ...(row.chat_id !== null ? { chatId: row.chat_id } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
