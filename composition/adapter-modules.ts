import { join } from "node:path";
import { ContainerModule } from "inversify";
import { geminiModule } from "../adapters/gemini/gemini.module.js";
import { openAiModelsAt, openAiModule } from "../adapters/openai-compatible/openai.module.js";
import { htmlModule } from "../adapters/html/html.module.js";
import { diskRenderCacheModule } from "../adapters/local/disk-render-cache.module.js";
import { filePromptLibraryModule } from "../adapters/local/file-prompt-library.module.js";
import { filesystemBlobStorageModule } from "../adapters/local/filesystem-blob-storage.module.js";
import { inProcessRunEventSignalsModule } from "../adapters/local/in-process-run-event-signals.module.js";
import { jsonlDialogLogModule } from "../adapters/local/jsonl-dialog-log.module.js";
import { loadOrCreateSecretKey } from "../adapters/local/local-secret-key.js";
import { localDatabaseModule } from "../adapters/local/local.module.js";
import { mupdfModule } from "../adapters/mupdf/mupdf.module.js";
import { pgBossJobQueueModule } from "../adapters/pgboss/pg-boss-job-queue.module.js";
import type { R2BlobStorage } from "../adapters/r2/r2-blob-storage.js";
import { openR2BlobStorage, r2BlobStorageModule } from "../adapters/r2/r2.module.js";
import { postgresRunEventSignalsModule } from "../adapters/supabase/postgres-run-event-signals.module.js";
import { projectCatalogModule } from "../adapters/supabase/project-catalog.module.js";
import { supabaseModule } from "../adapters/supabase/supabase.module.js";
import { tesseractModule } from "../adapters/tesseract/tesseract.module.js";
import { SecretBox } from "../core/domain/secret-box.js";
import { LanguageModelTextRecognizer } from "../core/ocr/language-model-text-recognizer.js";
import { BlobStorage } from "../core/ports/blob-storage.js";
import { LanguageModel } from "../core/ports/language-model.js";
import { PromptLibrary } from "../core/ports/prompt-library.js";
import { TextRecognizer } from "../core/ports/text-recognizer.js";
import { type AizoomdocConfiguration, hasDeploymentModel } from "./configuration.js";
import { ProjectsSourceStorage, SecretBoxSource, UserServerModels } from "./tokens.js";

export interface AdapterOptions {
  /** Where adapters report what the user should know but that does not stop them (a missing OCR language). */
  warn: (message: string) => void;
  /**
   * One local user in this process (the CLI, an embedding program): heavy work such as parsing may share the
   * calling thread. A deployment that serves requests keeps its event loop free (the default).
   */
  singleUser?: boolean;
  /**
   * Start the parse workers as the deployment opens, overlapping its start-up (the default: a server, a program
   * about to ingest). `false` for a process that parses nothing (a CLI command that only reads): its workers would
   * cost a core's start-up work and ~45 MB for nothing, and start with the first document if one comes.
   */
  warmParser?: boolean;
}

/**
 * The one place that decides which adapter serves each port, from the configuration: PGlite or a Postgres URL, the
 * data dir's files or a bucket, Gemini or an OpenAI-compatible server (always bound: a user's own key serves their
 * runs), tesseract or the model for OCR. Each adapter owns its lifecycle: the container opens it on first resolve and closes it on unbind. Load order
 * does not matter; nothing resolves until every module is loaded.
 */
