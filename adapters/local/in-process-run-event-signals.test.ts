import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeRunEventSignalsContract } from "../../core/ports/testing/run-event-signals.contract.js";
import { describeChatListChangesContract } from "../../core/ports/testing/chat-list-changes.contract.js";
import { describeFollowerPresenceContract } from "../../core/ports/testing/follower-presence.contract.js";
import { InProcessChatListChanges, InProcessFollowerPresence, InProcessRunEventSignals } from "./in-process-run-event-signals.js";

describeRunEventSignalsContract("InProcessRunEventSignals", async () => new InProcessRunEventSignals());
describeFollowerPresenceContract("InProcessFollowerPresence", async () => new InProcessFollowerPresence(), { reachesOtherInstances: false });
describeChatListChangesContract("InProcessChatListChanges", async () => new InProcessChatListChanges(), { reachesOtherInstances: false });

describe("InProcessRunEventSignals", () => {
  it("keeps nothing of a run once its waits have ended", async () => {
    const signals = new InProcessRunEventSignals();
    const controller = new AbortController();
    const waits = [signals.wait(randomUUID(), { timeoutMs: 1 }), signals.wait(randomUUID(), { signal: controller.signal, timeoutMs: 60_000 })];
    const run = randomUUID();
    waits.push(signals.wait(run, { timeoutMs: 60_000 }));
    signals.notify(run);
    controller.abort();
    await Promise.all(waits);
    expect((signals as unknown as { waits: Map<string, unknown> }).waits.size).toBe(0);
  });

  it("wakes every pending wait of every run on wakeAll, and keeps nothing", async () => {
    const signals = new InProcessRunEventSignals();
    const waits = [signals.wait(randomUUID(), { timeoutMs: 60_000 }), signals.wait(randomUUID(), { timeoutMs: 60_000 })];
    signals.wakeAll();
    await Promise.all(waits);
    expect((signals as unknown as { waits: Map<string, unknown> }).waits.size).toBe(0);
  });
});
