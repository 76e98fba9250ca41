import { describe, expect, it } from "vitest";
import { DomainError } from "../domain/errors.js";
import { looksLikeBlocksJson, parseBlocksJson } from "./blocks-json.js";

describe("parseBlocksJson", () => {
  it("reads the original index shape (null category and crop fields allowed)", () => {
    const index = parseBlocksJson(
      JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "image", category_code: null, crop_url: "https://x/crops/AAAA-BBBB-001.pdf" }] }),
      "x_blocks.json",
    );
    expect(index.blocks[0]).toMatchObject({ id: "AAAA-BBBB-001", page_index: 0, block_type: "image", crop_url: "https://x/crops/AAAA-BBBB-001.pdf" });
    expect(looksLikeBlocksJson(" {\"blocks\": []}")).toBe(true);
    expect(looksLikeBlocksJson("{\"pages\": []}")).toBe(false);
  });

  it.each([
    ["bad JSON", "{\"blocks\": [", /x_blocks\.json: not valid JSON/],
    ["a missing page_index", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", block_type: "text" }] }), /x_blocks\.json: blocks\.0\.page_index: /],
    ["a negative page_index", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: -1, block_type: "text" }] }), /blocks\.0\.page_index/],
    [
      "a duplicate id",
      JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text" }, { id: "AAAA-BBBB-001", page_index: 1, block_type: "text" }] }),
      /blocks\[1\]: duplicate block id AAAA-BBBB-001/,
    ],
    ["an unknown block type", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "chart" }] }), /unknown block_type "chart"/],
    ["a bbox outside the page", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text", bbox_norm: [0, 0, 1.5, 1] }] }), /bbox_norm \[0,0,1\.5,1\]/],
    ["an invalid source", JSON.stringify({ blocks: [{ id: "AAAA-BBBB-001", page_index: 0, block_type: "text", source: "magic" }] }), /source/],
  ])("rejects %s with one line naming the file", (_, text, reason) => {
    try {
      parseBlocksJson(text, "x_blocks.json");
      expect.unreachable();
    } catch (error) {
      expect(DomainError.isInstance(error) && error.code).toBe("DOCUMENT.INVALID_FILE");
      expect((error as Error).message).toMatch(/^x_blocks\.json: /);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
