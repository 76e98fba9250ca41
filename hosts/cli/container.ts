import "reflect-metadata";
import { Container } from "inversify";
import type { AizoomdocApi } from "../../core/application/aizoomdoc-api.js";
import { createLocalApplication, type ApplicationParts } from "../../core/application/local-application.js";
import { join } from "node:path";
import { DocumentService } from "../../core/application/document-service.js";
import { EvidenceService } from "../../core/application/evidence-service.js";
import { BlobStorage } from "../../core/ports/blob-storage.js";
import { DocumentParser } from "../../core/ports/document-parser.js";
import { DocumentStore } from "../../core/ports/document-store.js";
import { PageRenderer } from "../../core/ports/page-renderer.js";
import { RenderCache } from "../../core/ports/render-cache.js";
import { localDatabaseModule } from "../../adapters/local/local.module.js";
import { supabaseModule } from "../../adapters/supabase/supabase.module.js";
import { mupdfModule } from "../../adapters/mupdf/mupdf.module.js";
import { diskRenderCacheModule } from "../../adapters/local/disk-render-cache.module.js";
import { filesystemBlobStorageModule } from "../../adapters/local/filesystem-blob-storage.module.js";
import { r2BlobStorageModule } from "../../adapters/r2/r2.module.js";
import { geminiModule } from "../../adapters/gemini/gemini.module.js";
import { AskService } from "../../core/application/ask-service.js";
import { LanguageModel } from "../../core/ports/language-model.js";
import { ChatStore } from "../../core/ports/chat-store.js";
import { EvidenceImageStore } from "../../core/ports/evidence-image-store.js";
import { StreamEventStore } from "../../core/ports/stream-event-store.js";
import { UserStore } from "../../core/ports/user-store.js";
import { DialogLog } from "../../core/ports/dialog-log.js";
import { jsonlDialogLogModule } from "../../adapters/local/jsonl-dialog-log.module.js";
import { PromptLibrary } from "../../core/ports/prompt-library.js";
import { filePromptLibraryModule } from "../../adapters/local/file-prompt-library.module.js";
import { DocumentTransferService } from "../../core/application/document-transfer-service.js";
import { OcrHtmlReader } from "../../core/ports/ocr-html-reader.js";
import { htmlModule } from "../../adapters/html/html.module.js";
import { BlockIndexService } from "../../core/application/block-index-service.js";
import { BlockIndex } from "../../core/ports/block-index.js";
import { sqlBlockIndexModule } from "../../adapters/supabase/sql-block-index.module.js";
import { sqlBlockSearchModule } from "../../adapters/supabase/sql-block-search.module.js";
import { SearchService } from "../../core/application/search-service.js";
import { BlockSearch } from "../../core/ports/block-search.js";
import { tesseractModule } from "../../adapters/tesseract/tesseract.module.js";
import { OcrService } from "../../core/application/ocr-service.js";
import { TextRecognizer } from "../../core/ports/text-recognizer.js";
import { LanguageModelTextRecognizer } from "../../core/ocr/language-model-text-recognizer.js";
import type { CliEnvironment } from "./env.js";
import { projectsPart } from "./projects-part.js";
import { SettingsService } from "../../core/application/settings-service.js";
import { indexingIngestion } from "../../core/application/indexing-ingestion.js";
import { RolePromptStore } from "../../core/ports/role-prompt-store.js";
import { SecretBox } from "../../core/domain/secret-box.js";
import { loadOrCreateSecretKey } from "../../adapters/local/local-secret-key.js";

/** Composition root of the CLI's local mode: the one place that decides which adapters serve the ports. */
export async function openLocalApplication(env: CliEnvironment): Promise<AizoomdocApi> {
  const container = new Container({ defaultScope: "Singleton" });
  try {
    return await composeLocalApplication(container, env);
  } catch (error) {
    // whatever opened before the failure (the database and its directory lock) is released again
    await container.unbindAllAsync().catch(() => undefined);
    throw error;
  }
}

