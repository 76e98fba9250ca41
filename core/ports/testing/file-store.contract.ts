import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FileStore } from "../file-store.js";
import { errorCodeOf } from "./domain-error-of.js";

const owner = () => `owner-${randomUUID().slice(0, 8)}`;
const pause = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** The FileStore contract, run against every adapter and the in-memory fake (stores may share one database). */
export function describeFileStoreContract(name: string, make: () => Promise<FileStore>) {
  describe(`FileStore contract: ${name}`, () => {
    it("adds, reads, finds by content hash and lists newest first", async () => {
      const store = await make();
      const me = owner();
      const pdf = await store.addFile(me, { sourceType: "user_upload", storageKey: "uploads/a.pdf", filename: "План 2 этажа.pdf", mimeType: "application/pdf", sizeBytes: 1_234_567, sha256: sha("a") });
      expect(pdf).toMatchObject({ ownerId: me, sourceType: "user_upload", storageKey: "uploads/a.pdf", filename: "План 2 этажа.pdf", sizeBytes: 1_234_567 });
      await pause();
      const remote = await store.addFile(me, { sourceType: "google_file_api", externalUrl: "https://example.invalid/files/abc" });
      expect(await store.getFile(me, pdf.id)).toEqual(pdf);
      expect(await store.findFileBySha256(me, sha("a"))).toEqual(pdf);
      expect(await store.findFileBySha256(me, sha("b"))).toBeUndefined();
      expect(await store.listFiles(me)).toEqual([remote, pdf]);
      expect(await store.listFiles(me, { sourceType: "user_upload" })).toEqual([pdf]);
      expect(await store.listFiles(me, { limit: 1 })).toEqual([remote]);
    });

    it("scopes files to their owner and deletes them, returning the record", async () => {
      const store = await make();
      const me = owner();
      const other = owner();
      const file = await store.addFile(me, { sourceType: "chat_render", storageKey: "evidence/x.png", sha256: sha("x") });
      expect(await errorCodeOf(store.getFile(other, file.id))).toBe("STORAGE.NOT_FOUND");
      expect(await errorCodeOf(store.deleteFile(other, file.id))).toBe("STORAGE.NOT_FOUND");
      expect(await store.findFileBySha256(other, sha("x"))).toBeUndefined();
      expect(await store.listFiles(other)).toEqual([]);
      expect(await store.deleteFile(me, file.id)).toEqual(file);
      expect(await errorCodeOf(store.getFile(me, file.id))).toBe("STORAGE.NOT_FOUND");
      expect(await errorCodeOf(store.deleteFile(me, file.id))).toBe("STORAGE.NOT_FOUND");
    });

    it("keeps one upload per content hash and owner, also when two adds of the same bytes race", async () => {
      const store = await make();
      const me = owner();
      const other = owner();
      const upload = (key: string) => ({ sourceType: "user_upload" as const, storageKey: key, filename: `${key}.pdf`, sha256: sha("same") });
      const [first, second] = await Promise.all([store.addFile(me, upload("one")), store.addFile(me, upload("two"))]);
      expect(second).toEqual(first);
      expect(await store.listFiles(me)).toEqual([first]);
      // the same bytes of another owner, or rendered evidence of the same hash, are files of their own
      expect((await store.addFile(other, upload("three"))).id).not.toBe(first.id);
      const render = await store.addFile(me, { sourceType: "chat_render", storageKey: "evidence/same.png", sha256: sha("same") });
      expect(render.id).not.toBe(first.id);
      // once the upload is deleted, the bytes can be uploaded again
      await store.deleteFile(me, first.id);
      expect((await store.addFile(me, upload("four"))).storageKey).toBe("four");
    });

    it("refuses invalid records", async () => {
      const store = await make();
      const me = owner();
      for (const bad of [
        { sourceType: "user_upload" },
        { sourceType: "upload", storageKey: "k" },
        { sourceType: "user_upload", storageKey: "k", sizeBytes: -1 },
        { sourceType: "user_upload", storageKey: "k", sha256: "xyz" },
      ]) {
        expect(await errorCodeOf(store.addFile(me, bad as never))).toBe("VALIDATION.INVALID_INPUT");
      }
      expect(await errorCodeOf(store.listFiles(me, { limit: 0 }))).toBe("VALIDATION.INVALID_INPUT");
      expect(await store.listFiles(me)).toEqual([]);
    });
  });
}
