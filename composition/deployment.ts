import { LRUCache } from "lru-cache";
import { Container, ContainerModule } from "inversify";
import type { AizoomdocApi, UserApplication } from "../core/application/aizoomdoc-api.js";
import { SignInService } from "../core/application/sign-in-service.js";
import { UserAdminService } from "../core/application/user-admin-service.js";
import { BlobStorage } from "../core/ports/blob-storage.js";
import { BlockIndex } from "../core/ports/block-index.js";
import { BlockSearch } from "../core/ports/block-search.js";
import { ChatListChanges } from "../core/ports/chat-list-changes.js";
import { ChatStore } from "../core/ports/chat-store.js";
import { DialogLog } from "../core/ports/dialog-log.js";
import { DocumentParser } from "../core/ports/document-parser.js";
import { DocumentStore } from "../core/ports/document-store.js";
import { EvidenceImageStore } from "../core/ports/evidence-image-store.js";
import { FileStore } from "../core/ports/file-store.js";
import { LanguageModel } from "../core/ports/language-model.js";
import { OcrHtmlReader } from "../core/ports/ocr-html-reader.js";
import { PageRenderer } from "../core/ports/page-renderer.js";
import { ProjectCatalog } from "../core/ports/project-catalog.js";
import { PromptLibrary } from "../core/ports/prompt-library.js";
import { RenderCache } from "../core/ports/render-cache.js";
import { RolePromptStore } from "../core/ports/role-prompt-store.js";
import { FollowerPresence } from "../core/ports/follower-presence.js";
import { RunEventSignals } from "../core/ports/run-event-signals.js";
import { StreamEventStore } from "../core/ports/stream-event-store.js";
import { TextRecognizer } from "../core/ports/text-recognizer.js";
import { UserStore } from "../core/ports/user-store.js";
import { loadOrCreateSecretKey } from "../adapters/local/local-secret-key.js";
import { type AdapterOptions, adapterModules } from "./adapter-modules.js";
import { JobQueue } from "../core/ports/job-queue.js";
import { ANSWER_JOB, JobAnswerQueue, answerJobHandler } from "./job-answer-queue.js";
import { DELETE_CHAT_JOB, JobChatDeletionQueue, chatDeletionJobHandler } from "./job-chat-deletion-queue.js";
import { INGEST_JOB, JobIngestionQueue, ingestionJobHandler } from "./job-ingestion-queue.js";
import { CachingChatStore } from "./caching-chat-store.js";
import { SignalingStreamEventStore } from "./signaling-stream-event-store.js";
import { type AizoomdocConfiguration, type AizoomdocConfigurationInput, hasDeploymentModel, parseConfiguration } from "./configuration.js";
import {
  JobQueueSource,
  ProjectCatalogSource,
  ProjectsSourceStorage,
  SecretBoxSource,
  SharedAdaptersToken,
  SignInServiceToken,
  UserAdminServiceToken,
  UserApplicationFactory,
  UserServerModels,
} from "./tokens.js";
import { type ModelPolicy, type SharedAdapters, type UserServices, createUserApplication } from "./user-application.js";

/** One running deployment: its adapters, opened once, and an application for each caller. */
export interface Deployment {
  readonly configuration: AizoomdocConfiguration;
  /**
   * A 32-byte secret of the deployment kept in an owner-only file of the data dir, made on first use (the server's
   * token signing key when the environment gives none). Every instance on the same data dir reads the same one.
   */
  localSecret(name: "jwt"): Promise<Uint8Array>;
  /** The application acting for `userId`: it sees only that user's documents, chats, images and settings. */
  forUser(userId: string): UserApplication;
  /** Which runs other instances stream to someone (a server holds off cancelling an answer its clients left). */
  readonly followers: FollowerPresence;
  /** The deployment's users, for its operator (the admin CLI): add, list, remove, rotate a token. */
  readonly admin: UserAdminService;
  /** Who a caller is: a static token exchanged for its active user, a signed-in user re-checked. */
  readonly signIn: SignInService;
  /**
   * Makes this process a worker of the deployment's job queue: it answers posted questions, its own and those other
   * instances queued (also before a restart). A process starts working on its first posted question anyway; the
   * server starts at once, so that what waited while it was down runs. Idempotent.
   */
  startWorkers(): Promise<void>;
  /** Stops the workers (running answers finish, or go back to the queue at the timeout), then closes every adapter. */
  close(): Promise<void>;
}

