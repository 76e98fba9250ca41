import type { UploadResult } from "../core/application/file-service.js";
import type { FileSourceType, StoredFile } from "../core/ports/file-store.js";
import type { WireFile, WireFileUpload } from "../hosts/http/wire/wire-file.js";

/** A file record; the wire leaves out its owner, which is the signed-in user (the server scopes every file to them). */
export function fromWireFile(wire: WireFile, ownerId: string): StoredFile {
  return {
    id: wire.id,
    ownerId,
    sourceType: wire.source_type as FileSourceType,
    ...(wire.storage_path !== null ? { storageKey: wire.storage_path } : {}),
    ...(wire.external_url !== null ? { externalUrl: wire.external_url } : {}),
    ...(wire.filename !== null ? { filename: wire.filename } : {}),
    mimeType: wire.mime_type,
    ...(wire.size_bytes !== null ? { sizeBytes: wire.size_bytes } : {}),
    ...(wire.sha256 !== null ? { sha256: wire.sha256 } : {}),
    createdAt: wire.created_at ?? "",
  };
}

export function fromWireFileUpload(wire: WireFileUpload, ownerId: string): UploadResult {
  return {
    file: fromWireFile({ ...wire, external_url: null }, ownerId),
    ...(wire.document_id !== null ? { documentId: wire.document_id } : {}),
    ...(wire.run_id !== null ? { runId: wire.run_id } : {}),
    ...(wire.queue_position !== null ? { position: wire.queue_position } : {}),
  };
}
