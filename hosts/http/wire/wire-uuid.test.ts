import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { wireUuid } from "./wire-uuid.js";
import { wireTime } from "./wire-primitives.js";
import { roleWireId } from "./wire-role.js";

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

describe("the wire ids without node:crypto", () => {
  it("are the ids node:crypto's hashes gave, so ids clients stored stay valid", () => {
    const name = "img-0123456789abcdef01234567";
    const namespace = Buffer.from("5b2f0d7e4c1a4e0f9a3d6c8b2e7f1a40", "hex");
    const digest = createHash("sha1").update(namespace).update(name, "utf8").digest();
    expect(wireUuid(name).replaceAll("-", "").slice(20)).toBe(digest.subarray(10, 16).toString("hex"));
    for (const role of ["Инженер-конструктор", "default", "ОВ"]) expect(roleWireId(role)).toBe(createHash("sha256").update(role, "utf8").digest().readUIntBE(0, 6) + 1);
  });
});
