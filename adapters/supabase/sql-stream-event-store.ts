import { notFound } from "../../core/domain/errors.js";
import type { StreamEvent } from "../../core/domain/stream-event.js";
import { STREAM_EVENT_LIMIT, checkStreamRead, type StoredStreamEvent, type StreamEventStore } from "../../core/ports/stream-event-store.js";
import type { SqlDriver } from "./sql-driver.js";

/** SQLSTATE of a foreign key violation: the chat is not the owner's. */
const FOREIGN_KEY_VIOLATION = "23503";
/** SQLSTATE of a unique violation: an append racing ours took the seq first. */
const UNIQUE_VIOLATION = "23505";
/** Tries of one append under racing writers; each clash means another append to the run landed, so few are needed. */
const APPEND_TRIES = 20;

/**
 * `StreamEventStore` over `stream_events`. An append is one statement: the next seq of the run, only while no other
 * owner's event is in it. Every streamed event is an append, and the transaction with an advisory lock it used to
 * be cost five round trips (bench/server.bench.ts); two appends racing for one seq now meet at the primary key, and
 * the loser takes the next one.
 */
export class SqlStreamEventStore implements StreamEventStore {
  constructor(private readonly db: SqlDriver) {}

  async append(ownerId: string, runId: string, event: StreamEvent, options: { chatId?: string } = {}): Promise<number> {
    const params = [runId, ownerId, options.chatId ?? null, JSON.stringify(event)];
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.db.query<{ seq: number }>(
          `insert into stream_events (run_id, seq, user_id, chat_id, event)
           select $1, coalesce(max(seq), 0) + 1, $2, $3, $4::jsonb from stream_events where run_id = $1
           having coalesce(bool_and(user_id = $2), true)
           returning seq`,
          params,
        );
        // no row: the run has another owner's events
        if (!row) throw notFound("CHAT.NOT_FOUND", `run ${runId}`);
        return row.seq;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === FOREIGN_KEY_VIOLATION) throw notFound("CHAT.NOT_FOUND", `chat ${options.chatId}`);
        if (code !== UNIQUE_VIOLATION || attempt === APPEND_TRIES) throw error;
      }
    }
  }

  async listAfter(ownerId: string, runId: string, afterSeq: number, limit: number = STREAM_EVENT_LIMIT.default): Promise<StoredStreamEvent[]> {
    checkStreamRead(afterSeq, limit);
    return this.db.query<StoredStreamEvent>(
      "select seq, event from stream_events where run_id = $1 and user_id = $2 and seq > $3 order by seq limit $4",
      [runId, ownerId, afterSeq, limit],
    );
  }

  async latestRun(ownerId: string, chatId: string): Promise<string | undefined> {
    // a run's first event (seq 1) is its start: the newest start is the latest run
    const [row] = await this.db.query<{ run_id: string }>(
      "select run_id from stream_events where chat_id = $1 and user_id = $2 and seq = 1 order by created_at desc, run_id desc limit 1",
      [chatId, ownerId],
    );
    return row?.run_id;
  }

  async runOwner(ownerId: string, runId: string): Promise<{ chatId?: string } | undefined> {
    const [row] = await this.db.query<{ chat_id: string | null }>("select chat_id from stream_events where run_id = $1 and user_id = $2 and seq = 1", [runId, ownerId]);
    if (!row) return undefined;
    return row.chat_id ? { chatId: row.chat_id } : {};
  }

  async deleteRun(ownerId: string, runId: string): Promise<void> {
    await this.db.query("delete from stream_events where run_id = $1 and user_id = $2", [runId, ownerId]);
  }
}
