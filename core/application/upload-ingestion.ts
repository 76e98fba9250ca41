import { DomainError } from "../domain/errors.js";
import type { BlobStorage } from "../ports/blob-storage.js";
import type { FileStore } from "../ports/file-store.js";
import type { StreamEventStore } from "../ports/stream-event-store.js";
import type { AizoomdocApi, Progress } from "./aizoomdoc-api.js";

/** An uploaded file waiting to become a document: what the worker needs to ingest it as its owner. */
export interface IngestionJob {
  ownerId: string;
  runId: string;
  fileId: string;
  /** `pdf`: parsed into a new document; `import`: an OCR export (document.md, ocr.html, markdown) imported. */
  kind: "pdf" | "import";
  /** Files imported with it: the blocks.json uploaded before its document.md. */
  companionFileIds?: string[];
}

/** Where uploads wait for ingestion (bounded, fair between users); `QUEUE.FULL` when it is. */
export interface IngestionQueue {
  /**
   * Queues the job under its `runId`; `runId` in the answer names the run that ingests the file, which is another
   * one when the same file's ingestion already waits or runs (the file is ingested once).
   */
  submit(job: IngestionJob): Promise<{ runId: string; position: number; estimatedWaitSeconds?: number }>;
  /** Cancels the owner's ingestion run if it still waits (it never starts); one under way or ended is left alone. */
  cancelWaiting(ownerId: string, runId: string): Promise<boolean>;
}

export interface UploadIngestionDeps {
  ownerId: string;
  files: FileStore;
  blobs: BlobStorage;
  events: StreamEventStore;
  documents: Pick<AizoomdocApi, "addDocument" | "importDocument">;
}

const DESCRIPTION = "Загруженный файл превращается в документ";

/**
 * The worker half of an upload: reads the uploaded bytes, ingests or imports them, and records the run's events
 * (`processing_started`, `ingest` phase with its progress, then `completed` with the document id or `error`), so a
 * client follows the ingestion like an answer. Failures are recorded in the run, not thrown.
 */
export class UploadIngestion {
  constructor(private readonly deps: UploadIngestionDeps) {}

  async ingestUploaded(job: IngestionJob, signal: AbortSignal): Promise<void> {
    const { ownerId, files, blobs, events, documents } = this.deps;
    const record = (event: Parameters<StreamEventStore["append"]>[2]) => events.append(ownerId, job.runId, event);
    try {
      await record({ type: "processing_started", run_id: job.runId });
      await record({ type: "phase_started", phase: "ingest", description: DESCRIPTION });
      signal.throwIfAborted();
      // the file may have been deleted while it waited
      const file = await files.getFile(ownerId, job.fileId);
      const bytes = await blobs.getBytes(file.storageKey!);
      const name = file.filename ?? `${file.id}`;
      let writing = Promise.resolve();
      const onProgress = (p: Progress) => {
        // in order, one at a time: ingestion reports synchronously between its awaits
        writing = writing.then(async () => void (await record({ type: "phase_progress", phase: "ingest", message: p.message ? `${p.phase}: ${p.message}` : p.phase, current: p.current, total: p.total })));
      };
      const companions = [];
      for (const id of job.companionFileIds ?? []) {
        const companion = await files.getFile(ownerId, id);
        companions.push({ name: companion.filename ?? companion.id, bytes: await blobs.getBytes(companion.storageKey!) });
      }
      const document =
        job.kind === "pdf"
          ? await documents.addDocument({ name, bytes }, { onProgress })
          : await documents.importDocument([{ name, bytes }, ...companions], { name: name.replace(/\.[^.]+$/u, "") });
      await writing;
      // a cancel that came while the document was being made is too late: the document is kept, and said so
      await record({ type: "phase_completed", phase: "ingest" });
      await record({ type: "completed", document_id: document.id });
    } catch (raw) {
      const error = signal.aborted && !DomainError.isInstance(raw) ? new DomainError("OPERATION.CANCELLED", "the ingestion was cancelled") : raw;
      const json = DomainError.isInstance(error) ? error.toJSON() : { code: "INTERNAL" as const, message: "the ingestion failed unexpectedly" };
      await record({ type: "error", error: json }).catch(() => undefined);
    }
  }
}
