import { randomBytes } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rmdir, stat, unlink, type FileHandle } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { DomainError, notFound } from "../../core/domain/errors.js";
import { assertBlobKey, assertBlobPrefix, compareBlobKeys, resolveByteRange } from "../../core/ports/blob-key.js";
import type { BlobHead, BlobStorage, ByteRange } from "../../core/ports/blob-storage.js";
import { contentTypeOfKey } from "./content-type.js";
import { FilesystemBlobStorageConfig } from "./filesystem-blob-storage.config.js";

/** Temp files live next to their target (so `rename` stays on one filesystem) and are hidden from `list`. */
const TEMP_PREFIX = ".aizoomdoc-tmp-";

/**
 * Blob store in a folder: one file per key, the key's segments as folders. Writes go to a temp file in
 * the target's folder, are fsynced and renamed over the target, so readers and crashes never see half a file.
 */
export class FilesystemBlobStorage implements BlobStorage {
  private readonly root: string;
  private rootReady?: Promise<void>;

  constructor(config: FilesystemBlobStorageConfig) {
    this.root = resolve(FilesystemBlobStorageConfig.parse(config).root);
  }

  async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, _options?: { contentType?: string }): Promise<BlobHead> {
    const path = this.pathOf(key);
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    await this.prepareRoot();
    try {
      const handle = await this.createTemp(key, temp);
      try {
        if (body instanceof Uint8Array) await handle.writeFile(body);
        else await writeStream(handle, body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw this.translate(error, key);
    }
    return this.head(key);
  }

  async get(key: string, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
    // Existence and the range are checked now; the file is opened on first read, so a stream the caller
    // drops unread holds no descriptor. Once open, the handle pins that version of the file (a concurrent put
    // renames a new inode over the path), so a reader sees one whole version.
    const { size } = await this.head(key);
    if (range) resolveByteRange(key, size, range);
    return this.read(key, range);
  }

  private async *read(key: string, range: ByteRange | undefined): AsyncIterable<Uint8Array> {
    const handle = await this.openFile(key);
    try {
      const size = (await handle.stat()).size;
      const span = range ? resolveByteRange(key, size, range) : { start: 0, end: size - 1 };
      if (size === 0) return;
      yield* handle.createReadStream({ start: span.start, end: span.end, autoClose: false });
    } finally {
      await handle.close();
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const handle = await this.openFile(key);
    try {
      return new Uint8Array(await readFile(handle));
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<BlobHead> {
    const path = this.pathOf(key);
    const stats = await stat(path, { bigint: true }).catch((error: unknown) => {
      throw this.translate(error, key);
    });
    if (!stats.isFile()) throw notFound("STORAGE.NOT_FOUND", `blob ${key}`);
    return headOf(key, stats);
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      const code = errorCode(error);
      // A missing key, or a key that is only a folder of other keys, holds no object: nothing to delete.
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR" || code === "EPERM") return;
      throw this.translate(error, key);
    }
    await this.pruneEmptyFolders(dirname(path));
  }

  async *list(prefix: string): AsyncIterable<BlobHead> {
    assertBlobPrefix(prefix);
    const folderKey = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const found: Array<{ key: string; stats: BigIntStats }> = [];
    await this.walk(folderKey ? join(this.root, ...folderKey.split("/")) : this.root, folderKey, prefix, found);
    found.sort((a, b) => compareBlobKeys(a.key, b.key));
    for (const { key, stats } of found) yield headOf(key, stats);
  }

  private async walk(folder: string, folderKey: string, prefix: string, found: Array<{ key: string; stats: BigIntStats }>): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return;
      throw this.translate(error, prefix);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const key = folderKey ? `${folderKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Descend only where keys below can still match the prefix.
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await this.walk(join(folder, entry.name), key, prefix, found);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const stats = await stat(join(folder, entry.name), { bigint: true }).catch(() => undefined);
        if (stats) found.push({ key, stats });
      }
    }
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    const segments = key.split("/");
    if (segments.some((s) => s.startsWith(TEMP_PREFIX))) {
      throw new DomainError("STORAGE.INVALID_KEY", `blob key ${JSON.stringify(key)} is invalid: "${TEMP_PREFIX}" names are reserved for temp files`);
    }
    const path = join(this.root, ...segments);
    // assertBlobKey already excludes every escape; this re-check guards the join itself.
    const rel = relative(this.root, path);
    if (rel === "" || rel.startsWith(`..${sep}`) || rel === "..") {
      throw new DomainError("STORAGE.INVALID_KEY", `blob key ${JSON.stringify(key)} resolves outside the blob root`);
    }
    return path;
  }

  private async openFile(key: string): Promise<FileHandle> {
    const handle = await open(this.pathOf(key), "r").catch((error: unknown) => {
      throw this.translate(error, key);
    });
    const isFile = await handle.stat().then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) {
      await handle.close();
      throw notFound("STORAGE.NOT_FOUND", `blob ${key}`);
    }
    return handle;
  }

  /** The root is created on the first write; a root that cannot be made is the store being unavailable. */
  private prepareRoot(): Promise<void> {
    this.rootReady ??= mkdir(this.root, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.rootReady = undefined;
        throw new DomainError("STORAGE.UNAVAILABLE", `blob folder ${this.root} cannot be created: ${(error as Error).message}`, {
          cause: error,
          details: { root: this.root },
        });
      },
    );
    return this.rootReady;
  }

  /** Creates the folder and the temp file; a concurrent delete may prune the fresh folder once, so retry. */
  private async createTemp(key: string, temp: string): Promise<FileHandle> {
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(dirname(temp), { recursive: true });
        return await open(temp, "wx");
      } catch (error) {
        if (errorCode(error) === "EEXIST" || errorCode(error) === "ENOTDIR") throw folderConflict(key);
        if (errorCode(error) !== "ENOENT" || attempt === 3) throw error;
      }
    }
  }

  /** Empty folders left by deletes would otherwise block a later key of the same name and slow down list. */
  private async pruneEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current !== this.root && current.startsWith(this.root + sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone, or a concurrent put is filling it): stop here
      }
      current = dirname(current);
    }
  }

  private translate(error: unknown, key: string): unknown {
    if (DomainError.isInstance(error)) return error;
    switch (errorCode(error)) {
      case "ENOENT":
        return notFound("STORAGE.NOT_FOUND", `blob ${key}`);
      case "ENOTDIR":
      case "EISDIR":
      case "ENOTEMPTY":
      case "EEXIST":
        return folderConflict(key);
      case "ENAMETOOLONG":
        return new DomainError("STORAGE.INVALID_KEY", `blob key ${JSON.stringify(key)} is too long for the filesystem`, { cause: error });
      case "EACCES":
      case "EPERM":
      case "EROFS":
      case "ENOSPC":
      case "EDQUOT":
      case "EIO":
        return new DomainError("STORAGE.UNAVAILABLE", `blob folder ${this.root} cannot be used for ${key}: ${(error as Error).message}`, {
          cause: error,
          details: { root: this.root, key },
        });
      default:
        return error;
    }
  }
}

function folderConflict(key: string): DomainError {
  return new DomainError(
    "STORAGE.INVALID_KEY",
    `blob key ${JSON.stringify(key)} conflicts with existing keys: a filesystem store cannot hold both "a" and "a/…"`,
    { details: { key } },
  );
}

/** Streams arrive in small chunks (64 KiB from sockets and files); gather them so each write is a large one. */
const WRITE_BATCH_BYTES = 1024 * 1024;

async function writeStream(handle: FileHandle, body: AsyncIterable<Uint8Array>): Promise<void> {
  let batch: Uint8Array[] = [];
  let batched = 0;
  for await (const chunk of body) {
    batch.push(chunk);
    batched += chunk.byteLength;
    if (batched >= WRITE_BATCH_BYTES) {
      await writeAll(handle, batch.length === 1 ? batch[0]! : Buffer.concat(batch));
      batch = [];
      batched = 0;
    }
  }
  if (batched > 0) await writeAll(handle, batch.length === 1 ? batch[0]! : Buffer.concat(batch));
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

function headOf(key: string, stats: BigIntStats): BlobHead {
  const contentType = contentTypeOfKey(key);
  return {
    key,
    size: Number(stats.size),
    ...(contentType ? { contentType } : {}),
    // Size plus nanosecond mtime changes with every rename-over, without hashing the file on each head.
    etag: `"${stats.size.toString(16)}-${stats.mtimeNs.toString(16)}"`,
    lastModified: new Date(Number(stats.mtimeMs)),
  };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}
