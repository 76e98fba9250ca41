import { invalidInput } from "../domain/errors.js";
import type { ProjectFile, ProjectNode } from "./project-catalog.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Projects DB ids are UUIDs; anything else is the caller's mistake, not a missing node. */
export function assertProjectNodeId(id: string): void {
  if (!UUID.test(id)) throw invalidInput(`project node id ${JSON.stringify(id)} is not a UUID`, { id });
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

export function searchLimitOf(limit: number | undefined): number {
  const value = limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEARCH_LIMIT) {
    throw invalidInput(`search limit must be an integer 1..${MAX_SEARCH_LIMIT}, got ${String(limit)}`);
  }
  return value;
}

export function assertSearchText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw invalidInput("project search text is empty");
  return trimmed;
}

/** `%`, `_` and `\` of user text matched literally in LIKE/ILIKE (whose default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Plain, case-insensitive substring match: the meaning `searchDocuments` promises. */
export function matchesSearch(node: ProjectNode, text: string): boolean {
  const needle = text.toLocaleLowerCase();
  return node.name.toLocaleLowerCase().includes(needle) || (node.code ?? "").toLocaleLowerCase().includes(needle);
}

/** The port's node order: sort order, then name, then id. */
export function compareProjectNodes(a: ProjectNode, b: ProjectNode): number {
  return a.sortOrder - b.sortOrder || compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** The port's file order: job files (newest job first), then node files; within each by file type, then key. */
export function compareProjectFiles(a: ProjectFile, b: ProjectFile): number {
  if (a.origin !== b.origin) return a.origin === "job" ? -1 : 1;
  if (a.origin === "job") {
    const byJob = compareText(b.jobCreatedAt ?? "", a.jobCreatedAt ?? "") || compareText(a.jobId ?? "", b.jobId ?? "");
    if (byJob) return byJob;
  }
  return compareText(a.fileType, b.fileType) || compareText(a.key, b.key);
}

/** Code-unit order, the same in every adapter (database collations differ; the port's order must not). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
