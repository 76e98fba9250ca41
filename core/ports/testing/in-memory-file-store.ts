import { randomUUID } from "node:crypto";
import { notFound } from "../../domain/errors.js";
import { listLimit, parseNewFile } from "../../domain/stored-file.js";
import { FILE_LIST_LIMIT, type FileSourceType, type FileStore, type NewFile, type StoredFile } from "../file-store.js";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Verified fake of `FileStore` (passes the same contract suite as the SQL store). */
export class InMemoryFileStore implements FileStore {
  private readonly files = new Map<string, StoredFile>();

  async addFile(ownerId: string, file: NewFile): Promise<StoredFile> {
    const parsed = parseNewFile(file);
    const earlier = parsed.sourceType === "user_upload" && parsed.sha256 ? this.sorted(ownerId, 1).find((f) => f.sourceType === "user_upload" && f.sha256 === parsed.sha256) : undefined;
    if (earlier) return structuredClone(earlier);
    const stored: StoredFile = { ...parsed, id: randomUUID(), ownerId, createdAt: new Date().toISOString() };
    this.files.set(stored.id, stored);
    return structuredClone(stored);
  }

  async getFile(ownerId: string, fileId: string): Promise<StoredFile> {
    const file = this.files.get(fileId);
    if (!file || file.ownerId !== ownerId) throw notFound("STORAGE.NOT_FOUND", `file ${fileId}`);
    return structuredClone(file);
  }

  async findFileBySha256(ownerId: string, sha256: string): Promise<StoredFile | undefined> {
    const [file] = this.sorted(ownerId, 1).filter((f) => f.sha256 === sha256);
    return file && structuredClone(file);
  }

  async listFiles(ownerId: string, filter: { sourceType?: FileSourceType; limit?: number } = {}): Promise<StoredFile[]> {
    const limit = listLimit(filter.limit, FILE_LIST_LIMIT.max, FILE_LIST_LIMIT.default);
    return this.sorted(ownerId, -1)
      .filter((f) => !filter.sourceType || f.sourceType === filter.sourceType)
      .slice(0, limit)
      .map((f) => structuredClone(f));
  }

  async deleteFile(ownerId: string, fileId: string): Promise<StoredFile> {
    const file = await this.getFile(ownerId, fileId);
    this.files.delete(fileId);
    return file;
  }

  /** The owner's files by creation time (1 = oldest first, -1 = newest first), ties by id. */
  private sorted(ownerId: string, direction: 1 | -1): StoredFile[] {
    return [...this.files.values()]
      .filter((f) => f.ownerId === ownerId)
      .sort((a, b) => direction * (Date.parse(a.createdAt) - Date.parse(b.createdAt)) || byCodePoint(a.id, b.id));
  }
}
