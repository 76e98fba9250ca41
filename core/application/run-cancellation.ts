import { DomainError, notFound } from "../domain/errors.js";
import type { StreamEventStore } from "../ports/stream-event-store.js";
import type { ChatRunService } from "./chat-run-service.js";
import type { IngestionQueue } from "./upload-ingestion.js";

export interface RunCancellationDeps {
  ownerId: string;
  events: StreamEventStore;
  runs: Pick<ChatRunService, "latestRun" | "cancelLatestRun" | "hasEnded">;
  ingestions: Pick<IngestionQueue, "cancelWaiting">;
}

/**
 * Cancelling a run named by its id (`POST /runs/{id}/cancel`, and a run stream every follower left): an answer is
 * cancelled as its chat's cancel does (a waiting one ends with an error event and message, a running one is
 * aborted); an upload's ingestion that waits never starts, and its log ends `OPERATION.CANCELLED` (one under way
 * finishes: its document is kept and its log ends `completed`).
 */
export class RunCancellation {
  constructor(private readonly deps: RunCancellationDeps) {}

  /** True when the run was stopped; false when it had ended or went on (an ingestion under way; an answer a newer one replaced). */
  async cancelRun(runId: string, options: { answersOnly?: boolean } = {}): Promise<boolean> {
    const { ownerId, events, runs, ingestions } = this.deps;
    const owner = await events.runOwner(ownerId, runId);
    if (!owner) throw notFound("CHAT.NOT_FOUND", `run ${runId}`);
    if (owner.chatId) return (await runs.latestRun(owner.chatId)) === runId && runs.cancelLatestRun(owner.chatId);
    if (options.answersOnly || (await runs.hasEnded(runId))) return false;
    if (!(await ingestions.cancelWaiting(ownerId, runId))) return false;
    // its worker never starts, so the log ends here
    await events.append(ownerId, runId, { type: "error", error: new DomainError("OPERATION.CANCELLED", "the ingestion was cancelled before it started").toJSON() });
    return true;
  }
}
