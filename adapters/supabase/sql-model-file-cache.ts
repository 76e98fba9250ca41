import type { CachedModelFile, ModelFileCache } from "../../core/ports/model-file-cache.js";
import type { SqlDriver } from "./sql-driver.js";

/** `ModelFileCache` in the `model_file_cache` table, which every instance on the database reads. */
export class SqlModelFileCache implements ModelFileCache {
  constructor(private readonly db: SqlDriver) {}

  async get(key: string): Promise<CachedModelFile | undefined> {
    const [row] = await this.db.query<{ uri: string; mime_type: string }>("select uri, mime_type from model_file_cache where key = $1 and expires_at > now()", [key]);
    return row ? { uri: row.uri, mimeType: row.mime_type } : undefined;
  }

  async put(key: string, file: CachedModelFile, expiresAt: Date): Promise<void> {
    await this.db.query(
      `insert into model_file_cache (key, uri, mime_type, expires_at) values ($1, $2, $3, $4::timestamptz)
       on conflict (key) do update set uri = excluded.uri, mime_type = excluded.mime_type, expires_at = excluded.expires_at`,
      [key, file.uri, file.mimeType, expiresAt.toISOString()],
    );
    // uploads are rare (images past the inline limit): the table is swept of what the provider deleted as they come
    await this.db.query("delete from model_file_cache where expires_at <= now()");
  }
}
