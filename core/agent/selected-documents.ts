import type { DocumentRecord } from "../domain/document.js";
import type { AgentRun } from "./agent-run.js";

/** The documents a question is about: the given ids (each must exist for this owner), or none (the search then covers all of them). */
export async function selectedDocuments(run: AgentRun, ids: readonly string[]): Promise<DocumentRecord[]> {
  return Promise.all([...new Set(ids)].map((id) => run.document(id)));
}
