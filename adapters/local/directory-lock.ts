import { readFile, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { DomainError } from "../../core/domain/errors.js";

interface LockOwner {
  pid: number;
  host: string;
}

/** Lock files this process holds: a second open inside the same process is refused like one from another process. */
const heldHere = new Set<string>();

/** A lock file whose writer died before finishing it is treated as stale after this long. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/**
 * Exclusive use of a directory by one process, through an `O_EXCL` lock file holding the owner's pid.
 * A lock left by a process that no longer runs on this host is taken over; any other holder is reported
 * as `STORAGE.LOCKED` naming the directory and the pid.
 */
export class DirectoryLock {
  private released = false;

  private constructor(readonly lockFile: string) {}

  /** @param what the directory the lock protects, as named in the error message. */
  static async acquire(lockFile: string, what: string): Promise<DirectoryLock> {
    const path = resolve(lockFile);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (heldHere.has(path)) throw locked(what, process.pid);
      try {
        await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname() } satisfies LockOwner), { flag: "wx" });
        heldHere.add(path);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new DomainError("STORAGE.UNAVAILABLE", `cannot lock ${what}: ${(error as Error).message}`, { cause: error });
        }
      }
      const owner = await readOwner(path);
      if (owner === "gone") continue;
      if (owner === "unreadable") {
        if (!(await olderThanGrace(path))) throw locked(what);
      } else if (isAlive(owner)) {
        throw locked(what, owner.pid);
      }
      // Stale: its process has ended (or it was never completed). Two processes may race here; the loser's
      // next O_EXCL create fails and it reports the winner.
      await unlink(path).catch(() => undefined);
    }
    throw locked(what);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.lockFile);
    await unlink(this.lockFile).catch(() => undefined);
  }
}

function locked(what: string, pid?: number): DomainError {
  const by = pid === undefined ? "" : ` (pid ${pid})`;
  return new DomainError("STORAGE.LOCKED", `database ${what} is in use by another aizoomdoc process${by}`, {
    details: { path: what, ...(pid === undefined ? {} : { pid }) },
  });
}

async function readOwner(path: string): Promise<LockOwner | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "gone" : "unreadable";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? { pid: parsed.pid, host: parsed.host } : "unreadable";
  } catch {
    return "unreadable";
  }
}

function isAlive(owner: LockOwner): boolean {
  // a pid from another host cannot be checked: assume it is running
  if (owner.host !== hostname()) return true;
  // our own pid not in heldHere: left behind by an earlier process that had the same pid (e.g. a container restart)
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function olderThanGrace(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return !info || Date.now() - info.mtimeMs > UNREADABLE_LOCK_GRACE_MS;
}
