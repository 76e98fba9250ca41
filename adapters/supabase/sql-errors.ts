import { DomainError, invalidInput } from "../../core/domain/errors.js";

/** SQLSTATE classes that mean "this input breaks a rule of the schema" rather than "the database failed". */
const INVALID_DATA = new Set(["23502", "23503", "23514", "22P02", "22003", "22001", "22007", "22008"]);

interface PgErrorFields {
  code?: string;
  detail?: string;
  message?: string;
}

/**
 * Turns a constraint failure of a write about `what` into a one-line `VALIDATION.INVALID_INPUT`
 * (a unique violation says which key is taken). Domain errors and connection failures pass through.
 */
export function writeError(error: unknown, what: string): unknown {
  if (DomainError.isInstance(error)) return error;
  const e = error as PgErrorFields;
  if (e.code === "23505") {
    const key = /\)=\((.*)\) already exists/.exec(e.detail ?? "")?.[1];
    return invalidInput(`${what}: ${key ? `${key} is not unique` : e.message ?? "duplicate key"}`, { sqlState: e.code });
  }
  if (e.code && INVALID_DATA.has(e.code)) return invalidInput(`${what}: ${e.message ?? "invalid data"}`, { sqlState: e.code });
  return error;
}
