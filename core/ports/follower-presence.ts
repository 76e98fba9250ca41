export const FollowerPresence = Symbol.for("aizoomdoc.FollowerPresence");

/**
 * Which runs someone streams from another instance, as far as this one has heard: an instance whose last follower of
 * an answer left would cancel it after a grace period, unless the client came back — possibly to another instance
 * behind the same proxy. Each instance announces the runs it streams to someone, at once and then every so often;
 * the others hold off their cancellation on hearing it, and the last instance with followers decides. Best effort: a
 * lost announcement may cancel an answer someone still follows elsewhere (the client then sees it end cancelled).
 *
 * Contract:
 * - `onAnnounced` listeners hear every `announce` made by another instance from then on, with its run id; never
 *   their own instance's. The unsubscribe it returns stops them. Announcing never throws.
 */
export interface FollowerPresence {
  announce(runId: string): void;
  onAnnounced(listener: (runId: string) => void): () => void;
}