/** The per-caller applications and the queue their posted questions wait in. */
interface UserApplications {
  forUser(userId: string): UserApplication;
  startWorkers(): Promise<void>;
  /** Stops the job queue if it was opened. */
  stopWorkers(): Promise<void>;
}

/** How long before a stop's grace runs out the answers still running are interrupted: time to record how they ended. */
const INTERRUPT_MARGIN_MS = 750;

/** Users whose services are kept built: more active users than this are simply built again more often. */
const CACHED_USER_APPLICATIONS = 1_000;

/** The local mode's one implicit user (DESIGN §2): no login, and its rows are owned by this id. */
export const LOCAL_USER_ID = "local";

/** Options a host adds to the configuration: how it wants to hear warnings. */
export type DeploymentOptions = Partial<AdapterOptions>;

/**
 * Opens a deployment: validates the configuration, loads the adapter modules, opens the adapters the use cases need
 * (the database and its migrations first) and binds the per-caller application factory. Whatever opened before a
 * failure is closed again, so a refused start leaves no lock behind.
 */
export async function openDeployment(input: AizoomdocConfigurationInput, options: DeploymentOptions = {}): Promise<Deployment> {
  const configuration = parseConfiguration(input);
  const container = new Container({ defaultScope: "Singleton" });
  try {
    await container.load(
      ...adapterModules(configuration, {
        warn: options.warn ?? ((message) => console.warn(message)),
        ...(options.singleUser ? { singleUser: true } : {}),
        ...(options.warmParser === false ? { warmParser: false } : {}),
      }),
      applicationModule(configuration),
    );
    const { forUser, startWorkers, stopWorkers } = await container.getAsync<UserApplications>(UserApplicationFactory);
    const admin = await container.getAsync<UserAdminService>(UserAdminServiceToken);
    const signIn = await container.getAsync<SignInService>(SignInServiceToken);
    const followers = await container.getAsync<FollowerPresence>(FollowerPresence);
    return {
      configuration,
      forUser,
      followers,
      startWorkers,
      admin,
      signIn,
      localSecret: (name) => loadOrCreateSecretKey(configuration.dataDir, `${name}.key`),
      close: async () => {
        // running answers finish (or go back to the queue at the timeout) while their stores are still open
        await stopWorkers();
        await container.unbindAllAsync();
      },
    };
  } catch (error) {
    await container.unbindAllAsync().catch(() => undefined);
    throw error;
  }
}

/** The application of the local user over a deployment of its own; `close()` closes the deployment. */
export async function openLocalApplication(input: AizoomdocConfigurationInput, options: DeploymentOptions = {}): Promise<AizoomdocApi> {
  const deployment = await openDeployment(input, { singleUser: true, ...options });
  return { ...deployment.forUser(LOCAL_USER_ID), close: () => deployment.close() };
}

/** The port (or composition) token each shared adapter is injected from; optional ones may be unbound. */
const SHARED_ADAPTERS: { [K in keyof SharedAdapters]-?: symbol | { serviceIdentifier: symbol; optional: true } } = {
  store: DocumentStore,
  blobs: BlobStorage,
  parser: DocumentParser,
  renderer: PageRenderer,
  cache: RenderCache,
  html: OcrHtmlReader,
  model: LanguageModel,
  prompts: PromptLibrary,
  recognizer: TextRecognizer,
  users: UserStore,
  roles: RolePromptStore,
  index: BlockIndex,
  search: BlockSearch,
  chats: ChatStore,
  images: EvidenceImageStore,
  events: StreamEventStore,
  runSignals: RunEventSignals,
  files: FileStore,
  secrets: SecretBoxSource,
  userServerModels: { serviceIdentifier: UserServerModels, optional: true },
  dialogLog: { serviceIdentifier: DialogLog, optional: true },
  projectCatalog: { serviceIdentifier: ProjectCatalogSource, optional: true },
  projectsSource: { serviceIdentifier: ProjectsSourceStorage, optional: true },
};

