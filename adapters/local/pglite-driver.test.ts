import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryLock } from "./directory-lock.js";
import { PgliteDriver } from "./pglite-driver.js";
import { migratedTemplate } from "./testing/pglite-template.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "aizoomdoc-pglite-driver-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const lockOf = (pid: number) => JSON.stringify({ pid, host: hostname() });

/** A process that is certainly alive for the test's duration, and one that certainly is not. */
async function otherProcesses(): Promise<{ alive: number; dead: number; stop: () => void }> {
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  const quick = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => quick.once("exit", resolve));
  return { alive: sleeper.pid!, dead: quick.pid!, stop: () => sleeper.kill() };
}

describe("DirectoryLock", () => {
  it("refuses a second holder in the same process until released", async () => {
    const file = join(root, "same.lock");
    const lock = await DirectoryLock.acquire(file, "/data/db");
    await expect(DirectoryLock.acquire(file, "/data/db")).rejects.toMatchObject({
      code: "STORAGE.LOCKED",
      message: `database /data/db is in use by another aizoomdoc process (pid ${process.pid})`,
    });
    await lock.release();
    await (await DirectoryLock.acquire(file, "/data/db")).release();
  });

  it("names a live holder's pid and takes over a lock whose process has ended", async () => {
    const { alive, dead, stop } = await otherProcesses();
    try {
      const file = join(root, "other.lock");
      await writeFile(file, lockOf(alive));
      await expect(DirectoryLock.acquire(file, "/data/db")).rejects.toMatchObject({ code: "STORAGE.LOCKED", message: expect.stringContaining(`(pid ${alive})`) });
      await writeFile(file, lockOf(dead));
      const lock = await DirectoryLock.acquire(file, "/data/db");
      await lock.release();
    } finally {
      stop();
    }
  });

  it("treats a fresh unreadable lock file as held (its writer may still be writing it)", async () => {
    const file = join(root, "partial.lock");
    await writeFile(file, "");
    await expect(DirectoryLock.acquire(file, "/data/db")).rejects.toMatchObject({ code: "STORAGE.LOCKED" });
  });
});

describe("PgliteDriver on a data directory", () => {
  it("keeps data across reopen, holds the directory while open and releases it on close", async () => {
    const dataDir = join(root, "db");
    const first = await PgliteDriver.open({ dataDir, loadDataDir: await migratedTemplate() });
    await first.query("insert into users (username, username_key) values ($1, $2)", ["анна", "анна"]);
    await expect(PgliteDriver.open({ dataDir })).rejects.toMatchObject({ code: "STORAGE.LOCKED", message: expect.stringContaining(dataDir) });
    await first.close();
    await first.close();
    const second = await PgliteDriver.open({ dataDir });
    expect(await second.query("select username from users")).toEqual([{ username: "анна" }]);
    await second.close();
  });

  it("reports a corrupted directory as STORAGE.CORRUPTED naming it, and does not keep it locked", async () => {
    const dataDir = join(root, "broken");
    await (await PgliteDriver.open({ dataDir, loadDataDir: await migratedTemplate() })).close();
    await writeFile(join(dataDir, "PG_VERSION"), "not a version\n");
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(PgliteDriver.open({ dataDir })).rejects.toMatchObject({ code: "STORAGE.CORRUPTED", message: expect.stringContaining(dataDir) });
    }
  });
});
