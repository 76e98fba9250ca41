/** A value bound to a `$n` placeholder. JSON goes in as a string and is cast in SQL (`$1::jsonb`). */
export type SqlValue = string | number | boolean | null | Date;

/**
 * What the SQL stores need from a connection: the same calls over PGlite and over a Postgres server.
 * Row values come back normalised by the driver: `jsonb` parsed, `bigint`/`int8` as numbers, timestamps as Date,
 * arrays as JS arrays.
 */
export interface SqlExecutor {
  /** One statement with `$1…$n` placeholders; resolves with its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** Human-readable name of the database for error messages (`PGlite /path/db`, `postgres 127.0.0.1:5432/app`). */
  readonly label: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error passes through). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases connections (and, for an embedded database, its directory lock). Idempotent. */
  close(): Promise<void>;
}
