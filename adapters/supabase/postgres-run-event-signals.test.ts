import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeChatListChangesContract } from "../../core/ports/testing/chat-list-changes.contract.js";
import { describeFollowerPresenceContract } from "../../core/ports/testing/follower-presence.contract.js";
import { describeRunEventSignalsContract } from "../../core/ports/testing/run-event-signals.contract.js";
import { freePort, startTestPostgres, type TestPostgresServer } from "./testing/embedded-postgres-server.js";
import { PostgresRunEventSignals } from "./postgres-run-event-signals.js";

const NEVER_MS = 60_000;

let server: TestPostgresServer;
let url: string;
const opened: PostgresRunEventSignals[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
});
afterAll(async () => {
  for (const signals of opened) await signals.close();
  await server?.stop();
});

async function open(options: { heartbeatMs?: number; heartbeatTimeoutMs?: number; via?: string; connectTimeoutSeconds?: number } = {}): Promise<PostgresRunEventSignals> {
  const { via, connectTimeoutSeconds, ...rest } = options;
  const signals = await PostgresRunEventSignals.open({ url: via ?? url, ...(connectTimeoutSeconds ? { connectTimeoutSeconds } : {}) }, { warn: () => undefined, ...rest });
  opened.push(signals);
  return signals;
}

/** "woken" when `wait` resolves within `ms`, else "pending". */
const outcomeOf = (wait: Promise<void>, ms = 300) => Promise.race([wait.then(() => "woken" as const), delay(ms).then(() => "pending" as const)]);

describeRunEventSignalsContract("PostgresRunEventSignals", () => open());
describeFollowerPresenceContract("PostgresRunEventSignals", () => open(), { reachesOtherInstances: true });
describeChatListChangesContract("PostgresRunEventSignals", () => open(), { reachesOtherInstances: true });

