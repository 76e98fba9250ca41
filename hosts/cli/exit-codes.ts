import type { ErrorCode } from "../../core/domain/errors.js";

/** The CLI's one mapping from domain error codes to process exit codes (sysexits-style where one fits). */
export function exitCodeFor(code: ErrorCode | undefined): number {
  if (!code) return 1;
  if (code === "VALIDATION.INVALID_INPUT" || code === "REGION.INVALID" || code === "SEARCH.INVALID_QUERY") return 64;
  if (code.startsWith("DOCUMENT.") && code !== "DOCUMENT.NOT_FOUND") return 65;
  if (code.endsWith(".NOT_FOUND")) return 66;
  if (code.startsWith("AUTH.")) return 77;
  if (code === "OPERATION.CANCELLED") return 130;
  // EX_TEMPFAIL: the queue is full or a job's worker kept stopping; the same command may succeed later
  if (code === "QUEUE.FULL" || code === "JOB.INTERRUPTED") return 75;
  // EX_CONFIG: the environment lacks its settings, or its secret key is not the one the secrets were sealed with
  if (code === "PROJECTS.NOT_CONFIGURED" || code === "SECRET.UNREADABLE" || code === "CONFIGURATION.INVALID") return 78;
  if (code.startsWith("STORAGE.") || code.startsWith("LLM.") || code.startsWith("OCR.") || code === "SERVER.UNREACHABLE") return 69;
  return 70;
}
