import postgres, { type Sql, type TransactionSql } from "postgres";
import { DomainError, invalidInput } from "../../core/domain/errors.js";
import { PostgresConfig } from "./postgres.config.js";
import type { SqlDriver, SqlExecutor, SqlValue } from "./sql-driver.js";

/** Network-level failures of postgres.js and Node: the server is down or unreachable, not a bad query. */
const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
]);
/** SQLSTATEs that mean this server will not take us: bad login, unknown database, too many connections, shutting down. */
const REFUSED_STATES = new Set(["28P01", "28000", "3D000", "53300", "57P01", "57P03"]);

/**
 * Our queries are fixed texts with parameters, so each is a named prepared statement per connection: planning the
 * chat list alone cost Postgres 0.65 ms a call, more than running it, and preparing doubled the requests/s of
 * `GET /chats` (bench/server.bench.ts). postgres.js prepares only tagged templates by itself; behind a pooler in
 * transaction mode, `?prepare=false` in the URL turns it off for every query.
 */
const PREPARED = { prepare: true } as const;

/**
 * The SQL driver over a Postgres server (`postgres` by porsager). Values are normalised to match PGlite:
 * `json`/`jsonb` parameters given as strings go through untouched and `int8` comes back as a number.
 */
export class PostgresDriver implements SqlDriver {
  private closed = false;

  private constructor(
    private readonly sql: Sql,
    readonly label: string,
    private readonly server: string,
  ) {}

  /** Connects and checks the server answers; `STORAGE.UNAVAILABLE` names host:port when it does not. */
  static async connect(config: PostgresConfig): Promise<PostgresDriver> {
    const parsed = PostgresConfig.safeParse(config);
    if (!parsed.success) {
      // the URL holds a password: name the fields, never echo the values
      throw invalidInput(`invalid Postgres settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    const { url, maxConnections, connectTimeoutSeconds } = parsed.data;
    const location = new URL(url);
    const server = `${location.hostname}:${location.port || "5432"}`;
    const sql = postgres(url, {
      max: maxConnections,
      connect_timeout: connectTimeoutSeconds,
      onnotice: () => undefined,
      types: {
        json: { to: 114, from: [114, 3802], serialize: (x: unknown) => (typeof x === "string" ? x : JSON.stringify(x)), parse: (x: string) => JSON.parse(x) as unknown },
        int8: { to: 20, from: [20], serialize: (x: unknown) => String(x), parse: (x: string) => Number(x) },
      },
    });
    const driver = new PostgresDriver(sql, `postgres ${server}${location.pathname}`, server);
    try {
      await driver.query("select 1");
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw error;
    }
    return driver;
  }

  query<Row = Record<string, unknown>>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return run(this.server, () => this.sql.unsafe(text, params as SqlValue[], PREPARED) as Promise<Row[]>);
  }

  exec(text: string): Promise<void> {
    return run(this.server, async () => {
      await this.sql.unsafe(text);
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return run(this.server, () => this.sql.begin((tx) => work(executorOf(tx))) as Promise<T>);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sql.end({ timeout: 5 });
  }
}

function executorOf(tx: TransactionSql): SqlExecutor {
  return {
    query: <Row>(text: string, params: readonly SqlValue[] = []) => tx.unsafe(text, params as SqlValue[], PREPARED) as Promise<Row[]>,
    exec: async (text: string) => {
      await tx.unsafe(text);
    },
  };
}

async function run<T>(server: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_ERRORS.has(code) || REFUSED_STATES.has(code))) {
      throw new DomainError("STORAGE.UNAVAILABLE", `database server ${server} is unavailable: ${(error as Error).message} (${code})`, {
        cause: error,
        retryable: code !== "28P01" && code !== "28000" && code !== "3D000",
        details: { server },
      });
    }
    throw error;
  }
}