export function adapterModules(configuration: AizoomdocConfiguration, options: AdapterOptions): ContainerModule[] {
  const { dataDir, model } = configuration;
  const modelSettings = {
    ...(model.apiKey ? { apiKey: model.apiKey } : {}),
    ...(model.baseUrl ? { baseUrl: model.baseUrl } : {}),
    ...(model.fastModel ? { fastModel: model.fastModel } : {}),
    ...(model.strongModel ? { strongModel: model.strongModel } : {}),
    ...(model.contextTokens ? { contextTokens: model.contextTokens } : {}),
    ...(model.maxImagesPerRequest ? { maxImagesPerRequest: model.maxImagesPerRequest } : {}),
    ...(model.imageTokens ? { imageTokens: model.imageTokens } : {}),
    ...(model.timeoutMs ? { timeoutMs: model.timeoutMs } : {}),
  };
  const openAiSettings = { ...modelSettings, ...(model.thinkingControl ? { thinkingControl: model.thinkingControl } : {}) };
  return [
    ...(model.provider === "openai-compatible" ? [openAiModule(openAiSettings), userServersModule(openAiSettings)] : [geminiModule(modelSettings)]),
    // the parse workers start with the process, overlapping the store's start-up, and serve every document after
    mupdfModule({ parseInCallingThread: options.singleUser === true, warmWorkers: options.warmParser !== false }),
    diskRenderCacheModule({ dir: join(dataDir, "render-cache") }),
    filePromptLibraryModule(),
    htmlModule(),
    textRecognizerModule(configuration, options),
    configuration.bucket ? r2BlobStorageModule(configuration.bucket) : filesystemBlobStorageModule({ root: join(dataDir, "blobs") }),
    // the embedded PGlite in the data dir (locked while open), or a Postgres server
    configuration.databaseUrl ? supabaseModule({ url: configuration.databaseUrl }) : localDatabaseModule({ dataDir }),
    // followers of a run wake on its appends: from every instance over LISTEN/NOTIFY, or this process's own
    configuration.databaseUrl ? postgresRunEventSignalsModule({ url: configuration.databaseUrl }, options.warn) : inProcessRunEventSignalsModule(),
    // the job queue in the same database: pg-boss in the embedded PGlite, or on the Postgres server beside our tables
    pgBossJobQueueModule(
      configuration.databaseUrl ? { url: configuration.databaseUrl } : "embedded",
      { concurrency: configuration.answers.concurrency, maxQueued: configuration.answers.queueSize },
      { warn: options.warn, stopTimeoutMs: configuration.answers.shutdownGraceSeconds * 1_000 },
    ),
    ...(configuration.dialogLog ? [jsonlDialogLogModule({ dir: join(dataDir, "logs") })] : []),
    ...(configuration.projects ? [projectCatalogModule(configuration.projects.db)] : []),
    secretsModule(configuration),
  ];
}

/** Users' own OpenAI-compatible servers, each its own adapter (whether a user may name one is the settings' rule). */
function userServersModule(settings: Parameters<typeof openAiModelsAt>[0]): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(UserServerModels).toConstantValue(openAiModelsAt(settings));
  });
}

/** OCR by the local tesseract, or by the deployment's model when it is asked for and the deployment has one. */
function textRecognizerModule({ ocr, model }: AizoomdocConfiguration, options: AdapterOptions): ContainerModule {
  if (ocr.engine === "model" && hasDeploymentModel(model)) {
    return new ContainerModule(({ bind }) => {
      bind<TextRecognizer>(TextRecognizer)
        .toResolvedValue((language: LanguageModel, prompts: PromptLibrary) => new LanguageModelTextRecognizer(language, prompts), [LanguageModel, PromptLibrary])
        .inSingletonScope();
    });
  }
  if (ocr.engine === "model") options.warn("OCR: reading by the model needs the deployment's model key; reading with tesseract instead");
  // tesseract reads with local language data only; its workers start on the first page that needs them
  return tesseractModule(ocr.tessdataDir ? { tessdataDir: ocr.tessdataDir } : {}, options.warn);
}

/** The sealing of stored secrets, and the deployment's own bucket of a Projects DB (a second BlobStorage beside ours). */
function secretsModule(configuration: AizoomdocConfiguration): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SecretBoxSource).toConstantValue(secretBoxSource(configuration));
    const bucket = configuration.projects?.bucket;
    if (bucket) {
      bind<BlobStorage>(ProjectsSourceStorage)
        .toDynamicValue(() => openR2BlobStorage(bucket))
        .inSingletonScope()
        .onDeactivation((storage) => (storage as R2BlobStorage).close());
    }
  });
}

/** The deployment's secret, or the local key file, made only when a secret is first sealed or opened. */
function secretBoxSource(configuration: AizoomdocConfiguration): () => Promise<SecretBox> {
  let box: Promise<SecretBox> | undefined;
  return () => {
    box ??= (configuration.secretKey ? Promise.resolve(configuration.secretKey) : loadOrCreateSecretKey(configuration.dataDir)).then((secret) => new SecretBox(secret));
    // a failed attempt (an unwritable data dir) is not remembered: the next call tries again
    box.catch(() => (box = undefined));
    return box;
  };
}
