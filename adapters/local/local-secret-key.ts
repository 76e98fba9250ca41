import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DomainError } from "../../core/domain/errors.js";

const KEY_BYTES = 32;
export const SECRET_KEY_FILE = "secret.key";

/**
 * The secret that seals stored secrets in local mode: `<dataDir>/secret.key`, 32 random bytes made on first use,
 * readable by the owner only. It is written to a temp file and hard-linked into place, so two processes starting at
 * once agree on one key and nobody ever reads half a file. Servers pass `AIZOOMDOC_SECRET_KEY` instead.
 */
export async function loadOrCreateSecretKey(dataDir: string, fileName = SECRET_KEY_FILE): Promise<Buffer> {
  const path = join(dataDir, fileName);
  const existing = await readKey(path);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: "wx" });
  try {
    await link(temp, path);
  } catch (error) {
    // another process made the key first: use theirs
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw failure(path, error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const key = await readKey(path);
  if (!key) throw failure(path, new Error("the file vanished"));
  return key;
}

async function readKey(path: string): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw failure(path, error);
  }
  if (bytes.length !== KEY_BYTES) {
    throw new DomainError("STORAGE.CORRUPTED", `${path}: a secret key is ${KEY_BYTES} bytes, this file has ${bytes.length} (restore it, or delete it and set your API key again)`);
  }
  return bytes;
}

const failure = (path: string, error: unknown) =>
  new DomainError("STORAGE.UNAVAILABLE", `cannot read or create the secret key ${path}: ${(error as Error).message}`, { cause: error });
