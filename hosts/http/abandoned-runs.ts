import type { FollowerPresence } from "../../core/ports/follower-presence.js";

/**
 * Runs whose followers have all gone: when the last client streaming a run disconnects before the run ends and no
 * one resumes it within the grace period, the run is cancelled, so a closed browser tab does not keep a worker busy.
 * Counted per instance, and told across them by `presence`: while this instance has followers of a run it announces
 * them (at once, then every third of the grace), and a cancellation pending here is dropped when another instance
 * announces the run: a client that came back elsewhere keeps its answer, and that instance decides when it leaves.
 */
export class AbandonedRuns {
  private readonly runs = new Map<string, { followers: number; timer?: NodeJS.Timeout; announcing?: NodeJS.Timeout }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly graceMs: number,
    private readonly presence?: FollowerPresence,
  ) {
    this.unsubscribe =
      presence?.onAnnounced((runId) => {
        const entry = this.runs.get(runId);
        if (!entry || entry.followers > 0) return;
        clearTimeout(entry.timer);
        this.runs.delete(runId);
      }) ?? (() => undefined);
  }

  /** Notes a follower of `runId`; call the returned release when its stream ends (`ended`: the run's last event was sent). */
  follow(runId: string, cancel: () => Promise<unknown>): (ended: boolean) => void {
    const entry = this.runs.get(runId) ?? { followers: 0 };
    clearTimeout(entry.timer);
    entry.followers += 1;
    this.runs.set(runId, entry);
    if (this.presence && !entry.announcing) {
      const presence = this.presence;
      presence.announce(runId);
      entry.announcing = setInterval(() => presence.announce(runId), Math.max(250, this.graceMs / 3));
      entry.announcing.unref();
    }
    let released = false;
    return (ended) => {
      if (released) return;
      released = true;
      entry.followers -= 1;
      if (entry.followers > 0) return;
      clearInterval(entry.announcing);
      entry.announcing = undefined;
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
    for (const entry of this.runs.values()) {
      clearTimeout(entry.timer);
      clearInterval(entry.announcing);
    }
    this.runs.clear();
    this.unsubscribe();
  }
}
