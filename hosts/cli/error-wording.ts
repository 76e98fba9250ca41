import type { DomainError } from "../../core/domain/errors.js";

const PROJECTS_DB = "AIZOOMDOC_PROJECTS_SUPABASE_URL and AIZOOMDOC_PROJECTS_SUPABASE_KEY, or AIZOOMDOC_PROJECTS_DATABASE_URL";
const PROJECTS_BUCKET =
  "AIZOOMDOC_PROJECTS_S3_BUCKET, AIZOOMDOC_PROJECTS_S3_ACCESS_KEY_ID and AIZOOMDOC_PROJECTS_S3_SECRET_ACCESS_KEY (and AIZOOMDOC_PROJECTS_S3_ENDPOINT for R2)";

/**
 * What a CLI user can do about an error, in the CLI's own terms (its commands, flags and environment variables). The
 * core says what failed, with codes and details; only this host knows how its users fix it.
 */
export function adviceFor(error: DomainError): string | undefined {
  const details = error.details ?? {};
  switch (error.code) {
    case "LLM.NOT_CONFIGURED":
      return details.needs === "deployment-model"
        ? "set GEMINI_API_KEY"
        : "set GEMINI_API_KEY, or save your own key with `aizoomdoc settings set-key`";
    case "PROJECTS.NOT_CONFIGURED":
      return `set ${details.missing === "projects-bucket" ? PROJECTS_BUCKET : PROJECTS_DB}`;
    case "VALIDATION.INVALID_INPUT":
      return details.field === "modelKey" ? "use `aizoomdoc settings set-key`" : undefined;
    default:
      return undefined;
  }
}

/** The one line the CLI prints for an error: what failed, what to do about it, and its code. */
export function errorLine(error: DomainError): string {
  const advice = adviceFor(error);
  return `${error.message}${advice ? `: ${advice}` : ""}`;
}
