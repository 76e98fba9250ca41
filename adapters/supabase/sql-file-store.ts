import { notFound } from "../../core/domain/errors.js";
import { listLimit, parseNewFile } from "../../core/domain/stored-file.js";
import { FILE_LIST_LIMIT, type FileSourceType, type FileStore, type NewFile, type StoredFile } from "../../core/ports/file-store.js";
import type { SqlDriver } from "./sql-driver.js";

interface FileRow {
  id: string;
  user_id: string;
  source_type: FileSourceType;
  storage_path: string | null;
  external_url: string | null;
  filename: string | null;
  mime_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  created_at: Date;
}

const FILE_COLUMNS = "id, user_id, source_type, storage_path, external_url, filename, mime_type, size_bytes, sha256, created_at";

/** `FileStore` over the reference's `storage_files` table (`storage_path` holds the blob key). */
export class SqlFileStore implements FileStore {
  constructor(private readonly db: SqlDriver) {}

  async addFile(ownerId: string, file: NewFile): Promise<StoredFile> {
    const f = parseNewFile(file);
    // a racing upload of the same bytes may have added it first: then the file is that one (migrations/0010_upload_sha256_unique.sql)
    const [row] = await this.db.query<FileRow>(
      `insert into storage_files (user_id, source_type, storage_path, external_url, filename, mime_type, size_bytes, sha256)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (user_id, sha256) where source_type = 'user_upload' and sha256 is not null do nothing
       returning ${FILE_COLUMNS}`,
      [ownerId, f.sourceType, f.storageKey ?? null, f.externalUrl ?? null, f.filename ?? null, f.mimeType ?? null, f.sizeBytes ?? null, f.sha256 ?? null],
    );
    if (row) return toFile(row);
    const [earlier] = await this.db.query<FileRow>(
      `select ${FILE_COLUMNS} from storage_files where user_id = $1 and sha256 = $2 and source_type = 'user_upload'`,
      [ownerId, f.sha256!],
    );
    return toFile(earlier!);
  }

  async getFile(ownerId: string, fileId: string): Promise<StoredFile> {
    const [row] = await this.db.query<FileRow>(`select ${FILE_COLUMNS} from storage_files where id = $1 and user_id = $2`, [fileId, ownerId]);
    if (!row) throw notFound("STORAGE.NOT_FOUND", `file ${fileId}`);
    return toFile(row);
  }

  async findFileBySha256(ownerId: string, sha256: string): Promise<StoredFile | undefined> {
    const [row] = await this.db.query<FileRow>(
      `select ${FILE_COLUMNS} from storage_files where user_id = $1 and sha256 = $2 order by created_at, id collate "C" limit 1`,
      [ownerId, sha256],
    );
    return row && toFile(row);
  }

  async listFiles(ownerId: string, filter: { sourceType?: FileSourceType; limit?: number } = {}): Promise<StoredFile[]> {
    const limit = listLimit(filter.limit, FILE_LIST_LIMIT.max, FILE_LIST_LIMIT.default);
    const rows = await this.db.query<FileRow>(
      `select ${FILE_COLUMNS} from storage_files where user_id = $1 and ($2::text is null or source_type = $2)
       order by created_at desc, id collate "C" limit $3`,
      [ownerId, filter.sourceType ?? null, limit],
    );
    return rows.map(toFile);
  }

  async deleteFile(ownerId: string, fileId: string): Promise<StoredFile> {
    const [row] = await this.db.query<FileRow>(`delete from storage_files where id = $1 and user_id = $2 returning ${FILE_COLUMNS}`, [fileId, ownerId]);
    if (!row) throw notFound("STORAGE.NOT_FOUND", `file ${fileId}`);
    return toFile(row);
  }
}

function toFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    ownerId: row.user_id,
    sourceType: row.source_type,
    ...(row.storage_path !== null ? { storageKey: row.storage_path } : {}),
    ...(row.external_url !== null ? { externalUrl: row.external_url } : {}),
    ...(row.filename !== null ? { filename: row.filename } : {}),
    ...(row.mime_type !== null ? { mimeType: row.mime_type } : {}),
    ...(row.size_bytes !== null ? { sizeBytes: row.size_bytes } : {}),
    ...(row.sha256 !== null ? { sha256: row.sha256 } : {}),
    createdAt: row.created_at.toISOString(),
  };
}
