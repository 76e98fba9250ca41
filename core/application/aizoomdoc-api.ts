import type { Block, BlockKind } from "../domain/block.js";
import type { DocumentRecord } from "../domain/document.js";
import type { EvidenceImage } from "../domain/evidence.js";
import type { StreamEvent } from "../domain/stream-event.js";
import type { SearchHit } from "../ports/block-search.js";
import type { BlockIndexReport } from "../domain/block-index.js";
import type { AgentSettingsInput } from "../agent/agent-settings.js";
import type { ProjectFile, ProjectNode } from "../ports/project-catalog.js";
import type { TreeSyncResult } from "./project-sync-service.js";
import type { PublicSettings, PublicSettingsPatch } from "../domain/user.js";
import type { RolePromptInput } from "../ports/role-prompt-store.js";
import type { Chat, ChatMessage, ComparePair } from "../domain/chat.js";
import type { MessagePage, MessagePageOptions } from "../ports/chat-store.js";
import type { StoredStreamEvent } from "../ports/stream-event-store.js";
import type { PostedMessage, PostMessageRequest } from "./chat-run-service.js";
import type { UploadResult, UploadSource } from "./file-service.js";
import type { FileSourceType, StoredFile } from "../ports/file-store.js";
import type { PageTile, PageTiles } from "./page-tile-service.js";
import type { PromptTemplateSummary } from "../ports/prompt-library.js";

export interface Progress {
  phase: string;
  current: number;
  total: number;
  message?: string;
}

export type ProgressListener = (progress: Progress) => void;

export interface InputFile {
  /** File name as the user gave it (used for format detection and error messages). */
  name: string;
  bytes: Uint8Array;
}

export interface AddDocumentOptions {
  /** OCR pages whose ink carries text the text layer lacks (`auto`), every page, or none. */
  ocr?: "auto" | "always" | "never";
  /** Build the block index of the document's drawings when a model is configured (default true). */
  index?: boolean;
  onProgress?: ProgressListener;
}

export interface RenderSpec {
  documentId: string;
  /** A block id, or omitted with `page` to render a page region. */
  blockId?: string;
  page?: number;
  /** Nested sector path inside the block (or page) region, e.g. `B2.A1`. */
  sector?: string;
  /** Region inside the block (or page) region, 0..1. */
  bbox?: readonly [number, number, number, number];
  dpi?: number;
  /** Frame the image with the sector grid (default: overviews only); TEXT and TABLE blocks never get it. */
  grid?: boolean;
}

export interface AskRequest {
  question: string;
  /** Documents to search; empty = all of the user's documents. */
  documentIds: string[];
  profile?: "simple" | "complex";
  compare?: { a: string[]; b: string[] };
  /** Continue this chat (its earlier turns are given to the model as history); absent = a new chat. */
  chatId?: string;
  /** Per-request overrides of the user's agent settings (role, budgets, temperature…). */
  settings?: AgentSettingsInput;
  signal?: AbortSignal;
}

/** A user's own key for a model provider, and for `openai-compatible` their own server, as the user gives them (both are sealed before they are stored). */
export interface ModelKeyInput {
  /** May be left out with `baseUrl`: a self-hosted server often takes no key. */
  key?: string;
  /** `gemini`, `openai-compatible`…; absent = the provider the deployment runs. */
  provider?: string;
  /**
   * The API root of the user's own OpenAI-compatible server (`http://gpu-box:8000/v1`); their runs answer with it
   * instead of the deployment's. Only where the deployment allows users' servers, and only under its prefixes.
   */
  baseUrl?: string;
}

/** A new chat as the user starts it: everything is optional (the title defaults to «Новый чат»). */
export interface NewChatInput {
  title?: string;
  description?: string;
  /** The documents its questions are about when a question names none. */
  documentIds?: string[];
}

/** A role the user can select: a built-in prompt or one of their own. */
export interface RoleSummary {
  name: string;
  builtIn: boolean;
  isActive: boolean;
  description?: string;
  /** Own roles: 1 on creation, +1 per content change. */
  version?: number;
}

/**
 * A node of the Projects DB tree with its depth below the listing's top (0 = top), listed depth-first; with
 * `includeFiles`, a document node also carries its jobs' `result_md` and `ocr_html` files (the reference's listing).
 */
export type ProjectTreeNode = ProjectNode & { depth: number; files?: ProjectFile[] };

export interface ProjectTreeOptions {
  /** Start below this node; the roots when absent. */
  parentId?: string;
  /** Only nodes of this type (`client`, `project`, `section`, `document`…). */
  nodeType?: string;
  /** The whole subtree instead of one level. */
  all?: boolean;
  /** Attach each document node's result files (`files`). */
  includeFiles?: boolean;
}

