/** Where a file came from (the reference's `storage_files.source_type` values plus ours). */
export type FileSourceType = "user_upload" | "chat_render" | "document_source" | "google_file_api" | "projects_crop";

export interface StoredFile {
  id: string;
  ownerId: string;
  sourceType: FileSourceType;
  /** Blob key of the bytes (blob storage), when we hold them. */
  storageKey?: string;
  /** URL of the bytes elsewhere (e.g. a Gemini file URI). */
  externalUrl?: string;
  /** As the user named it (display only; never used as a path). */
  filename?: string;
  mimeType?: string;
  sizeBytes?: number;
  /** sha256 hex of the bytes: finds an earlier upload of the same content. */
  sha256?: string;
  createdAt: string;
}

export type NewFile = Omit<StoredFile, "id" | "ownerId" | "createdAt">;

export const FileStore = Symbol.for("aizoomdoc.FileStore");

/**
 * Records of files (the bytes live in blob storage), scoped to an owner.
 *
 * Contract: another owner's file is `STORAGE.NOT_FOUND`; `deleteFile` returns the removed record so the caller
 * can delete its blob; `listFiles` is newest first (1..500, default 100); invalid records are
 * `VALIDATION.INVALID_INPUT`. A `user_upload` with the sha256 of one the owner already has is that file: `addFile`
 * returns the earlier record unchanged, also when two adds race (the caller compares `storageKey` to know).
 */
export interface FileStore {
  addFile(ownerId: string, file: NewFile): Promise<StoredFile>;
  getFile(ownerId: string, fileId: string): Promise<StoredFile>;
  findFileBySha256(ownerId: string, sha256: string): Promise<StoredFile | undefined>;
  listFiles(ownerId: string, filter?: { sourceType?: FileSourceType; limit?: number }): Promise<StoredFile[]>;
  deleteFile(ownerId: string, fileId: string): Promise<StoredFile>;
}

export const FILE_LIST_LIMIT = { default: 100, max: 500 } as const;
