import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../core/domain/errors.js";
import { SECRET_KEY_FILE, loadOrCreateSecretKey } from "./local-secret-key.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "secret-key-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("loadOrCreateSecretKey", () => {
  it("makes a 32-byte key readable by the owner only, then keeps returning it", async () => {
    const data = join(dir, "nested", "data");
    const first = await loadOrCreateSecretKey(data);
    expect(first).toHaveLength(32);
    expect((await stat(join(data, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecretKey(data)).toEqual(first);
  });

  it("gives processes starting at once the same key", async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecretKey(dir)));
    expect(new Set(keys.map((k) => k.toString("hex"))).size).toBe(1);
  });

  it("refuses a damaged key file instead of replacing it (that would lose every stored secret)", async () => {
    await writeFile(join(dir, SECRET_KEY_FILE), "short");
    const error = await loadOrCreateSecretKey(dir).catch((e: unknown) => e);
    expect(DomainError.isInstance(error) && error.code).toBe("STORAGE.CORRUPTED");
    expect((error as Error).message).toContain(SECRET_KEY_FILE);
  });
});