/** A document in the reference's files: `<stem>_document.md`, `<stem>_blocks.json` and `crops/<block id>.pdf`. */
export interface DocumentExport {
  /** The document's name without its extension, safe as a file name. */
  stem: string;
  documentMd: string;
  blocksJson: string;
  /** Crop PDFs of imported documents. */
  crops?: Array<{ blockId: string; bytes: Uint8Array }>;
}

/**
 * The application API both CLI modes and the server bind to (DESIGN §2): in local mode the core runs
 * in-process; in remote mode an HTTP client implements the same interface. Every call acts as one user, and sees
 * only that user's documents, chats, images and settings.
 */
export interface AizoomdocApi {
  addDocument(file: InputFile, options?: AddDocumentOptions): Promise<DocumentRecord>;
  importDocument(files: InputFile[], options?: { name?: string }): Promise<DocumentRecord>;
  listDocuments(): Promise<DocumentRecord[]>;
  getDocument(documentId: string): Promise<DocumentRecord>;
  getBlocks(documentId: string, query?: { page?: number; kind?: BlockKind }): Promise<Block[]>;
  exportDocument(documentId: string): Promise<DocumentExport>;
  render(spec: RenderSpec): Promise<{ image: EvidenceImage; bytes: Uint8Array }>;
  /** Encoded bytes of an evidence image rendered earlier (by `render` or by an `ask` run). */
  getEvidenceImage(imageId: string): Promise<{ image: EvidenceImage; bytes: Uint8Array }>;
  /** A page as a Deep Zoom image for a deep-zoom viewer: its full-resolution size, DPI and tiling. */
  pageTiles(documentId: string, page: number): Promise<PageTiles>;
  /** One tile of `pageTiles`'s pyramid (PNG), from the render cache; `REGION.INVALID` for one outside it. */
  pageTile(documentId: string, page: number, level: number, column: number, row: number): Promise<PageTile>;
  search(query: string, options?: { documentIds?: string[]; kinds?: BlockKind[]; pages?: number[]; limit?: number }): Promise<SearchHit[]>;
  ocr(documentId: string, options?: { pages?: number[]; onProgress?: ProgressListener }): Promise<{ pages: number; blocks: number }>;
  /**
   * Builds the block index of a document's drawings with the fast model (DESIGN §5): resumable, skips blocks
   * already indexed for this source version; `LLM.NOT_CONFIGURED` when no model is configured.
   */
  indexDocument(documentId: string, options?: { force?: boolean; onProgress?: ProgressListener; signal?: AbortSignal }): Promise<BlockIndexReport>;
  ask(request: AskRequest): AsyncIterable<StreamEvent>;
  /** A new, empty chat; `ask` with its id asks in it. */
  createChat(input?: NewChatInput): Promise<Chat>;
  /** The user's chats, newest activity first (archived ones left out). */
  listChats(options?: { limit?: number }): Promise<Chat[]>;
  /** A chat with its latest messages, oldest first; `nextBefore` pages to older ones. `CHAT.NOT_FOUND` for a foreign id. */
  getChat(chatId: string): Promise<{ chat: Chat; messages: ChatMessage[]; nextBefore?: number }>;
  renameChat(chatId: string, title: string): Promise<Chat>;
  /** Deletes the chat with its messages, evidence image records and event logs. */
  deleteChat(chatId: string): Promise<void>;
  /** A page of the history, oldest first; pass `nextBefore` back as `before` for the page before it. */
  listMessages(chatId: string, options?: MessagePageOptions): Promise<MessagePage>;
  /** The records of a chat's evidence images (metadata only; the bytes through `getEvidenceImage`). */
  listChatImages(chatId: string): Promise<EvidenceImage[]>;
  /**
   * Posts a question to a chat and returns at once with the stored message and its run: the answer is queued (fairly
   * between users, `QUEUE.FULL` when the queue is) and its events are read with `runEvents`.
   */
  postMessage(chatId: string, request: PostMessageRequest): Promise<PostedMessage>;
  /** The chat's latest run (the answer under way, or the last one). */
  latestRun(chatId: string): Promise<string | undefined>;
  /** Cancels the chat's answer under way or waiting; false when none was (its last run had ended). */
  cancelRun(chatId: string): Promise<boolean>;
  /**
   * Cancels a run named by its id: an answer as `cancelRun` of its chat does (when it is the chat's latest), an
   * upload's ingestion that waits so that it never starts (`answersOnly` leaves ingestions alone). True when it was
   * stopped; `CHAT.NOT_FOUND` for another user's or an unknown run.
   */
  cancelRunById(runId: string, options?: { answersOnly?: boolean }): Promise<boolean>;
  /**
   * Makes the chat's latest question, while its answer waits or runs, a comparison of side `a` with side `b` (a
   * client that names compare mode only when it opens the stream); the run to follow (see ChatRunService).
   */
  compareLatestQuestion(chatId: string, compare: ComparePair): Promise<string | undefined>;
  /** A run's events after `after` (an event id), each once, live until the run ends; resuming is exact. */
  runEvents(runId: string, options?: { after?: number; signal?: AbortSignal }): AsyncIterable<StoredStreamEvent>;
  /**
   * The read-only Projects DB of an existing deployment (DESIGN §3): its tree, a document search by name or code,
   * and a sync that imports a document node's newest OCR result (or, with `tree`, every document below a node) into
   * the user's documents. `PROJECTS.NOT_CONFIGURED` when no Projects DB (or, for a sync, no deployment bucket) is set.
   */
  projectTree(options?: ProjectTreeOptions): Promise<ProjectTreeNode[]>;
  projectSearch(query: string, options?: { limit?: number }): Promise<ProjectNode[]>;
  /**
   * The result files of a document node (`annotation`, `ocr_html`, `result_md`, `result_json`, `crops_folder`), its
   * jobs' newest first, then its own; `VALIDATION.INVALID_INPUT` for a node that is not a document.
   */
  projectDocumentResults(documentNodeId: string): Promise<ProjectFile[]>;
  /** One document node (a failure throws), or with `tree` every document below it (failures are listed, not thrown). */
  projectSync(nodeId: string, options?: { tree?: boolean; onProgress?: ProgressListener }): Promise<TreeSyncResult>;
  /**
   * Stores an uploaded file (its type told by its content; `DOCUMENT.UNSUPPORTED_FORMAT` for a mismatch or an unknown
   * type, `DOCUMENT.INVALID_FILE` for a truncated one) and queues a PDF or an OCR export to become a document: the
   * result names the run to follow with `runEvents`. The same bytes uploaded again are the same file.
   */
  uploadFile(source: UploadSource): Promise<UploadResult>;
  /** The user's files, newest first. */
  listFiles(filter?: { sourceType?: FileSourceType; limit?: number }): Promise<StoredFile[]>;
  /** `STORAGE.NOT_FOUND` for another user's file. */
  getFile(fileId: string): Promise<StoredFile>;
  /** Deletes the record and its bytes (a document made from it stays). */
  deleteFile(fileId: string): Promise<void>;
  /** The user's settings; their model key is never returned, only which provider it is for. */
  getSettings(): Promise<PublicSettings>;
  /** Validates the whole patch (a role must exist) before writing; `null` resets a field. */
  updateSettings(patch: PublicSettingsPatch): Promise<PublicSettings>;
  /**
   * Seals and stores the user's own model key (`null` removes it); their runs use it before the deployment's key
   * when it is for the provider the deployment runs. The provider defaults to that one.
   */
  setModelKey(key: ModelKeyInput | null): Promise<PublicSettings>;
  /** Built-in roles, then the user's own (inactive ones included). */
  listRoles(): Promise<RoleSummary[]>;
  saveRole(role: RolePromptInput): Promise<RoleSummary>;
  deleteRole(name: string): Promise<boolean>;
  /** The system prompt templates the agent runs on, by id and version (their text stays on the server; roles are listed by `listRoles`). */
  listSystemPrompts(): Promise<PromptTemplateSummary[]>;
  /** Releases what this binding holds open (an embedded database and its lock, sockets, workers), in order. */
  close(): Promise<void>;
}

/** The application as one caller of a shared deployment sees it: the same calls, but the deployment owns closing. */
export type UserApplication = Omit<AizoomdocApi, "close">;

/**
 * The part of the application a team's server offers over HTTP (DESIGN §7), with the same signatures, results and
 * `DomainError` codes in both bindings: in-process (`Deployment.forUser`, local mode) and remote (`AizoomdocClient`
 * from `aizoomdoc/client`, over the server's routes). Chats and their history, posting a question and following its
 * run's events (resumable by event id), cancelling it, uploads and file records, settings and roles, and the Projects
 * DB. Left out until the server has a route for them: documents, blocks, rendering, search, evidence image records
 * and bytes, `latestRun` and role editing.
 */
export type TeamApi = Pick<
  UserApplication,
  | "createChat"
  | "listChats"
  | "getChat"
  | "renameChat"
  | "deleteChat"
  | "listMessages"
  | "postMessage"
  | "cancelRun"
  | "runEvents"
  | "uploadFile"
  | "listFiles"
  | "getFile"
  | "deleteFile"
  | "getSettings"
  | "updateSettings"
  | "setModelKey"
  | "listRoles"
  | "projectTree"
  | "projectSearch"
  | "projectDocumentResults"
>;
