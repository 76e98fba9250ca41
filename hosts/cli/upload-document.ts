import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { TeamApi } from "../../core/application/aizoomdoc-api.js";
import type { UploadResult } from "../../core/application/file-service.js";
import { DomainError, invalidInput } from "../../core/domain/errors.js";

/**
 * Uploads a file through the file routes (or the in-process file service) and, when it becomes a document, follows
 * its ingestion to the end (`wait`); the document's id once known. An ingestion that fails is its error.
 */
export async function uploadDocument(
  team: TeamApi,
  path: string,
  options: { wait: boolean; progress: (line: string) => void },
): Promise<{ uploaded: UploadResult; documentId?: string }> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw invalidInput(`${path}: no such file`);
  const uploaded = await team.uploadFile({ filename: basename(path), read: () => createReadStream(path) });
  let documentId = uploaded.documentId;
  if (!documentId && uploaded.runId && options.wait) {
    for await (const { event } of team.runEvents(uploaded.runId)) {
      if (event.type === "phase_progress") options.progress(`  · ${event.message}`);
      if (event.type === "completed" && "document_id" in event && event.document_id) documentId = event.document_id;
      if (event.type === "error") throw new DomainError(event.error.code, `${uploaded.file.filename ?? basename(path)} did not become a document: ${event.error.message}`);
    }
  }
  return { uploaded, ...(documentId ? { documentId } : {}) };
}
