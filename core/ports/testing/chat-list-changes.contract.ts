import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ChatListChanges } from "../chat-list-changes.js";

/** How long a change that should not be heard is waited for (long enough for one gone astray to arrive). */
const WATCH_MS = 300;
/** How long a change may take to cross to another instance. */
const CROSSING_MS = 5_000;

/**
 * The ChatListChanges contract, run against every implementation. `open` gives instances of one deployment; an
 * implementation of one process only (`reachesOtherInstances: false`) has no other instance, so for it the cases
 * that cross instances check instead that nothing is heard.
 */
export function describeChatListChangesContract(name: string, open: () => Promise<ChatListChanges>, options: { reachesOtherInstances: boolean }) {
  describe(`ChatListChanges contract: ${name}`, () => {
    it("is reliable once open, and tells its own listeners a change before `changed` returns", async () => {
      const changes = await open();
      expect(changes.reliable).toBe(true);
      const heard: Array<string | undefined> = [];
      changes.onChange((owner) => heard.push(owner));
      const owner = randomUUID();
      changes.changed(owner);
      expect(heard).toEqual([owner]);
      await delay(WATCH_MS);
      expect(heard).toEqual([owner]);
    });

    it(options.reachesOtherInstances ? "tells every other instance each change, with its owner" : "tells no other instance: there is none", async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      const heardByB: Array<string | undefined> = [];
      const heardByC: Array<string | undefined> = [];
      b.onChange((owner) => heardByB.push(owner));
      c.onChange((owner) => heardByC.push(owner));
      const owners = [randomUUID(), randomUUID()];
      for (const owner of owners) a.changed(owner);
      if (options.reachesOtherInstances) {
        await expect.poll(() => [heardByB, heardByC], { timeout: CROSSING_MS, interval: 20 }).toEqual([owners, owners]);
      } else {
        await delay(WATCH_MS);
        expect([heardByB, heardByC]).toEqual([[], []]);
      }
    });

    it("stops telling a listener once it unsubscribes, and keeps telling the others", async () => {
      const changes = await open();
      const stopped: Array<string | undefined> = [];
      const kept: Array<string | undefined> = [];
      const stop = changes.onChange((owner) => stopped.push(owner));
      changes.onChange((owner) => kept.push(owner));
      const [first, second] = [randomUUID(), randomUUID()];
      changes.changed(first);
      stop();
      changes.changed(second);
      expect([stopped, kept]).toEqual([[first], [first, second]]);
    });
  });
}
