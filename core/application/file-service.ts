import { createHash, randomUUID } from "node:crypto";
import { DomainError } from "../domain/errors.js";
import { becomesDocument, checkDeclaredType, PDF_WINDOW, sniffBinary, sniffText, type FileContent } from "../domain/file-content.js";
import { safeFilename } from "../domain/safe-filename.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { DocumentStore } from "../ports/document-store.js";
import type { FileSourceType, FileStore, StoredFile } from "../ports/file-store.js";
import type { StreamEventStore } from "../ports/stream-event-store.js";
import type { IngestionQueue } from "./upload-ingestion.js";

/** An uploaded file as a host hands it over: its bytes can be read more than once (a temp file, a buffer). */
export interface UploadSource {
  /** As the user named it (made safe for display; never a path). */
  filename?: string;
  /** The MIME type the sender declared: checked against the content, never trusted. */
  declaredType?: string;
  read(): AsyncIterable<Uint8Array>;
}

export interface UploadResult {
  file: StoredFile;
  /** The document the file is (when it is already known: an earlier upload of the same PDF). */
  documentId?: string;
  /** The ingestion run to follow (`runEvents`), when the file is becoming a document. */
  runId?: string;
  /** Its place in the ingestion queue (0: started at once). */
  position?: number;
}

export interface FileServiceDeps {
  ownerId: string;
  files: FileStore;
  blobs: BlobStorage;
  store: Pick<DocumentStore, "findDocumentBySourceVersion">;
  events: StreamEventStore;
  ingestions: IngestionQueue;
  /** Larger uploads are `DOCUMENT.TOO_LARGE` (the host limits the stream too). */
  maxBytes?: number;
}

/** Bytes kept from the start and the end of an upload to tell its kind and whether it is complete. */
const ENDS_BYTES = PDF_WINDOW;

/**
 * Uploaded files of one owner (DESIGN §7): the content decides the type (magic bytes, never the name or the
 * declared MIME type), the name is made safe, the same bytes uploaded again are the same file; PDFs and OCR exports
 * are queued to become documents, and the upload returns at once with the run to follow. A refused or failed
 * upload leaves neither a record nor a blob.
 */
export class FileService {
  constructor(private readonly deps: FileServiceDeps) {}

  async uploadFile(source: UploadSource): Promise<UploadResult> {
    const { ownerId, files, blobs } = this.deps;
    const { sha256, size, head, tail } = await this.survey(source);
    if (size === 0) throw new DomainError("DOCUMENT.EMPTY", "the file is empty");
    const binary = sniffBinary({ head, tail, size });
    const text = binary ? undefined : await collect(source);
    const content = checkDeclaredType(binary ?? sniffText(text!), source.declaredType);
    const earlier = await files.findFileBySha256(ownerId, sha256);
    if (earlier) return this.ingest(earlier, content);

    const key = `uploads/${ownerId}/${randomUUID()}.${content.extension}`;
    await blobs.put(key, text ?? source.read(), { contentType: content.mimeType });
    let file: StoredFile | undefined;
    try {
      file = await files.addFile(ownerId, {
        sourceType: "user_upload",
        storageKey: key,
        filename: safeFilename(source.filename, content.extension),
        mimeType: content.mimeType,
        sizeBytes: size,
        sha256,
      });
    } catch (error) {
      await blobs.delete(key).catch(() => undefined);
      throw error;
    }
    if (file.storageKey !== key) {
      // the same bytes uploaded at the same moment: the other upload's record won, these bytes are not needed
      await blobs.delete(key).catch(() => undefined);
      return this.ingest(file, content);
    }
    try {
      return await this.ingest(file, content);
    } catch (error) {
      // nothing half-written: a full queue takes the bytes and the record away again
      await files.deleteFile(ownerId, file.id).catch(() => undefined);
      await blobs.delete(key).catch(() => undefined);
      throw error;
    }
  }

  listFiles(filter: { sourceType?: FileSourceType; limit?: number } = {}): Promise<StoredFile[]> {
    return this.deps.files.listFiles(this.deps.ownerId, filter);
  }

  getFile(fileId: string): Promise<StoredFile> {
    return this.deps.files.getFile(this.deps.ownerId, fileId);
  }

  /** Deletes the record, then its bytes (a blob left by a failed delete is unreachable, never shown). */
  async deleteFile(fileId: string): Promise<void> {
    const removed = await this.deps.files.deleteFile(this.deps.ownerId, fileId);
    if (removed.storageKey) await this.deps.blobs.delete(removed.storageKey);
  }

  /**
   * The blocks.json of a document.md, when the owner uploaded it before (`X_blocks.json` beside `X_document.md`, as
   * the reference exports them): the two are imported together, the blocks keeping the index's fields.
   */
  private async blocksJsonFor(file: StoredFile): Promise<StoredFile | undefined> {
    const stem = /^(.*?)_?document\.md$/iu.exec(file.filename ?? "")?.[1];
    if (stem === undefined) return undefined;
    const wanted = `${stem}${stem ? "_" : ""}blocks.json`.toLowerCase();
    const candidates = await this.deps.files.listFiles(this.deps.ownerId, { limit: 500 });
    return candidates.find((other) => other.id !== file.id && other.filename?.toLowerCase() === wanted && other.mimeType === "application/json");
  }

  /** Queues the file to become a document, unless it is not one or (a PDF) it already is. */
  private async ingest(file: StoredFile, content: FileContent): Promise<UploadResult> {
    const { ownerId, store, events, ingestions } = this.deps;
    const kind = becomesDocument(content.kind);
    if (!kind) return { file };
    // a PDF's document is named by the sha256 of its bytes: an earlier ingestion of them is that document
    const existing = kind === "pdf" && file.sha256 ? await store.findDocumentBySourceVersion(ownerId, file.sha256) : undefined;
    if (existing) return { file, documentId: existing.id };
    const runId = randomUUID();
    const companion = content.kind === "document-md" ? await this.blocksJsonFor(file) : undefined;
    const queued = await ingestions.submit({ ownerId, runId, fileId: file.id, kind, ...(companion ? { companionFileIds: [companion.id] } : {}) });
    // the same file uploaded again while its ingestion waits or runs: follow that run, whose log has begun
    if (queued.runId !== runId) return { file, runId: queued.runId, position: queued.position };
    await events.append(ownerId, runId, { type: "queue_position", position: queued.position, estimated_wait_seconds: queued.estimatedWaitSeconds ?? 0 });
    return { file, runId, position: queued.position };
  }

  /** One pass over the bytes: size, sha256, and the first and last kilobyte. */
  private async survey(source: UploadSource): Promise<{ sha256: string; size: number; head: Uint8Array; tail: Uint8Array }> {
    const hash = createHash("sha256");
    let size = 0;
    let head: Uint8Array = new Uint8Array(0);
    let tail: Uint8Array = new Uint8Array(0);
    for await (const chunk of source.read()) {
      size += chunk.byteLength;
      if (this.deps.maxBytes !== undefined && size > this.deps.maxBytes) {
        throw new DomainError("DOCUMENT.TOO_LARGE", `the file is larger than the limit of ${this.deps.maxBytes} bytes`, { details: { maxBytes: this.deps.maxBytes } });
      }
      hash.update(chunk);
      if (head.byteLength < ENDS_BYTES) head = concat(head, chunk.subarray(0, ENDS_BYTES - head.byteLength));
      tail = concat(tail, chunk).slice(-ENDS_BYTES);
    }
    return { sha256: hash.digest("hex"), size, head, tail };
  }
}

async function collect(source: UploadSource): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.read()) chunks.push(chunk);
  return concat(...chunks);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
