/**
 * Runs whose followers have all gone: when the last client streaming a run disconnects before the run ends and no
 * one resumes it within the grace period, the run is cancelled, so a closed browser tab does not keep a worker busy.
 * Counted per instance: a follower on another instance is not seen (it resumes from the stored events either way).
 */
export class AbandonedRuns {
  private readonly runs = new Map<string, { followers: number; timer?: NodeJS.Timeout }>();

  constructor(private readonly graceMs: number) {}

  /** Notes a follower of `runId`; call the returned release when its stream ends (`ended`: the run's last event was sent). */
  follow(runId: string, cancel: () => Promise<unknown>): (ended: boolean) => void {
    const entry = this.runs.get(runId) ?? { followers: 0 };
    clearTimeout(entry.timer);
    entry.followers += 1;
    this.runs.set(runId, entry);
    let released = false;
    return (ended) => {
      if (released) return;
      released = true;
      entry.followers -= 1;
      if (entry.followers > 0) return;
      if (ended) {
        this.runs.delete(runId);
        return;
      }
      entry.timer = setTimeout(() => {
        this.runs.delete(runId);
        // a failed cancel (the run ended meanwhile, the store closing) leaves the run as it is
        cancel().catch(() => undefined);
      }, this.graceMs);
      entry.timer.unref();
    };
  }

  /** Drops the pending cancellations (the server stops; the queue's own shutdown handles running answers). */
  clear(): void {
    for (const entry of this.runs.values()) clearTimeout(entry.timer);
    this.runs.clear();
  }
}
