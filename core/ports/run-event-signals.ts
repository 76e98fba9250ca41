export const RunEventSignals = Symbol.for("aizoomdoc.RunEventSignals");

/**
 * Wake-ups for the followers of answer runs: a writer that stored a run's event says so, and whoever waits on that
 * run reads its log again at once rather than at its next poll. A signal carries no event; the `StreamEventStore`
 * stays the only source of them, so a lost or extra signal costs latency, never an event. The in-process one wakes
 * the followers of appends made by this process (the embedded database has no other); the one over Postgres
 * `LISTEN/NOTIFY` wakes those of every instance on the server. Followers still poll, slowly, for what a signal missed.
 *
 * Contract:
 * - `wait` resolves on the first of: a `notify` of its run made after `wait` was called, `timeoutMs`, `signal`
 *   aborting (at once when it already has). It never rejects. A follower calls it before reading the log, so an
 *   append that the read misses wakes it.
 * - `notify` wakes every pending `wait` of that run and none of another run; it is not remembered for later waits.
 *   It never throws and does not wait for the waiters.
 */
export interface RunEventSignals {
  notify(runId: string): void;
  wait(runId: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<void>;
}
