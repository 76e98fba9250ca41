import type { CachedModelFile, ModelFileCache } from "../model-file-cache.js";

/** Verified fake of `ModelFileCache` (passes the same contract suite as the SQL one). */
export class InMemoryModelFileCache implements ModelFileCache {
  private readonly files = new Map<string, { file: CachedModelFile; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<CachedModelFile | undefined> {
    const entry = this.files.get(key);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return { ...entry.file };
  }

  async put(key: string, file: CachedModelFile, expiresAt: Date): Promise<void> {
    this.files.set(key, { file: { ...file }, expiresAt: expiresAt.getTime() });
  }
}
