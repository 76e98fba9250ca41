import type { DocumentRecord } from "../domain/document.js";
import { DomainError } from "../domain/errors.js";
import type { AizoomdocApi, AddDocumentOptions } from "./aizoomdoc-api.js";
import type { BlockIndexService } from "./block-index-service.js";

/**
 * `addDocument` that goes on to build the block index of the new document's drawings when a model is configured
 * (DESIGN §5), unless the caller opts out with `index: false`. The document is stored first and stays stored: a
 * failed or interrupted indexing is reported through progress and resumed by indexing the document again or the next add.
 */
export function indexingIngestion(
  documents: Pick<AizoomdocApi, "addDocument">,
  blockIndex: Pick<BlockIndexService, "enabled" | "indexDocument">,
): Pick<AizoomdocApi, "addDocument"> {
  return {
    async addDocument(file, options: AddDocumentOptions = {}): Promise<DocumentRecord> {
      const { index = true, ...ingest } = options;
      const document = await documents.addDocument(file, ingest);
      if (!index || !blockIndex.enabled) return document;
      try {
        const report = await blockIndex.indexDocument(document.id, { ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
        const failed = report.failed.length ? `, ${report.failed.length} failed (index the document again to retry)` : "";
        options.onProgress?.({ phase: "index", current: report.total, total: report.total, message: `block index: ${report.indexed} drawings indexed, ${report.skipped} already${failed}` });
      } catch (error) {
        if (!DomainError.isInstance(error)) throw error;
        options.onProgress?.({ phase: "index", current: 0, total: 0, message: `block index not built: ${error.message} [${error.code}]; the document is added` });
      }
      return document;
    },
  };
}
