import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeRenderCacheContract, fakeImage } from "../../core/ports/testing/render-cache.contract.js";
import { DiskRenderCache } from "./disk-render-cache.js";

const freshDir = () => mkdtempSync(join(tmpdir(), "aizoomdoc-render-cache-"));

describeRenderCacheContract(
  "DiskRenderCache",
  async (limits) => {
    const dir = freshDir();
    const open = () => DiskRenderCache.open({ dir, maxBytes: limits.maxBytes, ttlMs: limits.ttlMs }, limits.now);
    return { cache: await open(), reopen: open };
  },
  { persistent: true },
);

describe("DiskRenderCache files", () => {
  it("removes temporary files a crashed writer left and ignores unrelated or corrupt files", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "abc.render.123.deadbeef.tmp"), "partial");
    writeFileSync(join(dir, "0000.render"), "not an entry");
    writeFileSync(join(dir, "notes.txt"), "kept");
    const cache = await DiskRenderCache.open({ dir });
    expect(readdirSync(dir).sort()).toEqual(["notes.txt"]);
    await cache.set("k", fakeImage(10));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("sees an entry another instance wrote into the same folder", async () => {
    const dir = freshDir();
    const first = await DiskRenderCache.open({ dir });
    const second = await DiskRenderCache.open({ dir });
    await first.set("shared", fakeImage(42, 6));
    expect((await second.get("shared"))?.width).toBe(42);
    expect(await second.size()).toBe(42);
  });
});
