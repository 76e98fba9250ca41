import { randomUUID } from "node:crypto";
import postgres, { type Sql } from "postgres";
import type { ChatListChanges } from "../../core/ports/chat-list-changes.js";
import type { FollowerPresence } from "../../core/ports/follower-presence.js";
import type { RunEventSignals } from "../../core/ports/run-event-signals.js";
import { InProcessChatListChanges, InProcessRunEventSignals } from "../local/in-process-run-event-signals.js";
import { PostgresConfig } from "./postgres.config.js";

/**
 * The one channel every instance of a database listens on. A payload is `<instance>:<run>` (the run has new events),
 * `<instance>:followed:<run>` (someone streams the run from that instance), `<instance>:chats:<owner>` (the owner's
 * chat list changed) or `<instance>:heartbeat`.
 */
const CHANNEL = "aizoomdoc_run_events";
/** How often an instance sends itself a notification to prove it still hears the channel. */
const HEARTBEAT_MS = 10_000;
/** How long that notification may take to come back before the connection counts as lost. */
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** Pause before a NOTIFY that failed is sent again (it is also sent once this instance listens anew). */
const UNSENT_RETRY_MS = 1_000;
/** Longest pause between attempts to listen again while the server is away. */
const MAX_RETRY_MS = 10_000;

export interface PostgresRunEventSignalsOptions {
  /** Where a lost or refused connection is reported (once per outage; followers keep polling meanwhile). */
  warn?: (message: string) => void;
  /** How often it checks that it still hears the channel; default 10 000. */
  heartbeatMs?: number;
  /** How long its check may take before the connection counts as lost; default 5 000. */
  heartbeatTimeoutMs?: number;
}

/**
 * `RunEventSignals` across every instance on one Postgres server: a notify wakes this process's followers at once and
 * sends `NOTIFY aizoomdoc_run_events`; each instance `LISTEN`s on a connection of its own (postgres.js keeps a
 * dedicated one for it, apart from the stores' pool) and wakes its followers of that run. The stored events stay the
 * only source of events, so a lost notification costs a follower one poll interval. Every (re)LISTEN wakes every
 * follower here, since notifications of a gap are gone; an instance that stops hearing its own heartbeat
 * notification drops the connection and listens again on a new one, with a backoff while the server is away. The same
 * channel carries the instances' `FollowerPresence` announcements and `ChatListChanges`: a lost connection, and every
 * (re)LISTEN, tell the chat-list listeners that anything may have changed.
 */
export class PostgresRunEventSignals implements RunEventSignals, FollowerPresence, ChatListChanges {
  private readonly waits = new InProcessRunEventSignals();
  private readonly chatLists = new InProcessChatListChanges();
  /** This process's mark on what it sends: its own notifications come back from the server, already delivered. */
  private readonly instance = randomUUID();
  /** Topics (runs, owners' chat lists) whose NOTIFY is on its way; true when another came meanwhile (sent once more after it). */
  private readonly sending = new Map<string, boolean>();
  /**
   * Topics whose NOTIFY could not go (no connection, or it failed), sent once this instance listens again: the other
   * instances' chat lists have no poll to fall back on, and kept a list a change went unheard for until its next change.
   */
  private readonly unsent = new Set<string>();
  private readonly presenceListeners = new Set<(runId: string) => void>();
  private readonly settings: ReturnType<typeof PostgresConfig.parse>;
  private readonly warn: (message: string) => void;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;
  /** The listening connection's client; absent while it is being set up again. */
  private session: Sql | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private unsentTimer: NodeJS.Timeout | undefined;
  private heard: (() => void) | undefined;
  private retries = 0;
  private troubled = false;
  private closed = false;

  private constructor(config: PostgresConfig, options: PostgresRunEventSignalsOptions) {
    this.settings = PostgresConfig.parse(config);
    this.warn = options.warn ?? ((message) => process.emitWarning(message));
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  }

  /** Connects and listens; rejects when the first LISTEN fails (no server there), leaving nothing open. */
  static async open(config: PostgresConfig, options: PostgresRunEventSignalsOptions = {}): Promise<PostgresRunEventSignals> {
    const signals = new PostgresRunEventSignals(config, options);
    await signals.connect();
    return signals;
  }

  notify(runId: string): void {
    // this process's followers need no round trip
    this.waits.notify(runId);
    this.broadcast(runId);
  }

  /** While a LISTEN is up; between a lost connection and the next LISTEN, changes of other instances go unheard. */
  get reliable(): boolean {
    return this.session !== undefined;
  }

  changed(ownerId: string): void {
    this.chatLists.changed(ownerId);
    this.broadcast(`chats:${ownerId}`);
  }

  onChange(listener: (ownerId: string | undefined) => void): () => void {
    return this.chatLists.onChange(listener);
  }

