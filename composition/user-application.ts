import { AskService } from "../core/application/ask-service.js";
import { assembleApplication } from "../core/application/assemble-application.js";
import type { UserApplication } from "../core/application/aizoomdoc-api.js";
import { BlockIndexService } from "../core/application/block-index-service.js";
import { ChatService } from "../core/application/chat-service.js";
import { type AnswerJob, type AnswerQueue, ChatRunService } from "../core/application/chat-run-service.js";
import { DocumentService } from "../core/application/document-service.js";
import { DocumentTransferService } from "../core/application/document-transfer-service.js";
import { EvidenceService } from "../core/application/evidence-service.js";
import { FileService } from "../core/application/file-service.js";
import { indexingIngestion } from "../core/application/indexing-ingestion.js";
import { OcrService } from "../core/application/ocr-service.js";
import { ProjectService } from "../core/application/project-service.js";
import { SearchService } from "../core/application/search-service.js";
import { type ChatDeletionJob, type ChatDeletionQueue, ChatDeletion } from "../core/application/chat-deletion.js";
import { RunCancellation } from "../core/application/run-cancellation.js";
import { SettingsService } from "../core/application/settings-service.js";
import { type IngestionJob, type IngestionQueue, UploadIngestion } from "../core/application/upload-ingestion.js";
import { DomainError } from "../core/domain/errors.js";
import type { SecretBox } from "../core/domain/secret-box.js";
import type { BlobStorage } from "../core/ports/blob-storage.js";
import type { BlockIndex } from "../core/ports/block-index.js";
import type { BlockSearch } from "../core/ports/block-search.js";
import type { ChatStore } from "../core/ports/chat-store.js";
import type { DialogLog } from "../core/ports/dialog-log.js";
import type { DocumentParser } from "../core/ports/document-parser.js";
import type { DocumentStore } from "../core/ports/document-store.js";
import type { EvidenceImageStore } from "../core/ports/evidence-image-store.js";
import type { FileStore } from "../core/ports/file-store.js";
import type { LanguageModel } from "../core/ports/language-model.js";
import type { OcrHtmlReader } from "../core/ports/ocr-html-reader.js";
import type { PageRenderer } from "../core/ports/page-renderer.js";
import type { ProjectCatalog } from "../core/ports/project-catalog.js";
import type { PromptLibrary } from "../core/ports/prompt-library.js";
import type { RenderCache } from "../core/ports/render-cache.js";
import type { RolePromptStore } from "../core/ports/role-prompt-store.js";
import type { RunEventSignals } from "../core/ports/run-event-signals.js";
import type { StreamEventStore } from "../core/ports/stream-event-store.js";
import type { TextRecognizer } from "../core/ports/text-recognizer.js";
import type { UserStore } from "../core/ports/user-store.js";

/** The deployment's adapters, opened once per process and shared by every caller's application. */
export interface SharedAdapters {
  store: DocumentStore;
  blobs: BlobStorage;
  parser: DocumentParser;
  renderer: PageRenderer;
  cache: RenderCache;
  html: OcrHtmlReader;
  model: LanguageModel;
  prompts: PromptLibrary;
  recognizer: TextRecognizer;
  users: UserStore;
  roles: RolePromptStore;
  index: BlockIndex;
  search: BlockSearch;
  chats: ChatStore;
  images: EvidenceImageStore;
  /** Every append to it signals `runSignals` (a `SignalingStreamEventStore`), whoever the writer. */
  events: StreamEventStore;
  runSignals: RunEventSignals;
  files: FileStore;
  secrets: () => Promise<SecretBox>;
  /** The model at a user's own server; absent when the deployment's provider has none. */
  userServerModels?: (baseUrl: string) => LanguageModel;
  dialogLog?: DialogLog;
  /** Resolves (and connects) the Projects DB on first use; absent when none is configured. */
  projectCatalog?: () => Promise<ProjectCatalog>;
  /** The Projects DB's bucket; absent when none is configured. */
  projectsSource?: BlobStorage;
}

/** What the configuration says about the model, as the use cases need it. */
export interface ModelPolicy {
  /** The provider the model adapter speaks (users' own keys are for a provider). */
  provider: string;
  /** True when the deployment has a key of its own: it builds block indexes, and users without a key get answers. */
  deploymentKey: boolean;
  /** Where users may point their own model server (`any`, or URL prefixes); absent = nowhere. */
  userBaseUrls?: "any" | readonly string[];
}

/**
 * The application of one caller: use-case services made for `ownerId` over the shared adapters, so every call can
 * only read and write that owner's rows. Making one is cheap (plain objects); the adapters are not duplicated.
 */
/** One caller's application, and the worker half of its posted questions (run by the deployment's answer queue). */
export interface UserServices {
  application: UserApplication;
  /** Answers a posted question to the end; what happens is recorded in the chat and the run's event log. */
  answerPosted(job: AnswerJob, signal: AbortSignal): Promise<void>;
  /** Makes an uploaded file a document; what happens is recorded in the run's event log. */
  ingestUploaded(job: IngestionJob, signal: AbortSignal): Promise<void>;
  /** Removes what a deleted chat left outside its rows. */
  purgeDeletedChat(job: ChatDeletionJob): Promise<void>;
}

