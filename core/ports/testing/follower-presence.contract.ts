import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { FollowerPresence } from "../follower-presence.js";

/** How long an announcement that should not be heard is waited for (long enough for one gone astray to arrive). */
const WATCH_MS = 300;
/** How long an announcement that should be heard may take to cross to another instance. */
const CROSSING_MS = 5_000;

/**
 * The FollowerPresence contract, run against every implementation. `open` gives instances of one deployment; an
 * implementation of one process only (`reachesOtherInstances: false`) has no other instance to hear from, so for it
 * the cases that cross instances check instead that nothing is heard.
 */
export function describeFollowerPresenceContract(name: string, open: () => Promise<FollowerPresence>, options: { reachesOtherInstances: boolean }) {
  describe(`FollowerPresence contract: ${name}`, () => {
    it("never tells an instance its own announcements", async () => {
      const presence = await open();
      const heard: string[] = [];
      presence.onAnnounced((runId) => heard.push(runId));
      presence.announce(randomUUID());
      await delay(WATCH_MS);
      expect(heard).toEqual([]);
    });

    it(options.reachesOtherInstances ? "tells every other instance each announcement, with its run" : "tells no one else: there is no other instance", async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      const heardByB: string[] = [];
      const heardByC: string[] = [];
      b.onAnnounced((runId) => heardByB.push(runId));
      c.onAnnounced((runId) => heardByC.push(runId));
      const runs = [randomUUID(), randomUUID()];
      for (const run of runs) a.announce(run);
      if (options.reachesOtherInstances) {
        await expect.poll(() => [heardByB, heardByC], { timeout: CROSSING_MS, interval: 20 }).toEqual([runs, runs]);
      } else {
        await delay(WATCH_MS);
        expect([heardByB, heardByC]).toEqual([[], []]);
      }
    });

    it("stops telling a listener once it unsubscribes, and keeps telling the others", async () => {
      const [a, b] = [await open(), await open()];
      const stopped: string[] = [];
      const kept: string[] = [];
      const stop = b.onAnnounced((runId) => stopped.push(runId));
      b.onAnnounced((runId) => kept.push(runId));
      const first = randomUUID();
      a.announce(first);
      if (options.reachesOtherInstances) await expect.poll(() => kept, { timeout: CROSSING_MS, interval: 20 }).toEqual([first]);
      stop();
      const second = randomUUID();
      a.announce(second);
      if (options.reachesOtherInstances) await expect.poll(() => kept, { timeout: CROSSING_MS, interval: 20 }).toEqual([first, second]);
      else await delay(WATCH_MS);
      expect(stopped).toEqual(options.reachesOtherInstances ? [first] : []);
    });

    it("announces without throwing, also a run nobody listens for", async () => {
      const presence = await open();
      expect(() => presence.announce(randomUUID())).not.toThrow();
      expect(() => presence.onAnnounced(() => undefined)()).not.toThrow();
    });
  });
}
