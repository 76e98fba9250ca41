import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { RunEventSignals } from "../run-event-signals.js";

/** Longer than any test runs: a wait that resolves did so because it was woken, not at its timeout. */
const NEVER_MS = 60_000;
/** How long a wait that should stay pending is watched (long enough for a signal that went astray to arrive). */
const WATCH_MS = 50;

/** "woken" when `wait` resolves within `WATCH_MS`, else "pending". */
const outcomeOf = (wait: Promise<void>) => Promise.race([wait.then(() => "woken" as const), delay(WATCH_MS).then(() => "pending" as const)]);

/** The RunEventSignals contract, run against every implementation. */
export function describeRunEventSignalsContract(name: string, make: () => Promise<RunEventSignals>) {
  describe(`RunEventSignals contract: ${name}`, () => {
    it("wakes every pending wait of the notified run, and none of another run", async () => {
      const signals = await make();
      const run = randomUUID();
      const other = signals.wait(randomUUID(), { timeoutMs: NEVER_MS });
      const waits = [signals.wait(run, { timeoutMs: NEVER_MS }), signals.wait(run, { timeoutMs: NEVER_MS })];
      signals.notify(run);
      await Promise.all(waits);
      expect(await outcomeOf(other)).toBe("pending");
    });

    it("does not remember a notify for a wait that starts after it", async () => {
      const signals = await make();
      const run = randomUUID();
      signals.notify(run);
      const late = signals.wait(run, { timeoutMs: NEVER_MS });
      expect(await outcomeOf(late)).toBe("pending");
      signals.notify(run);
      await late;
    });

    it("resolves at the timeout when no notify comes", async () => {
      const signals = await make();
      await signals.wait(randomUUID(), { timeoutMs: 5 });
    });

    it("resolves, never rejects, when its signal aborts (at once when it has already)", async () => {
      const signals = await make();
      const run = randomUUID();
      const controller = new AbortController();
      const waiting = signals.wait(run, { signal: controller.signal, timeoutMs: NEVER_MS });
      controller.abort(new Error("the client went away"));
      await expect(waiting).resolves.toBeUndefined();
      await expect(signals.wait(run, { signal: controller.signal, timeoutMs: NEVER_MS })).resolves.toBeUndefined();
    });

    it("notifies a run nobody waits on without failing", async () => {
      const signals = await make();
      expect(() => signals.notify(randomUUID())).not.toThrow();
    });
  });
}