describe("PostgresRunEventSignals across instances", () => {
  it("wakes the waits of a run on another instance, and none of another run", async () => {
    const [a, b] = [await open(), await open()];
    const run = randomUUID();
    const other = b.wait(randomUUID(), { timeoutMs: NEVER_MS });
    const waits = [b.wait(run, { timeoutMs: NEVER_MS }), b.wait(run, { timeoutMs: NEVER_MS })];
    a.notify(run);
    expect(await Promise.all(waits.map((wait) => outcomeOf(wait, 5_000)))).toEqual(["woken", "woken"]);
    expect(await outcomeOf(other)).toBe("pending");
  });

  it("listens again after its connection is cut, waking what waited through the gap, and carries notifies again", async () => {
    const [a, b] = [await open(), await open()];
    const throughTheGap = b.wait(randomUUID(), { timeoutMs: NEVER_MS });
    const admin = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      const cut = await admin`select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = 'aizoomdoc-run-signals' and datname = current_database()`;
      expect(cut.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    // woken once it listens again: a notification sent meanwhile may be lost, the follower reads the log
    expect(await outcomeOf(throughTheGap, 10_000)).toBe("woken");
    const run = randomUUID();
    await expect
      .poll(
        async () => {
          const waiting = b.wait(run, { timeoutMs: NEVER_MS });
          a.notify(run);
          return outcomeOf(waiting, 500);
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe("woken");
  });

  it("listens on a new connection when the one it has goes silent (a dropped route: no close, no error)", async () => {
    const proxy = await silencingProxy(url);
    try {
      const a = await open();
      const b = await open({ via: proxy.url, heartbeatMs: 100, heartbeatTimeoutMs: 500 });
      const throughTheGap = b.wait(randomUUID(), { timeoutMs: NEVER_MS });
      proxy.silence();
      expect(await outcomeOf(throughTheGap, 10_000)).toBe("woken");
      const run = randomUUID();
      await expect
        .poll(
          async () => {
            const waiting = b.wait(run, { timeoutMs: NEVER_MS });
            a.notify(run);
            return outcomeOf(waiting, 500);
          },
          { timeout: 10_000, interval: 50 },
        )
        .toBe("woken");
      expect(proxy.connections()).toBeGreaterThan(1);
    } finally {
      await proxy.close();
    }
  });

  it("tells its chat-list listeners that anything may have changed when its connection is cut, and is reliable again once it listens anew", async () => {
    const [a, b] = [await open(), await open()];
    const heard: Array<string | undefined> = [];
    b.onChange((owner) => heard.push(owner));
    const admin = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'aizoomdoc-run-signals' and datname = current_database()`;
    } finally {
      await admin.end();
    }
    await expect.poll(() => heard.includes(undefined), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(b.reliable).toBe(true);
    const owner = randomUUID();
    await expect
      .poll(
        () => {
          a.changed(owner);
          return heard.includes(owner);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
  });

  it("is not reliable while its connection is away, and tells its listeners when it goes", async () => {
    const proxy = await silencingProxy(url);
    try {
      const b = await open({ via: proxy.url, heartbeatMs: 100, heartbeatTimeoutMs: 300 });
      const heard: Array<string | undefined> = [];
      b.onChange((owner) => heard.push(owner));
      expect(b.reliable).toBe(true);
      // every connection through the proxy, also the next ones, stays silent: the LISTEN cannot come back
      proxy.silenceAll();
      await expect.poll(() => b.reliable, { timeout: 10_000, interval: 20 }).toBe(false);
      expect(heard).toContain(undefined);
    } finally {
      await proxy.close();
    }
  });

  it("sends a chat-list change made while its connection was away once it listens again, so the other instances catch up", async () => {
    const proxy = await silencingProxy(url);
    try {
      const a = await open();
      // a connection attempt into the silence gives up after 1 s (10 s by default), so b is back soon after the proxy is
      const b = await open({ via: proxy.url, heartbeatMs: 100, heartbeatTimeoutMs: 300, connectTimeoutSeconds: 1 });
      const heard: Array<string | undefined> = [];
      a.onChange((owner) => heard.push(owner));
      proxy.silenceAll();
      await expect.poll(() => b.reliable, { timeout: 10_000, interval: 20 }).toBe(false);
      // a keeps its lists meanwhile (its own connection is fine): only b's NOTIFY can tell it of the change
      b.changed("owner-away");
      await delay(300);
      expect(heard).not.toContain("owner-away");
      proxy.passNew();
      await expect.poll(() => b.reliable, { timeout: 20_000, interval: 20 }).toBe(true);
      await expect.poll(() => heard.includes("owner-away"), { timeout: 5_000, interval: 20 }).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("wakes no follower with an announcement", async () => {
    const [a, b] = [await open(), await open()];
    const run = randomUUID();
    const waiting = b.wait(run, { timeoutMs: NEVER_MS });
    a.announce(run);
    expect(await outcomeOf(waiting)).toBe("pending");
  });

  it("does not open when no server answers", async () => {
    const port = await freePort();
    await expect(PostgresRunEventSignals.open({ url: `postgres://nobody:secret@127.0.0.1:${port}/none`, connectTimeoutSeconds: 2 }, { warn: () => undefined })).rejects.toThrow();
  });
});

/**
 * A TCP proxy to the database whose `silence()` makes the connections open so far drop every byte, staying open;
 * after `silenceAll()` the ones opened later do too.
 */
async function silencingProxy(target: string) {
  const { hostname, port } = new URL(target);
  const open = new Set<{ sockets: Socket[]; silent: boolean }>();
  let connections = 0;
  let silenceNew = false;
  const server = createServer((downstream) => {
    connections++;
    const upstream = connect(Number(port), hostname);
    const pair = { sockets: [downstream, upstream], silent: silenceNew };
    open.add(pair);
    downstream.on("data", (chunk: Buffer) => void (pair.silent || upstream.write(chunk)));
    upstream.on("data", (chunk: Buffer) => void (pair.silent || downstream.write(chunk)));
    const close = () => {
      downstream.destroy();
      upstream.destroy();
      open.delete(pair);
    };
    for (const socket of pair.sockets) socket.on("error", close).on("close", close);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const proxied = new URL(target);
  proxied.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: proxied.toString(),
    connections: () => connections,
    silence: () => {
      for (const pair of open) pair.silent = true;
    },
    silenceAll: () => {
      silenceNew = true;
      for (const pair of open) pair.silent = true;
    },
    /** New connections pass again (the silenced ones stay silent). */
    passNew: () => {
      silenceNew = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of open) for (const socket of pair.sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