async function composeLocalApplication(container: Container, env: CliEnvironment): Promise<AizoomdocApi> {
  container.bind<CliEnvironment>(CliEnvironmentToken).toConstantValue(env);
  // The model adapter is always bound: a user's own key (settings set-key) serves their runs. Without any key a run
  // is evidence-only (DESIGN §6.9), and the deployment-wide jobs (block index, OCR by model) need the env key.
  container.load(
    geminiModule({
      ...(env.geminiApiKey ? { apiKey: env.geminiApiKey } : {}),
      ...(env.geminiBaseUrl ? { baseUrl: env.geminiBaseUrl } : {}),
      ...(env.geminiFastModel ? { fastModel: env.geminiFastModel } : {}),
      ...(env.geminiStrongModel ? { strongModel: env.geminiStrongModel } : {}),
    }),
  );
  container.load(mupdfModule(), diskRenderCacheModule({ dir: join(env.dataDir, "render-cache") }), filePromptLibraryModule(), htmlModule());
  // OCR reads with local language data only; its workers start on the first page that needs them
  container.load(tesseractModule(env.tessdataDir ? { tessdataDir: env.tessdataDir } : {}));
  container.load(env.s3 ? r2BlobStorageModule(env.s3) : filesystemBlobStorageModule({ root: join(env.dataDir, "blobs") }));
  // the embedded PGlite in the data dir (locked while open), or a Postgres server when a URL is configured
  container.load(env.databaseUrl ? supabaseModule({ url: env.databaseUrl }) : localDatabaseModule({ dataDir: env.dataDir }));
  container.load(sqlBlockIndexModule());
  if (env.dialogLog) container.load(jsonlDialogLogModule({ dir: join(env.dataDir, "logs") }));
  // before the DocumentStore resolves: its writes keep the search index current through this module's hook
  container.load(sqlBlockSearchModule());
  const ownerId = "local";
  const store = await container.getAsync<DocumentStore>(DocumentStore);
  const blobs = container.get<BlobStorage>(BlobStorage);
  const ocr = new OcrService({ ownerId, store, blobs, renderer: container.get<PageRenderer>(PageRenderer), recognizer: textRecognizer(container, env) });
  const documents = new DocumentService({ ownerId, store, blobs, parser: container.get<DocumentParser>(DocumentParser), ocr: ocr.ingestionStep });
  const evidence = new EvidenceService({ ownerId, store, blobs, renderer: container.get<PageRenderer>(PageRenderer), cache: await container.getAsync<RenderCache>(RenderCache) });
  const documentFormats = new DocumentTransferService({ ownerId, store, blobs, html: container.get<OcrHtmlReader>(OcrHtmlReader) });
  const model = container.get<LanguageModel>(LanguageModel);
  const deploymentModel = env.geminiApiKey ? model : undefined;
  const settings = new SettingsService({
    ownerId,
    users: await container.getAsync<UserStore>(UserStore),
    roles: await container.getAsync<RolePromptStore>(RolePromptStore),
    secrets: secretBoxOf(env),
  });
  // without the deployment's key the block index is not built and search stays on the text layer
  const blockIndex = new BlockIndexService({
    ownerId,
    documents,
    evidence,
    index: await container.getAsync<BlockIndex>(BlockIndex),
    prompts: container.get<PromptLibrary>(PromptLibrary),
    ...(deploymentModel ? { model: deploymentModel } : {}),
  });
  const projects = projectsPart(env.projects, documentFormats);
  const ingestion = indexingIngestion(documents, blockIndex);
  const parts: ApplicationParts = {
    documents: {
      // with the deployment's key, a new document's drawings are indexed right after it is stored (DESIGN §5)
      addDocument: (file, options) => ingestion.addDocument(file, options),
      listDocuments: () => documents.listDocuments(),
      getDocument: (id) => documents.getDocument(id),
      getBlocks: (id, query) => documents.getBlocks(id, query),
      importDocument: (files, options) => documentFormats.importDocument(files, options),
      exportDocument: (id) => documentFormats.exportDocument(id),
    },
    evidence: {
      render: (spec) => evidence.render(spec),
      getEvidenceImage: (id) => evidence.getEvidenceImage(id),
    },
    // drawings are also found through their block index entries (there are none until a model has indexed them)
    search: new SearchService({ ownerId, store, search: await container.getAsync<BlockSearch>(BlockSearch), blockIndex }),
    ocr: { ocr: (id, options) => ocr.ocr(id, options) },
    index: { indexDocument: (id, options) => blockIndex.indexDocument(id, options) },
    // the agent reaches search through `parts`, so it uses whichever search service is wired above
    agent: new AskService({
      documents,
      search: { search: (query, options) => parts.search.search(query, options) },
      evidence,
      prompts: container.get<PromptLibrary>(PromptLibrary),
      model,
      modelNeedsUserKey: !env.geminiApiKey,
      // drawings found through their index entries join the candidates (no entries without a model: a cheap no-op)
      blockIndex,
      // every run is a chat turn (`ask --chat <id>` continues one); the stored settings apply to every run
      ownerId,
      userSettings: settings,
      ...(container.isBound(DialogLog) ? { dialogLog: container.get<DialogLog>(DialogLog) } : {}),
      chats: {
        chats: await container.getAsync<ChatStore>(ChatStore),
        images: await container.getAsync<EvidenceImageStore>(EvidenceImageStore),
        events: await container.getAsync<StreamEventStore>(StreamEventStore),
      },
    }),
    projects: projects.part,
    settings,
    close: async () => {
      await projects.close();
      // async deactivation closes the database and releases its directory lock
      await container.unbindAllAsync();
    },
  };
  return createLocalApplication(parts);
}

export const CliEnvironmentToken = Symbol.for("aizoomdoc.CliEnvironment");

/** The local tesseract, or the model as a second reader when AIZOOMDOC_OCR_ENGINE=gemini and a key is configured. */
function textRecognizer(container: Container, env: CliEnvironment): TextRecognizer {
  if (env.ocrEngine === "gemini") {
    if (env.geminiApiKey) return new LanguageModelTextRecognizer(container.get<LanguageModel>(LanguageModel), container.get<PromptLibrary>(PromptLibrary));
    console.warn("OCR: AIZOOMDOC_OCR_ENGINE=gemini needs GEMINI_API_KEY; reading with tesseract instead");
  }
  return container.get<TextRecognizer>(TextRecognizer);
}

/** The deployment's secret, or the local key file, made only when a secret is first sealed or opened. */
function secretBoxOf(env: CliEnvironment): () => Promise<SecretBox> {
  let box: Promise<SecretBox> | undefined;
  return () => {
    box ??= (env.secretKey ? Promise.resolve(env.secretKey) : loadOrCreateSecretKey(env.dataDir)).then((secret) => new SecretBox(secret));
    // a failed attempt (unwritable data dir) is not remembered: the next call tries again
    box.catch(() => (box = undefined));
    return box;
  };
}
