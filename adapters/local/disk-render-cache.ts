import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RenderedImage } from "../../core/ports/page-renderer.js";
import type { RenderCache } from "../../core/ports/render-cache.js";
import { DiskRenderCacheConfig } from "./disk-render-cache.config.js";

interface Header {
  key: string;
  mimeType: RenderedImage["mimeType"];
  width: number;
  height: number;
  dpi: number;
  capped: boolean;
  margin?: number;
  createdAt: number;
}

interface IndexEntry {
  size: number;
  createdAt: number;
}

const SUFFIX = ".render";
/** Entry file: 4-byte big-endian header length, the JSON header, then the encoded image. */
const LENGTH_BYTES = 4;

/**
 * RenderCache on the local disk. Each entry is one file (header + image) written to a temporary name and renamed,
 * so readers (in this or another process) see a whole entry or none. The in-memory index (LRU order, sizes,
 * creation times) is rebuilt from the files on open, ordered by their modification time, which a read refreshes.
 */
export class DiskRenderCache implements RenderCache {
  /** Map order is the LRU order: least recently used first. Keyed by file name. */
  private readonly index = new Map<string, IndexEntry>();
  private readonly inFlight = new Map<string, Promise<RenderedImage>>();
  private total = 0;

  private constructor(
    private readonly config: DiskRenderCacheConfig,
    private readonly now: () => number,
  ) {}

  static async open(config: Partial<DiskRenderCacheConfig> & { dir: string }, now: () => number = Date.now): Promise<DiskRenderCache> {
    const cache = new DiskRenderCache(DiskRenderCacheConfig.parse(config), now);
    await cache.rebuildIndex();
    return cache;
  }

  async get(key: string): Promise<RenderedImage | undefined> {
    const name = fileName(key);
    const read = await this.read(name);
    if (!read || read.header.key !== key) return undefined;
    if (this.expired(read.header.createdAt)) {
      await this.remove(name);
      return undefined;
    }
    this.track(name, { size: read.image.bytes.byteLength, createdAt: read.header.createdAt });
    const seconds = this.now() / 1000;
    await utimes(this.path(name), seconds, seconds).catch(() => undefined); // removed meanwhile: still a valid read
    return read.image;
  }

  async set(key: string, image: RenderedImage): Promise<void> {
    const name = fileName(key);
    if (image.bytes.byteLength > this.config.maxBytes) {
      await this.remove(name);
      return;
    }
    const createdAt = this.now();
    const header: Header = {
      key,
      mimeType: image.mimeType,
      width: image.width,
      height: image.height,
      dpi: image.dpi,
      capped: image.capped,
      ...(image.margin ? { margin: image.margin } : {}),
      createdAt,
    };
    const json = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(json.length);
    const temporary = this.path(`${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temporary, Buffer.concat([length, json, image.bytes]));
      const seconds = createdAt / 1000;
      await utimes(temporary, seconds, seconds);
      await rename(temporary, this.path(name));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.track(name, { size: image.bytes.byteLength, createdAt });
    await this.evict();
  }

  async getOrSet(key: string, produce: () => Promise<RenderedImage>): Promise<{ image: RenderedImage; hit: boolean }> {
    const cached = await this.get(key);
    if (cached) return { image: cached, hit: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = produce().then(async (image) => {
        await this.set(key, image);
        return image;
      });
      this.inFlight.set(key, pending);
      const done = () => this.inFlight.delete(key);
      pending.then(done, done);
    }
    const image = await pending;
    return { image: { ...image, bytes: image.bytes.slice() }, hit: false };
  }

  async delete(key: string): Promise<void> {
    await this.remove(fileName(key));
  }

  async size(): Promise<number> {
    return this.total;
  }

  private async rebuildIndex(): Promise<void> {
    await mkdir(this.config.dir, { recursive: true });
    const found: Array<{ name: string; entry: IndexEntry; touched: number }> = [];
    for (const name of await readdir(this.config.dir)) {
      const path = this.path(name);
      if (name.endsWith(".tmp")) {
        await rm(path, { force: true }); // left by a process that died mid-write
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const header = await readHeader(path).catch(() => undefined);
      const info = await stat(path).catch(() => undefined);
      if (!header || !info || this.expired(header.createdAt)) {
        await rm(path, { force: true });
        continue;
      }
      found.push({ name, entry: { size: info.size - header.offset, createdAt: header.createdAt }, touched: info.mtimeMs });
    }
    found.sort((a, b) => a.touched - b.touched);
    for (const { name, entry } of found) this.track(name, entry);
    await this.evict();
  }

  /** Read an entry file whole; undefined when it is missing or unreadable (then it is dropped). */
  private async read(name: string): Promise<{ header: Header; image: RenderedImage } | undefined> {
    let data: Buffer;
    try {
      data = await readFile(this.path(name));
    } catch {
      this.untrack(name);
      return undefined;
    }
    try {
      const length = data.readUInt32BE(0);
      const header = JSON.parse(data.subarray(LENGTH_BYTES, LENGTH_BYTES + length).toString("utf8")) as Header;
      const bytes = new Uint8Array(data.buffer, data.byteOffset + LENGTH_BYTES + length, data.byteLength - LENGTH_BYTES - length);
      const { key: _key, createdAt: _createdAt, ...fields } = header;
      return { header, image: { ...fields, bytes } };
    } catch {
      await this.remove(name); // a corrupt entry is a miss, never an error
      return undefined;
    }
  }

  private async evict(): Promise<void> {
    for (const [name] of this.index) {
      if (this.total <= this.config.maxBytes) break;
      await this.remove(name);
    }
  }

  private async remove(name: string): Promise<void> {
    this.untrack(name);
    await rm(this.path(name), { force: true });
  }

  private track(name: string, entry: IndexEntry): void {
    this.untrack(name);
    this.index.set(name, entry);
    this.total += entry.size;
  }

  private untrack(name: string): void {
    const old = this.index.get(name);
    if (!old) return;
    this.index.delete(name);
    this.total -= old.size;
  }

  private expired(createdAt: number): boolean {
    return this.now() - createdAt > this.config.ttlMs;
  }

  private path(name: string): string {
    return join(this.config.dir, name);
  }
}

const fileName = (key: string) => `${createHash("sha256").update(key).digest("hex")}${SUFFIX}`;

async function readHeader(path: string): Promise<Header & { offset: number }> {
  const file = await open(path, "r");
  try {
    const length = Buffer.alloc(LENGTH_BYTES);
    await file.read(length, 0, LENGTH_BYTES, 0);
    const size = length.readUInt32BE(0);
    if (size > 1_000_000) throw new Error("header too large");
    const json = Buffer.alloc(size);
    await file.read(json, 0, size, LENGTH_BYTES);
    return { ...(JSON.parse(json.toString("utf8")) as Header), offset: LENGTH_BYTES + size };
  } finally {
    await file.close();
  }
}
