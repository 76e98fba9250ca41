import { describe, expect, it } from "vitest";
import { z } from "zod";
import { wireUuid } from "./wire-uuid.js";
import { wireTime } from "./wire-primitives.js";

describe("wireUuid", () => {
  it("is an RFC 9562 version-5 UUID, the same for the same id and different for another", () => {
    const id = wireUuid("img-0123456789abcdef01234567");
    expect(z.uuid({ version: "v5" }).safeParse(id).success).toBe(true);
    expect(wireUuid("img-0123456789abcdef01234567")).toBe(id);
    expect(wireUuid("img-0123456789abcdef01234568")).not.toBe(id);
  });
});

describe("wireTime", () => {
  it("writes store timestamps as ISO 8601 UTC and leaves what it cannot read alone", () => {
    expect(wireTime("2026-01-10 08:00:00+03")).toBe("2026-01-10T05:00:00.000Z");
    expect(wireTime("2026-01-10T08:00:00Z")).toBe("2026-01-10T08:00:00.000Z");
    expect(wireTime("not a time")).toBe("not a time");
  });
});
