import { z } from "zod";
import type { ChatDeletionJob, ChatDeletionQueue } from "../core/application/chat-deletion.js";
import { DomainError } from "../core/domain/errors.js";
import type { JobHandler, JobQueue } from "../core/ports/job-queue.js";

/** The job kind of an accepted chat deletion. */
export const DELETE_CHAT_JOB = "delete-chat";

const DeletionPayload = z.object({
  ownerId: z.string().min(1),
  chatId: z.string().min(1),
  imageIds: z.array(z.string().min(1)),
});

/** Accepted chat deletions as jobs of the deployment's `JobQueue`: one per chat (its id the singleton key). */
export class JobChatDeletionQueue implements ChatDeletionQueue {
  constructor(private readonly jobs: () => Promise<JobQueue>) {}

  async submit(job: ChatDeletionJob): Promise<void> {
    const queue = await this.jobs();
    await queue.submit(job.ownerId, { kind: DELETE_CHAT_JOB, payload: { ...job }, singletonKey: `delete-chat:${job.chatId}` });
  }
}

/** The worker half: purges a deleted chat as its owner, the payload checked (stored JSON is not trusted). */
export function chatDeletionJobHandler(purge: (job: ChatDeletionJob) => Promise<void>): JobHandler {
  return async (job) => {
    const parsed = DeletionPayload.safeParse(job.payload);
    if (!parsed.success || parsed.data.ownerId !== job.ownerId) throw new DomainError("INTERNAL", `chat deletion job ${job.id} has a payload this version cannot read`);
    await purge(parsed.data);
  };
}
