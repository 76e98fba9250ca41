// before "mupdf": it configures MuPDF's WASM as it loads
import "./mupdf-wasm.js";
import * as mupdf from "mupdf";
import { DomainError, type ErrorCode } from "../../core/domain/errors.js";

/**
 * MuPDF reports recoverable problems (repairs, broken objects) through its log, which defaults to the console.
 * They are expected on real-world files, so they go nowhere; failures still surface as thrown errors.
 */
mupdf.setLog({ error: () => undefined, warning: () => undefined });

/** First line of a MuPDF error, without the wasm glue noise. */
export function mupdfReason(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.split("\n")[0]?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || "unknown MuPDF error";
}

/**
 * Run a MuPDF call and turn anything it throws into a one-line DomainError; a DomainError thrown inside passes
 * through untouched.
 */
export function withMupdf<T>(what: string, code: ErrorCode, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (DomainError.isInstance(error)) throw error;
    throw new DomainError(code, `${what}: ${mupdfReason(error)}`, { cause: error });
  }
}