/** Binds the per-caller application factory over the shared adapters (plain factories: core has no decorators). */
function applicationModule(configuration: AizoomdocConfiguration): ContainerModule {
  const { provider, userBaseUrls } = configuration.model;
  const policy: ModelPolicy = { provider, deploymentKey: hasDeploymentModel(configuration.model), ...(userBaseUrls ? { userBaseUrls } : {}) };
  const names = Object.keys(SHARED_ADAPTERS);
  return new ContainerModule(({ bind }) => {
    // the catalog connects on its first call, never at start
    if (configuration.projects) bind<() => Promise<ProjectCatalog>>(ProjectCatalogSource).toFactory((context) => () => context.getAsync<ProjectCatalog>(ProjectCatalog));
    bind<SharedAdapters>(SharedAdaptersToken)
      .toResolvedValue(
        (...adapters: unknown[]) => {
          const shared = Object.fromEntries(names.map((name, i) => [name, adapters[i]]).filter(([, adapter]) => adapter !== undefined)) as unknown as SharedAdapters;
          const chatListChanges = adapters[names.length] as ChatListChanges;
          return { ...shared, chats: new CachingChatStore(shared.chats, chatListChanges), events: new SignalingStreamEventStore(shared.events, shared.runSignals) };
        },
        [...Object.values(SHARED_ADAPTERS), ChatListChanges],
      )
      .inSingletonScope();
    bind<() => Promise<JobQueue>>(JobQueueSource).toFactory((context) => () => context.getAsync<JobQueue>(JobQueue));
    bind<UserApplications>(UserApplicationFactory)
      .toResolvedValue((adapters: SharedAdapters, openQueue: () => Promise<JobQueue>): UserApplications => {
        // the queue (pg-boss) opens on first use, so commands that post nothing never start it
        let opened: Promise<JobQueue> | undefined;
        let working = false;
        const jobs = () => (opened ??= openQueue());
        // each posted question runs as its owner, through that owner's own services
        const worker = answerJobHandler((job, signal) => servicesOf(job.ownerId).answerPosted(job, signal));
        const startWorkers = async () => {
          const queue = await jobs();
          if (working) return;
          working = true;
          queue.work(ANSWER_JOB, worker.handler);
          queue.work(INGEST_JOB, ingestionJobHandler((job, signal) => servicesOf(job.ownerId).ingestUploaded(job, signal)));
          queue.work(DELETE_CHAT_JOB, chatDeletionJobHandler((job) => servicesOf(job.ownerId).purgeDeletedChat(job)));
        };
        const answers = new JobAnswerQueue(async () => {
          await startWorkers();
          return jobs();
        }, configuration.answers.concurrency);
        const ingestions = new JobIngestionQueue(async () => {
          await startWorkers();
          return jobs();
        });
        const deletions = new JobChatDeletionQueue(async () => {
          await startWorkers();
          return jobs();
        });
        // a user's services hold nothing but the user's id and the shared adapters, so they are built once and reused:
        // building a dozen services on every request was a tenth of a signed-in route's time (bench/server.bench.ts)
        const built = new LRUCache<string, UserServices>({ max: CACHED_USER_APPLICATIONS });
        const servicesOf = (userId: string): UserServices => {
          let services = built.get(userId);
          if (!services) built.set(userId, (services = createUserApplication(adapters, policy, userId, { answers, ingestions, deletions })));
          return services;
        };
        return {
          forUser: (userId) => servicesOf(userId).application,
          startWorkers,
          stopWorkers: async () => {
            if (!opened) return;
            // just before the queue's grace runs out, answers still running end cleanly (JOB.INTERRUPTED) while
            // their stores are open
            const grace = configuration.answers.shutdownGraceSeconds * 1_000;
            const interrupt = setTimeout(() => worker.interrupt(), Math.max(0, grace - INTERRUPT_MARGIN_MS));
            await (await opened).stop().finally(() => clearTimeout(interrupt));
          },
        };
      }, [SharedAdaptersToken, JobQueueSource])
      .inSingletonScope();
    // deployment-wide, not per caller: they act on the users table itself
    bind(UserAdminServiceToken).toResolvedValue((users: UserStore) => new UserAdminService({ users }), [UserStore]);
    bind(SignInServiceToken).toResolvedValue((users: UserStore) => new SignInService({ users }), [UserStore]);
  });
}