  wait(runId: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<void> {
    return this.waits.wait(runId, options);
  }

  announce(runId: string): void {
    if (this.closed || !this.session) return;
    // lost while the connection is away: the next announcement (or the poll of a resumed stream) makes up for it
    this.session.notify(CHANNEL, `${this.instance}:followed:${runId}`).catch(() => undefined);
  }

  onAnnounced(listener: (runId: string) => void): () => void {
    this.presenceListeners.add(listener);
    return () => void this.presenceListeners.delete(listener);
  }

  /** Stops listening and closes the connection; pending waits end at their timeouts (or signals). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.heartbeat);
    clearTimeout(this.unsentTimer);
    await this.session?.end({ timeout: 2 }).catch(() => undefined);
    this.session = undefined;
  }

  private async connect(): Promise<void> {
    const { url, connectTimeoutSeconds } = this.settings;
    const sql = postgres(url, {
      max: 1,
      connect_timeout: connectTimeoutSeconds,
      fetch_types: false,
      onnotice: () => undefined,
      connection: { application_name: "aizoomdoc-run-signals" },
    });
    try {
      // called again by postgres.js each time it listens anew after its connection closed
      await sql.listen(CHANNEL, (payload) => this.received(payload), () => this.heardAnew());
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw error;
    }
    if (this.closed) return void (await sql.end({ timeout: 1 }).catch(() => undefined));
    this.session = sql;
    if (this.troubled) this.warn("run signals: listening again");
    this.troubled = false;
    this.retries = 0;
    this.scheduleHeartbeat(sql);
    this.sendUnsent();
  }

  /** Notifications of the gap before this LISTEN are gone: whoever waited on them looks again. */
  private heardAnew(): void {
    this.waits.wakeAll();
    this.chatLists.tellAll();
    this.sendUnsent();
  }

  private sendUnsent(): void {
    if (!this.session) return;
    const topics = [...this.unsent];
    this.unsent.clear();
    for (const topic of topics) this.broadcast(topic);
  }

  /** Sends `<instance>:<topic>` to the other instances, unless a send of that topic is on its way already. */
  private broadcast(topic: string): void {
    if (this.closed) return;
    if (!this.session) return void this.unsent.add(topic);
    if (this.sending.has(topic)) {
      this.sending.set(topic, true);
      return;
    }
    this.sending.set(topic, false);
    void this.send(this.session, topic);
  }

  /** Sends the topic's NOTIFY, again while notifies of it came during the last one (one in flight per topic at most). */
  private async send(sql: Sql, topic: string): Promise<void> {
    try {
      do {
        this.sending.set(topic, false);
        await sql.notify(CHANNEL, `${this.instance}:${topic}`);
      } while (this.sending.get(topic) && !this.closed);
    } catch {
      // sent again shortly, or once listening anew (the heartbeat sees to the connection); until then the other
      // instances' followers find the events at their next poll
      this.unsent.add(topic);
      this.unsentTimer ??= setTimeout(() => {
        this.unsentTimer = undefined;
        this.sendUnsent();
      }, UNSENT_RETRY_MS).unref();
    } finally {
      this.sending.delete(topic);
    }
  }

  private received(payload: string): void {
    const separator = payload.indexOf(":");
    if (separator < 0) return;
    const rest = payload.slice(separator + 1);
    const own = payload.slice(0, separator) === this.instance;
    if (rest.startsWith("chats:")) {
      if (!own) this.chatLists.changed(rest.slice("chats:".length));
      return;
    }
    if (rest.startsWith("followed:")) {
      if (!own) for (const listener of this.presenceListeners) listener(rest.slice("followed:".length));
      return;
    }
    if (!own) return this.waits.notify(rest);
    if (rest === "heartbeat") this.heard?.();
  }

  /** Sends itself a notification every `heartbeatMs`; one that does not come back in time means the LISTEN is gone. */
  private scheduleHeartbeat(sql: Sql): void {
    this.heartbeat = setTimeout(() => {
      void (async () => {
        const back = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), this.heartbeatTimeoutMs);
          this.heard = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        let taken = false;
        const sent = sql.notify(CHANNEL, `${this.instance}:heartbeat`).then(
          () => (taken = true),
          () => false,
        );
        // a notify that never returns (a route dropping every byte) counts as lost at the same timeout
        const heard = await Promise.race([sent.then((ok) => ok && back), back]);
        this.heard = undefined;
        if (this.closed || this.session !== sql) return;
        if (heard) this.scheduleHeartbeat(sql);
        else this.reconnect(new Error(taken ? "its heartbeat notification did not come back" : "the server did not take its heartbeat"));
      })();
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Drops the connection and listens again on a new one after a backoff, until it works or the signals close. */
  private reconnect(error: Error): void {
    if (this.closed || this.retryTimer) return;
    if (!this.troubled) this.warn(`run signals: lost the Postgres connection (${error.message}); followers poll until it is back`);
    this.troubled = true;
    const stale = this.session;
    this.session = undefined;
    this.chatLists.tellAll();
    void stale?.end({ timeout: 1 }).catch(() => undefined);
    const delayMs = Math.min(MAX_RETRY_MS, 100 * 2 ** this.retries++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch((failed: unknown) => this.reconnect(failed instanceof Error ? failed : new Error(String(failed))));
    }, delayMs);
    this.retryTimer.unref();
  }
}
