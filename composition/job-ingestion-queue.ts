import { z } from "zod";
import type { IngestionJob, IngestionQueue } from "../core/application/upload-ingestion.js";
import { DomainError } from "../core/domain/errors.js";
import type { JobHandler, JobQueue } from "../core/ports/job-queue.js";

/** The job kind of an upload's ingestion into a document. */
export const INGEST_JOB = "ingest";

/** A typical ingestion's length (parsing and rendering a drawing set), for the wait estimate. */
const SECONDS_PER_INGESTION = 30;

const IngestionPayload = z.object({
  ownerId: z.string().min(1),
  runId: z.string().min(1),
  fileId: z.string().min(1),
  kind: z.enum(["pdf", "import"]),
  companionFileIds: z.array(z.string().min(1)).max(10).optional(),
});

/** Uploads' ingestions as jobs of the deployment's `JobQueue`, under the run id that their stream follows. */
export class JobIngestionQueue implements IngestionQueue {
  constructor(private readonly jobs: () => Promise<JobQueue>) {}

  async submit(job: IngestionJob): Promise<{ runId: string; position: number; estimatedWaitSeconds: number }> {
    const queue = await this.jobs();
    const { jobId, position } = await queue.submit(job.ownerId, { id: job.runId, kind: INGEST_JOB, payload: { ...job }, singletonKey: `file:${job.fileId}` });
    // the job id is the run id: an ingestion of the file already queued keeps its own run
    return { runId: jobId, position, estimatedWaitSeconds: position * SECONDS_PER_INGESTION };
  }

  async cancelWaiting(ownerId: string, runId: string): Promise<boolean> {
    const queue = await this.jobs();
    // a started ingestion is not stopped half-way: it finishes and keeps its document
    if ((await queue.status(ownerId, runId)).state !== "queued") return false;
    return queue.cancel(ownerId, runId);
  }
}

/** The worker half: ingests an uploaded file as its owner, the payload checked (stored JSON is not trusted). */
export function ingestionJobHandler(ingest: (job: IngestionJob, signal: AbortSignal) => Promise<void>): JobHandler {
  return async (job, signal) => {
    const parsed = IngestionPayload.safeParse(job.payload);
    if (!parsed.success || parsed.data.ownerId !== job.ownerId || parsed.data.runId !== job.id) {
      throw new DomainError("INTERNAL", `ingestion job ${job.id} has a payload this version cannot read`);
    }
    await ingest(parsed.data, signal);
  };
}