/** The deployment's queues a user's work waits in. */
export interface UserQueues {
  answers: AnswerQueue;
  ingestions: IngestionQueue;
  deletions: ChatDeletionQueue;
}

export function createUserApplication(adapters: SharedAdapters, policy: ModelPolicy, ownerId: string, queues: UserQueues): UserServices {
  const { answers, ingestions, deletions } = queues;
  const { store, blobs, renderer, prompts, model } = adapters;
  const ocr = new OcrService({ ownerId, store, blobs, renderer, recognizer: adapters.recognizer });
  const documents = new DocumentService({ ownerId, store, blobs, parser: adapters.parser, ocr: ocr.ingestionStep });
  const evidence = new EvidenceService({ ownerId, store, blobs, renderer, cache: adapters.cache });
  const transfer = new DocumentTransferService({ ownerId, store, blobs, html: adapters.html });
  const settings = new SettingsService({
    ownerId,
    users: adapters.users,
    roles: adapters.roles,
    secrets: adapters.secrets,
    prompts,
    modelProvider: policy.provider,
    ...(policy.userBaseUrls ? { userBaseUrls: policy.userBaseUrls } : {}),
  });
  // without the deployment's key the block index is not built, and search stays on the text layer
  const blockIndex = new BlockIndexService({ ownerId, documents, evidence, index: adapters.index, prompts, ...(policy.deploymentKey ? { model } : {}) });
  const search = new SearchService({ ownerId, store, search: adapters.search, blockIndex });
  const ingestion = indexingIngestion(documents, blockIndex);
  const agent = new AskService({
    ownerId,
    documents,
    search,
    evidence,
    prompts,
    model,
    // a user with a key of their own gets model answers even where the deployment has none
    modelNeedsUserKey: !policy.deploymentKey,
    // a user's own server (where the deployment allows them) answers their runs instead
    ...(adapters.userServerModels ? { modelAt: adapters.userServerModels } : {}),
    // drawings found through their index entries join the candidates (none exist without a model: a cheap no-op)
    blockIndex,
    userSettings: settings,
    ...(adapters.dialogLog ? { dialogLog: adapters.dialogLog } : {}),
    chats: { chats: adapters.chats, images: adapters.images, events: adapters.events },
  });
  const runs = new ChatRunService({ ownerId, chats: adapters.chats, documents: store, events: adapters.events, signals: adapters.runSignals, answers });
  const deletion = new ChatDeletion({
    ownerId,
    chats: adapters.chats,
    images: adapters.images,
    blobs,
    ...(adapters.dialogLog ? { dialogLog: adapters.dialogLog } : {}),
    queue: deletions,
    cancelRun: (chatId) => runs.cancelLatestRun(chatId),
  });
  const uploads = new UploadIngestion({ ownerId, files: adapters.files, blobs, events: adapters.events, documents: { addDocument: (file, options) => ingestion.addDocument(file, options), importDocument: (files, options) => transfer.importDocument(files, options) } });
  const files = new FileService({ ownerId, files: adapters.files, blobs, store, events: adapters.events, ingestions });
  const application = assembleApplication({
    documents: {
      // with the deployment's key, a new document's drawings are indexed right after it is stored (DESIGN §5)
      addDocument: (file, options) => ingestion.addDocument(file, options),
      listDocuments: () => documents.listDocuments(),
      getDocument: (id) => documents.getDocument(id),
      getBlocks: (id, query) => documents.getBlocks(id, query),
      importDocument: (files, options) => transfer.importDocument(files, options),
      exportDocument: (id) => transfer.exportDocument(id),
    },
    evidence,
    search,
    ocr,
    index: blockIndex,
    agent,
    chats: new ChatService({ ownerId, chats: adapters.chats, images: adapters.images, documents: store, deletion }),
    runs,
    runCancellation: new RunCancellation({ ownerId, events: adapters.events, runs, ingestions }),
    projects: new ProjectService({
      catalog: async () => {
        if (!adapters.projectCatalog) throw new DomainError("PROJECTS.NOT_CONFIGURED", "no Projects DB is configured", { details: { missing: "projects-db" } });
        return adapters.projectCatalog();
      },
      source: () => {
        if (!adapters.projectsSource) throw new DomainError("PROJECTS.NOT_CONFIGURED", "no bucket of the deployment is configured to download its files from", { details: { missing: "projects-bucket" } });
        return adapters.projectsSource;
      },
      importer: transfer,
    }),
    files,
    settings,
  });
  return {
    application,
    ingestUploaded: (job, signal) => uploads.ingestUploaded(job, signal),
    purgeDeletedChat: (job) => deletion.purge(job),
    async answerPosted(job, signal) {
      await runs.awaitQueued(job.runId);
      // a run given again to a worker (its instance stopped or died under it) continues its log, unless it has ended
      if (await runs.hasEnded(job.runId)) return;
      const request = { question: job.question, documentIds: job.documentIds, chatId: job.chatId, signal, ...(job.compare ? { compare: job.compare } : {}) };
      // the events are stored as they happen (followers read them there); the last one ends the run
      for await (const event of agent.answerPosted(request, { messageId: job.messageId, runId: job.runId })) void event;
    },
  };
}
