import { describe, expect, it } from "vitest";
import { BLOCK_ID, BlockIdAllocator, stableBlockId } from "./block.js";

describe("block ids", () => {
  it("are XXXX-XXXX-XXX and stable for the same input", () => {
    const id = stableBlockId(["doc", 1, "TEXT", "Спецификация"]);
    expect(id).toMatch(BLOCK_ID);
    expect(stableBlockId(["doc", 1, "TEXT", "Спецификация"])).toBe(id);
    expect(stableBlockId(["doc", 2, "TEXT", "Спецификация"])).not.toBe(id);
  });

  it("stay unique inside a document when the same anchor repeats", () => {
    const ids = new BlockIdAllocator("v1");
    const a = ids.next(1, "TEXT", "1");
    const b = ids.next(1, "TEXT", "1");
    expect(a).not.toBe(b);
    const again = new BlockIdAllocator("v1");
    expect([again.next(1, "TEXT", "1"), again.next(1, "TEXT", "1")]).toEqual([a, b]);
  });
});
