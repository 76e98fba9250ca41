import type { ChatListChanges } from "../../core/ports/chat-list-changes.js";
import type { FollowerPresence } from "../../core/ports/follower-presence.js";
import type { RunEventSignals } from "../../core/ports/run-event-signals.js";

/**
 * `RunEventSignals` within one process: the waits of each run kept in a map, a notify resolving them on the spot.
 * It wakes followers of this process's own appends only, which is all one instance (the embedded store) has.
 */
export class InProcessRunEventSignals implements RunEventSignals {
  private readonly waits = new Map<string, Set<() => void>>();

  notify(runId: string): void {
    const waiting = this.waits.get(runId);
    if (!waiting) return;
    this.waits.delete(runId);
    for (const wake of waiting) wake();
  }

  /** Wakes every pending wait of every run (their signals may have been missed: a lost connection of a wider one). */
  wakeAll(): void {
    const all = [...this.waits.values()];
    this.waits.clear();
    for (const waiting of all) for (const wake of waiting) wake();
  }

  wait(runId: string, { signal, timeoutMs }: { signal?: AbortSignal; timeoutMs: number }): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.waits.get(runId) ?? new Set();
      this.waits.set(runId, waiting);
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", wake);
        waiting.delete(wake);
        // a run nobody waits on leaves no entry behind (runs are many, each followed for a while)
        if (waiting.size === 0 && this.waits.get(runId) === waiting) this.waits.delete(runId);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal?.addEventListener("abort", wake, { once: true });
      waiting.add(wake);
    });
  }
}

/** `ChatListChanges` of one process: every change is made here, so its listeners hear them all, at once. */
export class InProcessChatListChanges implements ChatListChanges {
  readonly reliable: boolean = true;
  private readonly listeners = new Set<(ownerId: string | undefined) => void>();

  changed(ownerId: string): void {
    for (const listener of this.listeners) listener(ownerId);
  }

  onChange(listener: (ownerId: string | undefined) => void): () => void {
    // a wrapper of its own, so one listener subscribed twice is unsubscribed once each
    const subscribed = (ownerId: string | undefined) => listener(ownerId);
    this.listeners.add(subscribed);
    return () => void this.listeners.delete(subscribed);
  }

  /** Tells every listener that any list may have changed (the Postgres adapter's lost or renewed LISTEN). */
  tellAll(): void {
    for (const listener of this.listeners) listener(undefined);
  }
}

/** `FollowerPresence` of one process: there is no other instance to hear from, nor to tell. */
export class InProcessFollowerPresence implements FollowerPresence {
  announce(): void {}

  onAnnounced(): () => void {
    return () => undefined;
  }
}
