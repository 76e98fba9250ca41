import { z } from "zod";
import type { FileSourceType, StoredFile } from "../../../core/ports/file-store.js";
import type { ProjectFile } from "../../../core/ports/project-catalog.js";
import { WireId, WireTime, queryInteger, wireTime } from "./wire-primitives.js";

// `toWireFileUpload` copies the domain's source type into this enum, so one missing here does not compile
const SOURCE_TYPES = ["user_upload", "chat_render", "document_source", "google_file_api", "projects_crop"] as const satisfies readonly FileSourceType[];

/** `{file_id}` in a path. */
export const FileParams = z.strictObject({ file_id: WireId });

/** `GET /files`. */
export const FileListQuery = z.strictObject({ source_type: z.enum(SOURCE_TYPES).optional(), limit: queryInteger(1, 500).optional() });

/** `POST /files/upload`: multipart with one part `file` (documentation only: the body parser reads the stream). */
export const UploadForm = z.object({ file: z.string().meta({ format: "binary", description: "PDF, PNG, JPEG, Markdown or HTML; the content decides, not the name" }) });

/**
 * A file record: the reference's `FileInfo`. `source_type` is the reference's vocabulary, or, for a Projects DB
 * result, the file's type there (`result_md`, `ocr_html`…). `size_bytes` and `created_at` are `null` when the source
 * does not know them.
 */
export const WireFile = z
  .object({
    id: WireId,
    filename: z.string().nullable(),
    mime_type: z.string(),
    size_bytes: z.number().int().nonnegative().nullable(),
    source_type: z.string(),
    storage_path: z.string().nullable(),
    external_url: z.string().nullable(),
    sha256: z.string().nullable(),
    created_at: WireTime.nullable(),
  })
  .meta({ id: "File" });

/** `POST /files/upload` (201): the reference's `FileUploadResponse`, plus the document the file becomes and the run doing it. */
export const WireFileUpload = z
  .object({
    id: WireId,
    filename: z.string(),
    mime_type: z.string(),
    size_bytes: z.number().int().nonnegative(),
    storage_path: z.string(),
    source_type: z.enum(SOURCE_TYPES),
    sha256: z.string().nullable(),
    document_id: z.string().nullable().meta({ description: "The document the file is, when already known (else the run's `completed` event names it)" }),
    run_id: z.string().nullable().meta({ description: "The ingestion run to follow (GET /runs/{run_id}/stream); null when the file does not become a document" }),
    queue_position: z.number().int().nonnegative().nullable().meta({ description: "The run's place in the ingestion queue (0: started at once); null without a run" }),
    created_at: WireTime,
  })
  .meta({ id: "FileUpload" });

export type WireFile = z.infer<typeof WireFile>;
export type WireFileUpload = z.infer<typeof WireFileUpload>;

/** An upload always has its bytes, name, type and size: the host records them before answering. */
export type UploadedFile = StoredFile & Required<Pick<StoredFile, "storageKey" | "filename" | "mimeType" | "sizeBytes">>;

/** `application/octet-stream` is what "type unknown" means on the wire. */
const UNKNOWN_TYPE = "application/octet-stream";

const TYPES_BY_EXTENSION: Record<string, string> = {
  md: "text/markdown",
  html: "text/html",
  htm: "text/html",
  json: "application/json",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  zip: "application/zip",
};

/** Projects DB job files carry no MIME type; their names say it (`…_document.md`, `…_ocr.html`). */
function typeByName(name: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (extension && TYPES_BY_EXTENSION[extension]) || UNKNOWN_TYPE;
}

export function toWireFile(file: StoredFile): WireFile {
  return {
    id: file.id,
    filename: file.filename ?? null,
    mime_type: file.mimeType ?? UNKNOWN_TYPE,
    size_bytes: file.sizeBytes ?? null,
    source_type: file.sourceType,
    storage_path: file.storageKey ?? null,
    external_url: file.externalUrl ?? null,
    sha256: file.sha256 ?? null,
    created_at: wireTime(file.createdAt),
  };
}

export function toWireFileUpload(file: UploadedFile, documentId?: string, runId?: string, position?: number): WireFileUpload {
  return {
    id: file.id,
    filename: file.filename,
    mime_type: file.mimeType,
    size_bytes: file.sizeBytes,
    storage_path: file.storageKey,
    source_type: file.sourceType,
    sha256: file.sha256 ?? null,
    document_id: documentId ?? null,
    run_id: runId ?? null,
    queue_position: position ?? null,
    created_at: wireTime(file.createdAt),
  };
}

/** A Projects DB result file as the reference lists it (`filename=file_name`, `source_type=file_type`, `storage_path=r2_key`). */
export function toWireProjectFile(file: ProjectFile): WireFile {
  const created = file.createdAt ?? file.jobCreatedAt;
  return {
    id: file.id,
    filename: file.fileName,
    mime_type: file.mimeType ?? typeByName(file.fileName),
    size_bytes: file.size ?? null,
    source_type: file.fileType,
    storage_path: file.key,
    external_url: null,
    sha256: null,
    created_at: created ? wireTime(created) : null,
  };
}
